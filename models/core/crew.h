// A technician's state during one replication (its home, the fixed part,
// is in the World).
#pragma once

#include "sim/time.h"

#include <cstdint>

namespace fieldsim::models {

using sim::Time;

// How the visit in hand will end.
enum class VisitEnd : std::uint8_t { done, nobody_home, technician_fault };

struct Crew {
    int home;
    int zone;
    std::uint32_t group;      // its shift group
    std::uint32_t rank;       // its place in the group (the roster's offset)
    std::uint64_t skills = 1; // bit s: holds skill s (workforce/skills.h)
    bool emergency = false;   // takes only escalated orders
    Time free_at = 0;         // when its job or break is expected to end
    int free_zone = 0;        // and where
    Time shift_end = 0;
    // While today's break is untaken: its window. No job may end past
    // break_by, and once idle from break_from on it takes the break.
    Time break_from = sim::kNever;
    Time break_by = sim::kNever;
    Time night_by = sim::kNever; // night safety: the last arrival at a visit today
    // Evening acceptance per job: from here on each job it is offered is its
    // choice, and whether it has worked this evening yet.
    Time asks_from = sim::kNever;
    bool evening_worked = false;
    std::int64_t on_duty = -1;      // the last day it was rostered on
    Time regular_end = 0;           // that day's: its overtime begins
    std::int64_t month = 0;         // under the law: that day's calendar month
    bool force_majeure_day = false; // and whether it is a force-majeure day
    bool busy = false;
    bool restart_from_home = false; // was still on a job when its shift began
    VisitEnd visit_end = VisitEnd::done;
    std::uint32_t job = 0; // order slot while busy
    Time departure = 0;
    Time arrival = 0; // on site; work waits there for an appointment's window
    Time work_start = 0;
    Time period_start = 0; // the shift period last counted as time on shift
    Time period_end = 0;
    bool evening_period = false; // that period is an evening
};

} // namespace fieldsim::models
