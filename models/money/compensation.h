// What a late order costs: per late order plus per started day late, at most
// a cap, per kind; rural zones exempt where the scenario says so.
#pragma once

#include "models/core/segment.h"
#include "models/core/segment_filter.h"
#include "models/scenario/fields.h"

#include <algorithm>
#include <optional>

namespace fieldsim::models {

// amount = per_order + per_started_day * ceil(late / 1 day), at most cap.
struct CompensationSpec {
    double per_order_cny = 0.0;
    double per_started_day_cny = 0.0;
    std::optional<double> cap_cny;
};

struct CompensationRuleSpec {
    SegmentFilter when;
    CompensationSpec amounts;
};

struct CompensationBook {
    PerKind<CompensationSpec> by_kind;       // one per kind
    std::vector<CompensationRuleSpec> rules; // by segment; the first match wins over by_kind
    bool exempt_rural_zones = true;          // no compensation for orders in rural zones (seed 000)

    // What applies to a segment.
    const CompensationSpec& of(const Segment& s) const {
        for (const auto& rule : rules)
            if (rule.when.matches(s)) return rule.amounts;
        return by_kind[s.kind];
    }
};

// {"<kind>": amounts, ..., "rules": [{"when", amounts...}], "exempt_rural_zones"};
// a kind without amounts costs nothing.
CompensationBook parse_compensation(const JsonReader& node, const SegmentNames& names);

class CompensationRule {
  public:
    explicit CompensationRule(const CompensationSpec& spec) : spec_(spec) {}

    // What the customer is owed for finishing `late` seconds after the due
    // time; a part day counts as a whole day.
    double amount(Time late) const {
        if (late <= 0) return 0.0;
        const auto started_days = static_cast<double>((late + sim::kDay - 1) / sim::kDay);
        const double owed = spec_.per_order_cny + spec_.per_started_day_cny * started_days;
        return spec_.cap_cny ? std::min(owed, *spec_.cap_cny) : owed;
    }

  private:
    CompensationSpec spec_;
};

} // namespace fieldsim::models
