// The summary across replications.
#include "models/engine/run.h"

#include "models/city/road_network.h"
#include "models/core/order.h"
#include "models/dispatch/policy.h"
#include "models/engine/footprint.h"
#include "models/scenario/load.h"
#include "sim/event_queue.h"
#include "sim/interrupt.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

using namespace fieldsim::models;
namespace fs = std::filesystem;

TEST_CASE("summary: mean, sd, Student-t interval and spread per output", "[run]") {
    Eigen::MatrixXd values = Eigen::MatrixXd::Zero(4, static_cast<Eigen::Index>(kOutputCount));
    values.col(0) << 10, 12, 14, 16;
    values.col(1) << 0, 0, 0, 10; // rare events: the t-interval reaches below zero
    const auto summary = summarize(values);
    REQUIRE(summary.size() == kOutputCount);
    const double sd = std::sqrt(20.0 / 3.0);
    const double half = 3.182446 * sd / 2.0; // t(0.975, 3) * sd / sqrt(4)
    CHECK(summary[0].mean == Approx(13));
    CHECK(summary[0].sd == Approx(sd));
    CHECK(summary[0].ci95_lo == Approx(13 - half).epsilon(1e-5));
    CHECK(summary[0].ci95_hi == Approx(13 + half).epsilon(1e-5));
    CHECK(summary[0].p50 == Approx(13));
    CHECK(summary[0].p90 == Approx(15.4));
    // No output is ever negative, nor is the low end of its interval.
    CHECK(summary[1].ci95_lo == 0.0);
    CHECK(summary[1].ci95_hi == Approx(2.5 + 3.182446 * 5.0 / 2.0).epsilon(1e-5));
}

TEST_CASE("summary: NaN (an output not defined in a replication) is skipped", "[run]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    Eigen::MatrixXd values = Eigen::MatrixXd::Zero(4, static_cast<Eigen::Index>(kOutputCount));
    values.col(0) << 10, nan, 14,
        nan; // e.g. a lateness quantile: two replications had no late order
    values.col(1) << nan, nan, nan, nan;
    const auto summary = summarize(values);
    CHECK(summary[0].mean == Approx(12));
    CHECK(summary[0].sd == Approx(std::sqrt(8.0)));
    CHECK(summary[0].p50 == Approx(12));
    CHECK(std::isnan(summary[1].mean));
    CHECK(std::isnan(summary[1].ci95_hi));
    CHECK(std::isnan(summary[1].p95));
}

TEST_CASE("summary: the interval of a share stops at 1", "[run]") {
    Eigen::MatrixXd values = Eigen::MatrixXd::Zero(4, static_cast<Eigen::Index>(kOutputCount));
    const auto share = static_cast<Eigen::Index>(Output::waited_share);
    const auto count = static_cast<Eigen::Index>(Output::orders_install);
    values.col(share) << 1.0, 1.0, 1.0, 0.7; // mostly all waited: the t-interval reaches above 1
    values.col(count) << 1.0, 1.0, 1.0, 0.7; // the same numbers as counts: not clipped
    const auto summary = summarize(values);
    CHECK(summary[static_cast<std::size_t>(share)].ci95_hi == 1.0);
    CHECK(summary[static_cast<std::size_t>(count)].ci95_hi > 1.0);
    CHECK(summary[static_cast<std::size_t>(share)].ci95_lo ==
          Approx(summary[static_cast<std::size_t>(count)].ci95_lo));
}

TEST_CASE("a run's footprint: orders, events and bytes worked by hand", "[run][footprint]") {
    // base.json: 2 days of 10 installs and 12 repairs, 6 zones, one group of 4
    // technicians with an evening shift, no weather.
    const Scenario s = load_scenario(fs::path(FIELDSIM_SOURCE_DIR) / "tests/scenarios/base.json");
    const Footprint one = footprint(s, 1, 1, false);
    CHECK(one.orders == 44.0);
    CHECK(one.events == 2 * 44.0 + 2 * (2 + 2)); // shift start and end, evening start and end
    CHECK(one.world_bytes == 6.0 * 6 * sizeof(Time));
    // Two days of orders are fewer than a week's: all may be open at once.
    CHECK(one.working_bytes == 44.0 * 2 * (sizeof(Order) + 2 * sizeof(fieldsim::sim::Event)));
    CHECK(one.order_log_bytes == 0.0);
    // Two days touch at most two calendar months: a record per technician in each.
    CHECK(one.technician_rows == 4 * 2.0);
    const Footprint kept = footprint(s, 3, 2, true);
    CHECK(kept.technician_rows == 3 * one.technician_rows);
    CHECK(kept.working_bytes == 2 * one.working_bytes);
    CHECK(kept.results_bytes == 3 * one.results_bytes);
    CHECK(kept.order_log_bytes == 3 * 44.0 * sizeof(OrderRecord));
    CHECK(kept.total_bytes() ==
          kept.world_bytes + kept.working_bytes + kept.results_bytes + kept.order_log_bytes);
}

TEST_CASE("a run's footprint: the backlog of a city short of technicians, by hand",
          "[run][footprint]") {
    // base.json over four weeks: 10 installs of 60 min and 12 repairs of 40
    // min a day, 1080 min of work, 22 orders; technicians work 600 min a day.
    const auto four_weeks = [](int technicians) {
        const nlohmann::json doc = {{"extends", {"base.json"}},
                                    {"horizon", {{"days", 28}}},
                                    {"technicians", {{"count", technicians}}}};
        const fs::path fixtures = fs::path(FIELDSIM_SOURCE_DIR) / "tests/scenarios";
        return footprint(parse_scenario(doc, "inline", fixtures), 1, 1, false);
    };
    const double per_open = 2 * (sizeof(Order) + 2 * sizeof(fieldsim::sim::Event));
    const double per_waiting = 2 * (sizeof(Order) + sizeof(WaitingOrder));
    // Four technicians (2400 min) keep up: a week's orders open.
    CHECK(four_weeks(4).working_bytes == Approx(22 * 7 * per_open));
    // One (600 min) leaves 480 of the 1080 minutes undone every day: 4/9 of
    // the 616 orders wait to the drain limit, besides the week's open.
    CHECK(four_weeks(1).working_bytes == Approx(22 * 7 * per_open + 616 * 4.0 / 9 * per_waiting));
}

TEST_CASE("the steps outside the replications stop at the interrupt check", "[run][interrupt]") {
    struct Stop {};
    static std::vector<std::string> asked;
    asked.clear();
    fieldsim::sim::interrupt_check() = [](const char* step) {
        asked.emplace_back(step);
        throw Stop{};
    };
    const RoadNetworkSpec grid = grid_network(2, 2, 60);
    CHECK_THROWS_AS(parse_json_text("{\"a\": [1, 2]}", "s.json"), Stop);
    CHECK_THROWS_AS(RoadNetwork(grid), Stop);
    fieldsim::sim::interrupt_check() = nullptr;
    CHECK(asked == std::vector<std::string>{"loading", "world"});
    CHECK(RoadNetwork(grid).travel(0, 3) == 120);
}
