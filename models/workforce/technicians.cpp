#include "models/workforce/technicians.h"

#include "models/scenario/limits.h"

namespace fieldsim::models {

namespace {

RosterSpec parse_roster(const JsonReader& node) {
    node.object({"on", "off", "holidays_off"});
    RosterSpec roster;
    roster.on = node.get<int>("on", between(1, 366));
    const JsonReader off = node["off"];
    roster.off = off.as<int>(between(0, 366));
    // Labour law art. 38: at least one rest day in every seven.
    if (roster.on > 6 || roster.off < 1)
        off.error("a roster of " + std::to_string(roster.on) + " on, " +
                  std::to_string(roster.off) +
                  " off has no rest day in some 7 days; at most 6 on and at least 1 off");
    roster.holidays_off = node.get_or("holidays_off", false);
    return roster;
}

ShiftGroupSpec parse_group(const JsonReader& node, int zones,
                           std::initializer_list<std::string_view> keys) {
    node.object(keys);
    ShiftGroupSpec group;
    group.name = node.get_or<std::string>("name", "technicians");
    group.count = node.get<int>("count", between(1, kMaxTechnicians));
    if (const auto home = node.find("home"); home && home->json() != "round_robin") {
        const std::size_t n = home->json().is_array() ? home->array_size() : 0;
        if (n == 0) home->fail("\"round_robin\" or a non-empty array of zone ids");
        for (std::size_t i = 0; i < n; ++i)
            group.home_zones.push_back(zone_id((*home)[i], zones));
    }
    const JsonReader shift = node["shift"];
    shift.object({"start", "end"});
    group.shift_start = shift["start"].clock();
    const JsonReader end = shift["end"];
    group.shift_end = end.clock();
    if (group.shift_end <= group.shift_start)
        end.fail("a time after the shift start " + sim::format_hhmm(group.shift_start));
    if (const auto roster = node.find("roster")) group.roster = parse_roster(*roster);
    group.employer = node.get_or<std::string>("employer", group.employer);
    group.monthly_cost_cny = node.get_or("monthly_cost_cny", 0.0, amount_range());
    return group;
}

} // namespace

TechnicianSpec parse_technicians(const JsonReader& node, int zones) {
    TechnicianSpec technicians;
    const auto groups = node.find("groups");
    if (!groups) {
        // One group, given by its keys at the top.
        technicians.groups.push_back(
            parse_group(node, zones, {"count", "home", "shift", "groups", "monthly_cost_cny"}));
        return technicians;
    }
    node.object({"groups"});
    if (groups->array_size() == 0) groups->fail("a non-empty array of shift groups");
    long long total = 0;
    for (std::size_t i = 0; i < groups->array_size(); ++i) {
        const JsonReader entry = (*groups)[i];
        technicians.groups.push_back(parse_group(
            entry, zones,
            {"name", "count", "home", "shift", "roster", "employer", "monthly_cost_cny"}));
        if (!entry.has("name")) entry.error("a group needs a name");
        for (std::size_t g = 0; g + 1 < technicians.groups.size(); ++g)
            if (technicians.groups[g].name == technicians.groups.back().name)
                entry["name"].fail("a name no other group has");
        total += technicians.groups.back().count;
        if (total > kMaxTechnicians)
            entry["count"].fail("a count that keeps the technicians of all groups at most " +
                                std::to_string(kMaxTechnicians));
    }
    return technicians;
}

void check_continuous_duty(const TechnicianSpec& technicians, const CalendarSpec& calendar,
                           const JsonReader& calendar_node) {
    if (calendar.every_day_works()) return;
    for (const auto& group : technicians.groups)
        if (group.continuous())
            calendar_node["workdays"].fail("every day of the week with a 24-hour shift");
}

std::vector<int> technician_homes(const TechnicianSpec& spec, int zone_count) {
    std::vector<int> homes;
    for (const auto& group : spec.groups)
        for (int j = 0; j < group.count; ++j) {
            const auto listed = group.home_zones.size();
            homes.push_back(listed ? group.home_zones[static_cast<std::size_t>(j) % listed]
                                   : j % zone_count);
        }
    return homes;
}

} // namespace fieldsim::models
