#include "models/workforce/night_safety.h"

namespace fieldsim::models {

NightSafetySpec parse_night_safety(const JsonReader& node, const TechnicianSpec& technicians) {
    NightSafetySpec spec;
    const auto limit = node.find("night_limit");
    if (!limit) return spec;
    spec.limit = limit->clock();
    for (const ShiftGroupSpec& group : technicians.groups) {
        if (group.continuous())
            limit->error("a night limit needs shifts that end: group \"" + group.name +
                         "\" works 24 hours");
        if (spec.limit <= group.shift_start)
            limit->fail("a time after every group's shift start (group \"" + group.name +
                        "\" starts at " + sim::format_hhmm(group.shift_start) + ")");
    }
    return spec;
}

} // namespace fieldsim::models
