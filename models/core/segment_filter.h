// Which segments a rule applies to: {"district", "area", "kind", "product",
// "class"}, each a name or a list of names; a key left out matches all. Rule
// tables (promises, compensation) are lists of filters where the first match
// wins, so that a preset reads like the policy document it cites.
#pragma once

#include "models/core/segment.h"
#include "models/scenario/json_reader.h"

#include <vector>

namespace fieldsim::models {

class SegmentFilter {
  public:
    // Matches every segment.
    SegmentFilter() = default;
    // The kind alone (for rule tables given per kind).
    static SegmentFilter of_kind(KindId kind, std::size_t kinds);

    bool matches(const Segment& s) const {
        return allowed(districts_, s.district) && allowed(kinds_, s.kind) &&
               allowed(products_, s.product) && allowed(classes_, s.customer_class);
    }

  private:
    friend SegmentFilter parse_segment_filter(const JsonReader& node, const SegmentNames& names);
    static bool allowed(const std::vector<bool>& set, std::size_t i) {
        return set.empty() || set[i];
    }

    // Empty: any. Areas are folded into districts when parsed.
    std::vector<bool> districts_;
    std::vector<bool> kinds_;
    std::vector<bool> products_;
    std::vector<bool> classes_;
};

SegmentFilter parse_segment_filter(const JsonReader& node, const SegmentNames& names);

} // namespace fieldsim::models
