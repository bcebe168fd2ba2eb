#include "models/engine/world.h"
#include "models/workforce/technicians.h"

#include <algorithm>

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

std::vector<std::uint32_t> groups_of_technicians(const TechnicianSpec& spec) {
    std::vector<std::uint32_t> of;
    for (std::size_t g = 0; g < spec.groups.size(); ++g)
        of.insert(of.end(), static_cast<std::size_t>(spec.groups[g].count),
                  static_cast<std::uint32_t>(g));
    return of;
}

std::vector<std::size_t> first_technicians(const TechnicianSpec& spec) {
    std::vector<std::size_t> first;
    std::size_t next = 0;
    for (const auto& group : spec.groups) {
        first.push_back(next);
        next += static_cast<std::size_t>(group.count);
    }
    return first;
}

// Per skill the classes may need, the technicians whose group holds it.
std::vector<sim::IndexSet> holders_by_skill(const SkillBook& skills,
                                            const std::vector<std::uint32_t>& group_of) {
    std::vector<sim::IndexSet> holders(skills.needed_count(), sim::IndexSet(group_of.size()));
    for (std::size_t k = 0; k < group_of.size(); ++k)
        for (std::size_t skill = 0; skill < holders.size(); ++skill)
            if ((skills.held_by(group_of[k]) >> skill) & 1u) holders[skill].insert(k);
    return holders;
}

// A month is a twelfth of a year of 365 days.
double staffing_cost(const Scenario& s) {
    double monthly = 0.0;
    for (const auto& group : s.technicians.groups)
        monthly += group.count * group.monthly_cost_cny;
    return monthly * s.horizon.days * 12.0 / 365.0;
}

// Read on every finished job, where the group's spec is a cache line away.
std::vector<Time> overtime_after_by_group(const TechnicianSpec& technicians) {
    std::vector<Time> after;
    for (const auto& group : technicians.groups)
        after.push_back(group.overtime_after());
    return after;
}

} // namespace

World::World(const Scenario& s)
    : scenario(s), sources(scenario), zone_count(static_cast<int>(s.network.zones.size())),
      roads(s.network), zone_reasons(models::zone_reasons(s)),
      district_of_zone(district_of_zones(s.districts, s.network.zones.size())),
      segments(s.districts.size(), s.kinds.size()),
      homes(technician_homes(s.technicians, zone_count)),
      group_of(groups_of_technicians(s.technicians)),
      first_of_group(first_technicians(s.technicians)),
      overtime_after(overtime_after_by_group(s.technicians)),
      sla(scenario.sla, scenario.calendar, segments),
      compensation(compensation_by_cell(scenario, segments)), pay(s.pay, s.evening, segments),
      evening(s.evening),
      skills(s.skills, s.technicians, segments, s.visits.any_technician_fault()),
      holders(holders_by_skill(skills, group_of)), any_no_show(s.visits.any_no_show()),
      any_technician_fault(s.visits.any_technician_fault()),
      has_emergency_team(std::any_of(s.technicians.groups.begin(), s.technicians.groups.end(),
                                     [](const auto& group) { return group.emergency; })),
      staffing_cost_cny(staffing_cost(s)) {
    kinds_ = scenario.kinds.size();
    // A class per expected work and window (an appointment's, or none).
    const auto class_for = [this](Time expected, Time window = StartRule::kNoWindow) {
        for (std::size_t c = 0; c < class_work_.size(); ++c)
            if (class_work_[c] == expected && class_window_[c] == window)
                return static_cast<std::uint32_t>(c);
        class_work_.push_back(expected);
        class_window_.push_back(window);
        return static_cast<std::uint32_t>(class_work_.size() - 1);
    };
    // A random source has one kind: its class stands for every kind.
    for (const auto& random : sources.random)
        class_of_.insert(class_of_.end(), scenario.kinds.size(), class_for(random.expected_work));
    for (const auto& scripted : sources.scripted)
        for (const Time expected : scripted.expected_work)
            class_of_.push_back(class_for(expected));
    if (s.visits.third_party_delay) third_party_delay_.emplace(*s.visits.third_party_delay);
    for (const WeatherKind& kind : s.weather.kinds) {
        if (kind.travel_time_x == 1.0 || &travel_matrix(kind.travel_time_x) != &roads.matrix())
            continue;
        std::vector<Time> slowed = roads.matrix();
        scale_travel(slowed, kind.travel_time_x);
        slowed_travel_.emplace_back(kind.travel_time_x, std::move(slowed));
    }
    // An order booked into a window waits for it: the start rule reads the
    // window's length in its class. Each class's work with and without one.
    const Time window = s.sla.appointments ? s.sla.appointments->slot : StartRule::kNoWindow;
    const std::size_t plain = class_work_.size();
    for (std::size_t c = 0; c < plain; ++c)
        class_for(class_work_[c], window);
    for (std::size_t c = 0; c < class_work_.size(); ++c) { // all made: nothing is added
        plain_class_.push_back(class_for(class_work_[c]));
        appointment_class_.push_back(class_for(class_work_[c], window));
    }
    work_classes_ = static_cast<std::uint32_t>(class_work_.size());
}

StartRule World::start_rule() const {
    StartRule rule{&roads.matrix(), zone_count, {}, {}, {}};
    if (scenario.sla.appointments) rule.early = scenario.sla.appointments->early;
    for (std::size_t skill = 0; skill < skills.needed_count(); ++skill) {
        rule.expected_work.insert(rule.expected_work.end(), class_work_.begin(), class_work_.end());
        rule.window.insert(rule.window.end(), class_window_.begin(), class_window_.end());
        rule.class_skill.insert(rule.class_skill.end(), class_work_.size(),
                                static_cast<std::uint8_t>(skill));
    }
    return rule;
}

const std::vector<Time>& World::travel_matrix(double scale) const {
    for (const auto& [factor, matrix] : slowed_travel_)
        if (factor == scale) return matrix;
    return roads.matrix();
}

} // namespace fieldsim::models
