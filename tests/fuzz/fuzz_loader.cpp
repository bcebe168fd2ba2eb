// libFuzzer target for the scenario loader and the CSV order reader (`make
// fuzz`). The first byte picks what the rest is: a scenario JSON document
// (its "extends" and CSV names relative to tests/scenarios/bad), or the text
// of a CSV order file replayed by tests/scenarios/base.json. The only
// exception the loader may throw is ScenarioError; a scenario it accepts and
// that is small runs one replication, which must neither throw nor trip the
// sanitizers.
#include "models/engine/simulation.h"
#include "models/engine/world.h"
#include "models/scenario/load.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace fieldsim::models;

const fs::path kBad = fs::path(FIELDSIM_SOURCE_DIR) / "tests" / "scenarios" / "bad";

void run_if_small(const Scenario& scenario) {
    if (expected_orders(scenario) > 500 || scenario.horizon.days > 7 ||
        scenario.horizon.max_drain_days > 30 || scenario.technicians.count > 50 ||
        scenario.network.zones.size() > 100)
        return;
    const World world(scenario);
    Simulation(world, 1, 0, true).run(nullptr);
}

void load_json(const std::string& text) {
    const nlohmann::json doc = parse_json_text(text, "fuzz.json");
    run_if_small(parse_scenario(doc, "fuzz.json", kBad));
}

void load_csv(const std::string& text) {
    // One file per process: libFuzzer's workers run in separate processes.
    static const fs::path dir = [] {
        const fs::path d = fs::temp_directory_path() / ("fieldsim-fuzz-" + std::to_string(getpid()));
        fs::create_directories(d);
        return d;
    }();
    {
        std::ofstream out(dir / "orders.csv", std::ios::binary | std::ios::trunc);
        out << text;
    }
    nlohmann::json doc = {
        {"extends", {(kBad.parent_path() / "base.json").string()}},
        {"orders",
         {{{"csv", "orders.csv"}, {"expected_work_min", {{"install", 80}, {"repair", 45}}}}}}};
    run_if_small(parse_scenario(doc, "fuzz.json", dir));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        if (data[0] == 'C')
            load_csv(text);
        else
            load_json(std::string(reinterpret_cast<const char*>(data), size));
    } catch (const ScenarioError& e) {
        // The loader's one error type; its message must be printable.
        if (first_invalid_utf8(e.what())) std::abort();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "escaped the loader: %s\n", e.what());
        std::abort();
    }
    return 0;
}
