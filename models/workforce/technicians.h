// Who works: how many technicians, where each lives, and the shift.
#pragma once

#include "models/city/calendar.h"
#include "models/scenario/fields.h"

#include <vector>

namespace fieldsim::models {

struct TechnicianSpec {
    int count = 0;
    std::vector<int> home_zones; // technician k lives in home_zones[k % size]; empty: k mod zones
    Time shift_start = 0;        // times of day; every one comes from the scenario
    Time shift_end = 0;
    // A 24-hour shift is continuous duty: the next shift begins as one ends.
    bool continuous() const { return shift_end - shift_start >= sim::kDay; }
};

// {"count", "home", "shift": {"start", "end"}}
TechnicianSpec parse_technicians(const JsonReader& node, int zones);

// A 24-hour shift is continuous duty: it has no rest day to skip, so the
// calendar must have every day working (`calendar` is where to complain).
void check_continuous_duty(const TechnicianSpec& technicians, const CalendarSpec& calendar,
                           const JsonReader& calendar_node);

// The home zone of each technician.
std::vector<int> technician_homes(const TechnicianSpec& spec, int zone_count);

} // namespace fieldsim::models
