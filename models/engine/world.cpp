#include "models/engine/world.h"
#include "models/workforce/technicians.h"

namespace fieldsim::models {

namespace {

// The exemptions that come with where an order is (city-rules.md 8.8: a
// rural district is exempt whether or not its promise is on).
std::vector<Reasons> zone_reasons(const Scenario& scenario) {
    std::vector<Reasons> reasons(scenario.network.zones.size(), 0);
    const bool rural_exempt = scenario.compensation.exempt_rural_zones;
    for (std::size_t z = 0; z < reasons.size(); ++z)
        if (rural_exempt && scenario.network.zones[z].rural) reasons[z] |= reason(Cause::rural);
    for (const DistrictSpec& district : scenario.districts)
        for (const int z : district.zones) {
            Reasons& r = reasons[static_cast<std::size_t>(z)];
            if (rural_exempt && district.area == Area::rural) r |= reason(Cause::rural);
            if (!district.promise) r |= reason(Cause::no_promise);
        }
    return reasons;
}

std::vector<CompensationRule> compensation_by_cell(const Scenario& scenario,
                                                   const SegmentSpace& segments) {
    std::vector<CompensationRule> rules;
    for (std::size_t cell = 0; cell < segments.size(); ++cell)
        rules.emplace_back(scenario.compensation.of(segments.segment(cell)));
    return rules;
}

} // namespace

World::World(const Scenario& s)
    : scenario(s), sources(scenario), zone_count(static_cast<int>(s.network.zones.size())),
      roads(s.network), zone_reasons(models::zone_reasons(s)),
      district_of_zone(district_of_zones(s.districts, s.network.zones.size())),
      segments(s.districts.size(), s.kinds.size()),
      homes(technician_homes(s.technicians, zone_count)),
      sla(scenario.sla, scenario.calendar, segments),
      compensation(compensation_by_cell(scenario, segments)), pay(s.pay, s.evening),
      evening(s.evening) {}

std::uint32_t World::work_class(std::uint32_t source, KindId kind) const {
    const auto randoms = static_cast<std::uint32_t>(sources.random.size());
    if (source < randoms) return source;
    return randoms + (source - randoms) * static_cast<std::uint32_t>(scenario.kinds.size()) + kind;
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
