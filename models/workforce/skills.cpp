#include "models/workforce/skills.h"

#include "models/service/visits.h"

#include <algorithm>

namespace fieldsim::models {

SkillSpec parse_skills(const JsonReader& node, const SegmentNames& names) {
    SkillSpec spec;
    for (std::size_t i = 0; i < node.array_size(); ++i) {
        const JsonReader rule = node[i];
        rule.object({"skill", "when"});
        const JsonReader skill = rule["skill"];
        SkillRule parsed{rule.has("when") ? parse_segment_filter(rule["when"], names)
                                          : SegmentFilter{},
                         skill.as<std::string>()};
        if (parsed.skill.empty()) skill.fail("a skill's name");
        spec.needs.push_back(std::move(parsed));
    }
    return spec;
}

void check_skills(const SkillSpec& skills, const TechnicianSpec& technicians,
                  const std::vector<Segment>& reached, const SegmentNames& names,
                  const JsonReader* node, const JsonReader& technicians_node) {
    const auto& groups = technicians.groups;
    const auto held = [&](const std::string& skill) {
        return std::any_of(groups.begin(), groups.end(), [&](const auto& group) {
            return std::find(group.skills.begin(), group.skills.end(), skill) != group.skills.end();
        });
    };
    // A segment the orders can have needs its first matching rule's skill.
    for (const Segment& segment : reached) {
        const auto rule = std::find_if(skills.needs.begin(), skills.needs.end(),
                                       [&](const SkillRule& r) { return r.when.matches(segment); });
        if (rule == skills.needs.end() || held(rule->skill)) continue;
        const std::size_t i = static_cast<std::size_t>(rule - skills.needs.begin());
        (*node)[i]["skill"].error("skill \"" + rule->skill + "\" is needed by " +
                                  names.describe(segment) + " (by " + (*node)[i].path() +
                                  "), which the orders can have, but no technician group holds it");
    }
    for (std::size_t g = 0; g < groups.size(); ++g)
        if (groups[g].emergency && groups[g].skills.empty())
            technicians_node["groups"][g].error(
                "the emergency group \"" + groups[g].name +
                "\" holds no skill; give it \"skills\": the skills of the orders it may take");
}

void check_senior_held(const TechnicianSpec& technicians, const JsonReader& fault,
                       int faults_for_senior) {
    for (const auto& group : technicians.groups)
        if (std::find(group.skills.begin(), group.skills.end(), kSeniorSkill) != group.skills.end())
            return;
    const std::string times = faults_for_senior == 1 ? "once"
                              : faults_for_senior == 2
                                  ? "twice"
                                  : std::to_string(faults_for_senior) + " times";
    fault.error("an order whose visit fails " + times +
                " for a technician fault goes to a technician with the skill \"" + kSeniorSkill +
                "\", but no technician group holds it");
}

SkillBook::SkillBook(const SkillSpec& spec, const TechnicianSpec& technicians,
                     const SegmentSpace& segments, bool senior)
    : needed_(segments.size(), 0) {
    for (const SkillRule& rule : spec.needs)
        id_of(rule.skill);
    if (senior) senior_ = id_of(kSeniorSkill);
    needed_count_ = names_.size() + 1;
    for (std::size_t cell = 0; cell < segments.size(); ++cell) {
        const Segment s = segments.segment(cell);
        for (const SkillRule& rule : spec.needs)
            if (rule.when.matches(s)) {
                needed_[cell] = id_of(rule.skill);
                break;
            }
    }
    for (const auto& group : technicians.groups) {
        std::uint64_t held = 1; // "none needed"
        for (const std::string& skill : group.skills)
            held |= std::uint64_t{1} << id_of(skill);
        held_.push_back(held);
    }
}

std::uint8_t SkillBook::id_of(const std::string& name) {
    auto found = std::find(names_.begin(), names_.end(), name);
    if (found == names_.end()) found = names_.insert(found, name);
    return static_cast<std::uint8_t>(found - names_.begin() + 1);
}

} // namespace fieldsim::models
