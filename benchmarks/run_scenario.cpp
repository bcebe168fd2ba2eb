// Runs replications of a scenario on one thread and prints what a
// measurement needs: orders, events and seconds, and digests of every output
// and every technician-month row of every replication, so that a change meant
// to leave results as they were can be checked in a second. Under callgrind, the
// difference between two replication counts is the event loop's cost alone
// (benchmarks/instructions.py).
//
//   run_scenario SCENARIO [REPLICATIONS] [SEED]
#include "models/engine/run.h"
#include "models/scenario/load.h"

#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>

namespace {

// FNV-1a over the bits of values: equal digests, equal results.
struct Fnv {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    void mix(std::uint64_t bits) {
        hash ^= bits;
        hash *= 0x100000001b3ULL;
    }
};

// Every output but column `skip`. The "results" digest skips the events
// output, which counts the loop's own work (a change in how events are kept
// may move it alone).
std::uint64_t digest(const Eigen::MatrixXd& values, Eigen::Index skip = -1) {
    Fnv fnv;
    for (Eigen::Index r = 0; r < values.rows(); ++r)
        for (Eigen::Index c = 0; c < values.cols(); ++c)
            if (c != skip) fnv.mix(std::bit_cast<std::uint64_t>(values(r, c)));
    return fnv.hash;
}

// The technician x month rows of every replication.
std::uint64_t digest(const std::vector<fieldsim::models::ReplicationResult>& replications) {
    Fnv fnv;
    for (const auto& replication : replications)
        for (const auto& t : replication.technicians) {
            for (const std::int64_t value :
                 {std::int64_t{t.id}, std::int64_t{t.home_zone}, std::int64_t{t.month},
                  std::int64_t{t.days_worked}, t.evening_on_shift, std::int64_t{t.stopped_daily},
                  std::int64_t{t.stopped_monthly}, std::int64_t{t.jobs},
                  std::int64_t{t.failed_visits}, std::int64_t{t.faulty_visits},
                  std::int64_t{t.declined_jobs}, t.limit_overrun, t.travel, t.work, t.overtime,
                  t.on_shift, t.breaks, std::int64_t{t.evening_days}})
                fnv.mix(static_cast<std::uint64_t>(value));
            fnv.mix(std::bit_cast<std::uint64_t>(t.premium_pay_cny));
            fnv.mix(std::bit_cast<std::uint64_t>(t.overtime_pay_cny));
        }
    return fnv.hash;
}

} // namespace

int main(int argc, char** argv) {
    using namespace fieldsim::models;
    if (argc < 2) {
        std::fprintf(stderr, "usage: run_scenario SCENARIO [REPLICATIONS] [SEED]\n");
        return 2;
    }
    try {
        const Scenario scenario = load_scenario(argv[1]);
        RunOptions options;
        options.replications = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
        options.seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
        options.control.threads = 1;
        const auto start = std::chrono::steady_clock::now();
        const RunResult result = run(scenario, options);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        double orders = 0, events = 0;
        for (Eigen::Index r = 0; r < result.values.rows(); ++r) {
            orders += result.values(r, static_cast<Eigen::Index>(output_index("orders_install"))) +
                      result.values(r, static_cast<Eigen::Index>(output_index("orders_repair")));
            events += result.values(r, static_cast<Eigen::Index>(output_index("events")));
        }
        std::printf(
            "{\"replications\": %zu, \"orders\": %.0f, \"events\": %.0f, \"seconds\": %.6f, "
            "\"digest\": \"%016llx\", \"results\": \"%016llx\", "
            "\"technicians\": \"%016llx\"}\n",
            options.replications, orders, events, took.count(),
            static_cast<unsigned long long>(digest(result.values)),
            static_cast<unsigned long long>(
                digest(result.values, static_cast<Eigen::Index>(output_index("events")))),
            static_cast<unsigned long long>(digest(result.replications)));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "run_scenario: %s\n", e.what());
        return 1;
    }
    return 0;
}
