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

void check_windows_before_night(const NightSafetySpec& night, const SlaSpec& sla,
                                const JsonReader& node) {
    if (!night.given() || !sla.appointments || !sla.uses(DueForm::Type::appointment)) return;
    const Time last = last_window_start(*sla.appointments, sla.hours);
    if (last > night.limit)
        node["night_limit"].error(
            "appointment windows open as late as " + sim::format_hhmm(last) +
            " (business hours to " + sim::format_hhmm(sla.hours.close) +
            "), after the night limit " + sim::format_hhmm(night.limit) +
            ": no visit may start in them; close business hours earlier or set the limit later");
}

} // namespace fieldsim::models
