#include "models/engine/world.h"
#include "models/workforce/technicians.h"

#include <algorithm>

namespace fieldsim::models {

namespace {

std::vector<bool> waived_zones(const Scenario& scenario) {
    std::vector<bool> waived;
    for (const Zone& zone : scenario.network.zones)
        waived.push_back(scenario.compensation.exempt_rural_zones && zone.rural);
    return waived;
}

} // namespace

World::World(const Scenario& s)
    : scenario(s), sources(scenario), zone_count(static_cast<int>(s.network.zones.size())),
      roads(s.network), compensation_waived(waived_zones(s)),
      homes(technician_homes(s.technicians, zone_count)), sla(s.sla),
      compensation{CompensationRule(s.compensation.by_kind[0]),
                   CompensationRule(s.compensation.by_kind[1])},
      pay(s.pay, s.evening), evening(s.evening) {
    const auto class_for = [this](Time expected) {
        const auto found = std::find(class_work_.begin(), class_work_.end(), expected);
        if (found != class_work_.end())
            return static_cast<std::uint32_t>(found - class_work_.begin());
        class_work_.push_back(expected);
        return static_cast<std::uint32_t>(class_work_.size() - 1);
    };
    // A random source has one kind: its class stands for both.
    for (const auto& random : sources.random)
        class_of_.insert(class_of_.end(), kKindCount, class_for(random.expected_work));
    for (const auto& scripted : sources.scripted)
        for (const Time expected : scripted.expected_work)
            class_of_.push_back(class_for(expected));
}

StartRule World::start_rule() const {
    return StartRule{&roads.matrix(), zone_count, class_work_};
}

} // namespace fieldsim::models
