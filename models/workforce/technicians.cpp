#include "models/workforce/technicians.h"

#include "models/scenario/limits.h"

namespace fieldsim::models {

namespace {

RosterSpec parse_roster(const JsonReader& node) {
    node.object({"on", "off", "days", "holidays_off"});
    RosterSpec roster;
    roster.on = node.get<int>("on", between(1, 366));
    const JsonReader off = node["off"];
    roster.off = off.as<int>(between(0, 366));
    // Labour law art. 38: at least one rest day in every seven.
    if (roster.on > 6 || roster.off < 1)
        off.error("a roster of " + std::to_string(roster.on) + " on, " +
                  std::to_string(roster.off) +
                  " off has no rest day in some 7 days; at most 6 on and at least 1 off");
    if (const auto days = node.find("days"))
        roster.every_day = days->choice({"working", "all"}) == 1;
    if (const auto holidays_off = node.find("holidays_off")) {
        if (!roster.every_day)
            holidays_off->error("only with \"days\": \"all\" (over working days, holidays are "
                                "rest days already)");
        roster.holidays_off = holidays_off->as<bool>();
    }
    return roster;
}

// The break's window lies inside the shift and is at least as long as the
// break, so that a technician idle all through it has its whole break there.
BreakSpec parse_break(const JsonReader& node, Time shift_start, Time shift_end) {
    node.object({"length_min", "window"});
    BreakSpec rest;
    rest.length = to_seconds(node.get<double>("length_min", between(1, 24 * 60)), sim::kMinute);
    const JsonReader window = node["window"];
    window.object({"start", "end"});
    rest.window_start = window["start"].clock();
    const JsonReader end = window["end"];
    rest.window_end = end.clock();
    const std::string shift = sim::format_hhmm(shift_start) + "-" + sim::format_hhmm(shift_end);
    if (rest.window_start < shift_start || rest.window_start >= shift_end)
        window["start"].fail("a time inside the shift " + shift);
    if (rest.window_end <= rest.window_start || rest.window_end > shift_end)
        end.fail("a time after the window's start and no later than the shift's end " +
                 sim::format_hhmm(shift_end));
    if (rest.length > rest.window_end - rest.window_start)
        node["length_min"].fail(
            "a break no longer than its window of " +
            format_number(static_cast<double>(rest.window_end - rest.window_start) / 60.0) +
            " min");
    return rest;
}

std::vector<std::string> parse_skill_list(const JsonReader& node) {
    std::vector<std::string> skills;
    for (std::size_t i = 0; i < node.array_size(); ++i) {
        const std::string skill = node[i].as<std::string>();
        if (skill.empty()) node[i].fail("a skill's name");
        skills.push_back(skill);
    }
    if (skills.size() > kMaxSkills) node.fail("at most " + std::to_string(kMaxSkills) + " skills");
    return skills;
}

// "round_robin" (empty) or a list of zones.
std::vector<int> parse_homes(const JsonReader& home, int zones) {
    std::vector<int> homes;
    if (home.json() == "round_robin") return homes;
    const std::size_t n = home.json().is_array() ? home.array_size() : 0;
    if (n == 0) home.fail("\"round_robin\" or a non-empty array of zone ids");
    for (std::size_t i = 0; i < n; ++i)
        homes.push_back(zone_id(home[i], zones));
    return homes;
}

ShiftGroupSpec parse_group(const JsonReader& node, int zones,
                           std::initializer_list<std::string_view> keys) {
    node.object(keys);
    ShiftGroupSpec group;
    group.name = node.get_or<std::string>("name", "technicians");
    group.count = node.get<int>("count", between(1, kMaxTechnicians));
    if (const auto home = node.find("home")) group.home_zones = parse_homes(*home, zones);
    const JsonReader shift = node["shift"];
    shift.object({"start", "end", "break"});
    group.shift_start = shift["start"].clock();
    const JsonReader end = shift["end"];
    group.shift_end = end.clock();
    if (group.shift_end <= group.shift_start)
        end.fail("a time after the shift start " + sim::format_hhmm(group.shift_start));
    if (const auto rest = shift.find("break"))
        group.rest_break = parse_break(*rest, group.shift_start, group.shift_end);
    if (const auto roster = node.find("roster")) {
        if (group.continuous())
            roster->error("a 24-hour shift is continuous duty, which takes no roster");
        group.roster = parse_roster(*roster);
    }
    if (const auto skills = node.find("skills")) group.skills = parse_skill_list(*skills);
    group.emergency = node.get_or("emergency", false);
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
        technicians.groups.push_back(parse_group(
            node, zones,
            {"count", "home", "shift", "skills", "groups", "monthly_cost_cny", "night_limit"}));
        return technicians;
    }
    node.object({"groups", "home", "night_limit"});
    if (groups->array_size() == 0) groups->fail("a non-empty array of shift groups");
    // Homes at the top are every group's that names none of its own.
    const auto shared_home = node.find("home");
    const std::vector<int> shared =
        shared_home ? parse_homes(*shared_home, zones) : std::vector<int>{};
    long long total = 0;
    for (std::size_t i = 0; i < groups->array_size(); ++i) {
        const JsonReader entry = (*groups)[i];
        technicians.groups.push_back(
            parse_group(entry, zones,
                        {"name", "count", "home", "shift", "roster", "skills", "emergency",
                         "employer", "monthly_cost_cny"}));
        if (!entry.has("name")) entry.error("a group needs a name");
        if (!entry.has("home")) technicians.groups.back().home_zones = shared;
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
