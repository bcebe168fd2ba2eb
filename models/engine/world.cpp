#include "models/engine/world.h"
#include "models/workforce/technicians.h"

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
      homes(technician_homes(s.technicians, zone_count)),
      sla(s.sla), compensation{CompensationRule(s.compensation.by_kind[0]),
                               CompensationRule(s.compensation.by_kind[1])},
      pay(s.pay, s.evening), evening(s.evening) {}

std::uint32_t World::work_class(std::uint32_t source, OrderKind kind) const {
    const auto randoms = static_cast<std::uint32_t>(sources.random.size());
    if (source < randoms) return source;
    return randoms + (source - randoms) * kKindCount + static_cast<std::uint32_t>(kind);
}

StartRule World::start_rule() const {
    std::vector<Time> expected;
    for (const auto& random : sources.random)
        expected.push_back(random.expected_work);
    for (const auto& scripted : sources.scripted)
        expected.insert(expected.end(), scripted.expected_work.begin(),
                        scripted.expected_work.end());
    return StartRule{&roads.matrix(), zone_count, std::move(expected)};
}

} // namespace fieldsim::models
