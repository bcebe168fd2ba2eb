// A one-zone branch with scripted orders, for workforce cases worked by hand.
// Day 0 is Wednesday 1 January 2025; install 60 min and repair 30 min of
// expected work unless a case says otherwise.
#pragma once

#include "models/engine/simulation.h"
#include "models/scenario/load.h"

#include <nlohmann/json.hpp>

#include <string>

namespace fieldsim::testing {

using nlohmann::json;

inline json job(int day, const char* clock, const char* kind, double work_min) {
    return json{{"day", day}, {"at", clock}, {"zone", 0}, {"kind", kind}, {"work_min", work_min}};
}

inline json repair(int day, const char* clock) {
    return job(day, clock, "repair", 30);
}

inline json group(const char* name, int count, const char* start, const char* end) {
    return json{{"name", name}, {"count", count}, {"shift", {{"start", start}, {"end", end}}}};
}

// Overtime paid at `hourly_cny` an hour x 1.5 on working days, 2 on rest
// days and 3 on holidays (labour law art. 44): a scenario's "pay.overtime".
inline json overtime_pay(double hourly_cny) {
    return json{{"hourly_wage_cny", hourly_cny},
                {"working_day_x", 1.5},
                {"rest_day_x", 2.0},
                {"holiday_x", 3.0}};
}

inline json branch(json groups, json orders, int days = 3) {
    return json{
        {"extends", {"refcity/promise.json"}},
        {"name", "groups"},
        {"horizon", {{"days", days}, {"max_drain_days", 5}}},
        {"calendar", {{"start_date", "2025-01-01"}}},
        {"network", {{"zones", 1}}},
        {"orders",
         {{{"scripted", orders}, {"expected_work_min", {{"install", 60}, {"repair", 30}}}}}},
        {"technicians", {{"groups", groups}}}};
}

inline models::ReplicationResult run(const json& doc, std::uint64_t seed = 1) {
    const models::Scenario scenario =
        models::parse_scenario(doc, "groups.json", std::string(FIELDSIM_SOURCE_DIR) + "/scenarios");
    return models::simulate(models::World(scenario), seed, 0, true);
}

} // namespace fieldsim::testing
