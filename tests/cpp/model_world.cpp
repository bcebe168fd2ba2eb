#include "models/engine/world.h"
#include "models/scenario/load.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace fieldsim;
using namespace fieldsim::models;
using nlohmann::json;

namespace {

json stream(const char* kind, json work) {
    return json{{"kind", kind}, {"per_day", 10}, {"zones", "uniform"}, {"work_time", work}};
}

} // namespace

TEST_CASE("orders of equal expected work share a dispatch class, whatever their source",
          "[world]") {
    const json lognormal_80 = {{"dist", "lognormal"}, {"mean_min", 80}, {"sd_min", 30}};
    const json exponential_45 = {{"dist", "exponential"}, {"mean_min", 45}};
    // Another shape with the same expectation: the start rule sees only that.
    const json uniform_45 = {{"dist", "uniform"}, {"lo_min", 30}, {"hi_min", 60}};
    const json doc = {
        {"extends", json::array({"refcity/promise.json"})},
        {"name", "classes"},
        {"horizon", {{"days", 1}, {"max_drain_days", 1}}},
        {"network", {{"zones", 1}}},
        {"orders", json::array({stream("install", lognormal_80),
                                stream("repair", exponential_45),
                                stream("repair", uniform_45),
                                stream("install", lognormal_80),
                                {{"scripted", json::array()},
                                 {"expected_work_min", {{"install", 80}, {"repair", 30}}}}})},
        {"technicians",
         {{"count", 1},
          {"home", json::array({0})},
          {"shift", {{"start", "08:00"}, {"end", "18:00"}}}}},
        {"pay", {{"piece_rate_cny", {{"install", 60}, {"repair", 40}}}}}};
    const Scenario scenario =
        parse_scenario(doc, "classes.json", std::string(FIELDSIM_SOURCE_DIR) + "/scenarios");
    const World world(scenario);

    CHECK(world.start_rule().expected_work == std::vector<Time>{80 * 60, 45 * 60, 30 * 60});
    const KindId install = kInstall;
    const KindId repair = kRepair;
    CHECK(world.work_class(0, install) == 0);
    CHECK(world.work_class(1, repair) == 1);
    CHECK(world.work_class(2, repair) == 1);
    CHECK(world.work_class(3, install) == 0);
    CHECK(world.work_class(4, install) == 0); // the scripted source
    CHECK(world.work_class(4, repair) == 2);
}
