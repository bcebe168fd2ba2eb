// The promise: when an order is due, by its kind and whether it was entered
// before the cutoff.
#pragma once

#include "models/core/segment.h"
#include "models/scenario/fields.h"

namespace fieldsim::models {

struct DueRule {
    enum class Type : std::uint8_t { end_of_day, within };
    Type type = Type::end_of_day;
    int day_offset = 0; // end_of_day: 0 same day, 1 next day, ...
    Time within = 0;    // within: this long after entry
};

struct SlaSpec {
    Time cutoff = 0;
    PerKind<DueRule> before_cutoff{};
    PerKind<DueRule> after_cutoff{};
};

// {"cutoff", "before_cutoff": per kind, "after_cutoff": per kind}; a rule is
// "same_day", "next_day" or {"within_h": h}.
SlaSpec parse_sla(const JsonReader& node, const std::vector<std::string>& kinds);

class SlaRule {
  public:
    explicit SlaRule(const SlaSpec& spec) : spec_(spec) {}

    Time due(KindId kind, Time entry) const {
        const std::size_t k = kind;
        const bool before_cutoff = sim::time_of_day(entry) < spec_.cutoff;
        const DueRule& rule = before_cutoff ? spec_.before_cutoff[k] : spec_.after_cutoff[k];
        if (rule.type == DueRule::Type::within) return entry + rule.within;
        return sim::start_of_day(sim::day_index(entry) + 1 + rule.day_offset);
    }

  private:
    SlaSpec spec_;
};

} // namespace fieldsim::models
