// Night safety (city-rules.md section 5): no visit starts after the night
// limit, a time of day (e.g. 21:00). A technician may set out only if it
// would arrive by then; a job already on site is finished. An order delayed
// by it is not exempt: alone, the delay is `capacity` (8.9).
#pragma once

#include "models/scenario/fields.h"
#include "models/service/sla.h"
#include "models/workforce/technicians.h"

namespace fieldsim::models {

struct NightSafetySpec {
    Time limit = sim::kNever; // time of day; kNever: no limit
    bool given() const { return limit != sim::kNever; }
    // The last arrival allowed on the duty day starting at `day_start`.
    Time latest_arrival(Time day_start) const { return given() ? day_start + limit : sim::kNever; }
};

// "night_limit": "HH:MM", after every group's shift start; a group on
// 24-hour duty has no night and is refused (`node`: the technicians).
NightSafetySpec parse_night_safety(const JsonReader& node, const TechnicianSpec& technicians);

// A visit waits on site for its appointment window to open, so no window may
// open after the night limit (`node`: the technicians).
void check_windows_before_night(const NightSafetySpec& night, const SlaSpec& sla,
                                const JsonReader& node);

} // namespace fieldsim::models
