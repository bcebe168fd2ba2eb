// Who works: shift groups of technicians, each with a count, homes, a shift
// and a roster (city-rules.md section 5). Staggered shifts are two groups;
// the reference city's keys ("count", "home", "shift") are one group.
#pragma once

#include "models/city/calendar.h"
#include "models/scenario/fields.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace fieldsim::models {

// A repeating pattern: `on` working days, then `off` rest days. The group's
// technicians start it at offsets spread evenly over the cycle (city-rules.md
// section 5): technician j of n starts floor(j x cycle / n) days in, and
// beyond one a day j mod cycle, so that when n x on >= cycle every day has
// someone on. Without a roster a technician works every shift weekday.
struct RosterSpec {
    int on = 0;
    int off = 0;
    // "days": "working" (the default, city-rules.md section 4): the pattern
    // runs over the business calendar's working days, the others being rest
    // days; "all": over every day, for a branch serving seven days a week.
    bool every_day = false;
    bool holidays_off = false; // with every_day: public holidays are rest days
    bool given() const { return on > 0; }
    // The day of the pattern that run day `day` is, or none when nobody of
    // the group works it.
    std::optional<std::int64_t> pattern_day(std::int64_t day, const CalendarSpec& calendar) const {
        if (!given() || (every_day && !holidays_off)) return day;
        if (every_day) return calendar.is_holiday(day) ? std::nullopt : std::optional(day);
        if (!calendar.is_working_day(day)) return std::nullopt;
        return calendar.working_days_before(day);
    }
    // Whether technician `j` of a group of `n` works on day `day` of the pattern.
    bool works(std::size_t j, std::size_t n, std::int64_t day) const {
        if (!given()) return true;
        const auto cycle = static_cast<std::size_t>(on + off);
        const std::size_t offset = (j % cycle) * cycle / std::min(n, cycle);
        return (day + static_cast<std::int64_t>(offset)) % static_cast<std::int64_t>(cycle) < on;
    }
};

// A break of `length`, started at the first idle moment inside the window
// [window_start, window_end], or at the window's end after the job then in
// hand (city-rules.md section 5).
struct BreakSpec {
    Time length = 0;
    Time window_start = 0;
    Time window_end = 0;
    bool given() const { return length > 0; }
};

struct ShiftGroupSpec {
    std::string name;
    int count = 0;
    std::vector<int> home_zones; // technician j lives in home_zones[j % size]; empty: j mod zones
    Time shift_start = 0;        // times of day; every one comes from the scenario
    Time shift_end = 0;
    BreakSpec rest_break;
    RosterSpec roster;
    std::vector<std::string> skills; // what its technicians may take (workforce/skills.h)
    bool emergency = false;          // takes only escalated orders
    std::string employer = "branch";
    double monthly_cost_cny = 0.0; // per technician: wage and on-costs
    // A 24-hour shift is continuous duty: the next shift begins as one ends.
    bool continuous() const { return shift_end - shift_start >= sim::kDay; }
    // The time of day after which work is overtime: the shift's end, and on
    // continuous duty never (half of kNever, so that the overtime left may
    // still be added to it).
    Time overtime_after() const { return continuous() ? sim::kNever / 2 : shift_end; }
};

struct TechnicianSpec {
    std::vector<ShiftGroupSpec> groups; // technicians numbered group by group
    int count() const {
        int n = 0;
        for (const auto& group : groups)
            n += group.count;
        return n;
    }
};

// {"groups": [{"name", "count", "home", "shift", "roster", "skills",
// "emergency", "employer", "monthly_cost_cny"}]}, or one group's keys
// {"count", "home", "shift", "skills", "monthly_cost_cny"}. A shift is
// {"start", "end", "break": {"length_min", "window": {"start", "end"}}}.
TechnicianSpec parse_technicians(const JsonReader& node, int zones);

// A 24-hour shift is continuous duty: it has no rest day to skip, so the
// calendar must have every day working (`calendar` is where to complain).
void check_continuous_duty(const TechnicianSpec& technicians, const CalendarSpec& calendar,
                           const JsonReader& calendar_node);

// The first shift end of all groups: the evening starts at or after it.
inline Time earliest_shift_end(const TechnicianSpec& spec) {
    Time earliest = sim::kDay;
    for (const auto& group : spec.groups)
        earliest = std::min(earliest, group.shift_end);
    return earliest;
}

// The home zone of each technician, group by group.
std::vector<int> technician_homes(const TechnicianSpec& spec, int zone_count);

} // namespace fieldsim::models
