// Skills (city-rules.md section 5): each segment needs one skill, or none,
// and only a technician holding it may take the order. The needs are a rule
// table where the first match wins, e.g.
//   "skills": [{"skill": "enterprise", "when": {"product": "enterprise_circuit"}}]
// and each shift group lists the skills its technicians hold.
#pragma once

#include "models/core/segment_filter.h"
#include "models/workforce/technicians.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fieldsim::models {

struct SkillRule {
    SegmentFilter when;
    std::string skill;
};

struct SkillSpec {
    std::vector<SkillRule> needs; // empty: no segment needs a skill
};

SkillSpec parse_skills(const JsonReader& node, const SegmentNames& names);

// Every skill a segment the orders can have (`reached`) needs is held by
// some group (`node`: the "skills" table, to name the rule), and an
// emergency group holds a skill (city-rules.md 5).
void check_skills(const SkillSpec& skills, const TechnicianSpec& technicians,
                  const std::vector<Segment>& reached, const SegmentNames& names,
                  const JsonReader* node, const JsonReader& technicians_node);

// With technician faults, an order that fails `faults_for_senior` times needs
// a technician with the `senior` skill: some group must hold it (`fault`:
// where faults are set).
void check_senior_held(const TechnicianSpec& technicians, const JsonReader& fault,
                       int faults_for_senior);

// Skill ids: 0 is "none needed", held by every technician; the named ones
// are 1.. in the order first met (the needs, then the groups' lists).
class SkillBook {
  public:
    // `senior`: whether orders may come to need the senior skill (faults).
    SkillBook(const SkillSpec& spec, const TechnicianSpec& technicians,
              const SegmentSpace& segments, bool senior);

    // Skills some order may need, "none" included: ids below it.
    std::size_t needed_count() const { return needed_count_; }
    std::uint8_t needed(std::uint32_t cell) const { return needed_[cell]; }
    std::uint8_t senior() const { return senior_; } // 0 unless asked for
    // Bit s set: the group's technicians hold skill s.
    std::uint64_t held_by(std::size_t group) const { return held_[group]; }

  private:
    std::uint8_t id_of(const std::string& name);

    std::vector<std::string> names_;
    std::size_t needed_count_ = 1;
    std::uint8_t senior_ = 0;
    std::vector<std::uint8_t> needed_; // per cell
    std::vector<std::uint64_t> held_;  // per group
};

} // namespace fieldsim::models
