#include "models/money/compensation.h"

namespace fieldsim::models {

namespace {

CompensationSpec parse_amounts(const JsonReader& node) {
    CompensationSpec rule;
    rule.per_order_cny = node.get_or("per_order_cny", 0.0, amount_range());
    rule.per_started_day_cny = node.get_or("per_started_day_cny", 0.0, amount_range());
    if (const auto cap = node.find("cap_cny")) {
        rule.cap_cny = cap->as<double>(amount_range());
        // A cap below one day's amount overrides the rule itself: surely a slip.
        const double one_day = rule.per_order_cny + rule.per_started_day_cny;
        if (*rule.cap_cny < one_day)
            cap->fail("a number >= " + format_number(one_day) +
                      " (per_order_cny + per_started_day_cny, the amount for one day late)");
    }
    return rule;
}

CompensationSpec parse_compensation_rule(const JsonReader& node) {
    node.object({"per_order_cny", "per_started_day_cny", "cap_cny"});
    return parse_amounts(node);
}

CompensationRuleSpec parse_segment_rule(const JsonReader& node, const SegmentNames& names) {
    node.object({"when", "per_order_cny", "per_started_day_cny", "cap_cny"});
    return {parse_segment_filter(node["when"], names), parse_amounts(node)};
}

} // namespace

CompensationBook parse_compensation(const JsonReader& node, const SegmentNames& names) {
    std::vector<std::string_view> keys(names.kinds.begin(), names.kinds.end());
    keys.push_back("rules");
    keys.push_back("exempt_rural_zones");
    node.object(keys);
    CompensationBook book;
    book.by_kind.assign(names.kinds.size(), CompensationSpec{});
    for (std::size_t k = 0; k < names.kinds.size(); ++k)
        if (const auto rule = node.find(names.kinds[k]))
            book.by_kind[k] = parse_compensation_rule(*rule);
    if (const auto rules = node.find("rules"))
        for (std::size_t i = 0; i < rules->array_size(); ++i)
            book.rules.push_back(parse_segment_rule((*rules)[i], names));
    book.exempt_rural_zones = node.get_or("exempt_rural_zones", book.exempt_rural_zones);
    return book;
}

} // namespace fieldsim::models
