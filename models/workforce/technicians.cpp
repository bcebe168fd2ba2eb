#include "models/workforce/technicians.h"

namespace fieldsim::models {

TechnicianSpec parse_technicians(const JsonReader& node, int zones) {
    node.object({"count", "home", "shift"});
    TechnicianSpec technicians;
    technicians.count = node.get<int>("count", between(1, kMaxTechnicians));
    if (const auto home = node.find("home"); home && home->json() != "round_robin") {
        const std::size_t n = home->json().is_array() ? home->array_size() : 0;
        if (n == 0) home->fail("\"round_robin\" or a non-empty array of zone ids");
        for (std::size_t i = 0; i < n; ++i)
            technicians.home_zones.push_back(zone_id((*home)[i], zones));
    }
    const JsonReader shift = node["shift"];
    shift.object({"start", "end"});
    technicians.shift_start = shift["start"].clock();
    const JsonReader end = shift["end"];
    technicians.shift_end = end.clock();
    if (technicians.shift_end <= technicians.shift_start)
        end.fail("a time after the shift start " + sim::format_hhmm(technicians.shift_start));
    return technicians;
}

void check_continuous_duty(const TechnicianSpec& technicians, const CalendarSpec& calendar,
                           const JsonReader& calendar_node) {
    if (!technicians.continuous() || calendar.every_day_works()) return;
    calendar_node["workdays"].fail("every day of the week with a 24-hour shift");
}

std::vector<int> technician_homes(const TechnicianSpec& spec, int zone_count) {
    std::vector<int> homes(static_cast<std::size_t>(spec.count));
    for (int k = 0; k < spec.count; ++k) {
        const auto listed = spec.home_zones.size();
        homes[static_cast<std::size_t>(k)] =
            listed ? spec.home_zones[static_cast<std::size_t>(k) % listed] : k % zone_count;
    }
    return homes;
}

} // namespace fieldsim::models
