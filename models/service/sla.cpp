#include "models/service/sla.h"

namespace fieldsim::models {

namespace {

DueRule parse_due_rule(const JsonReader& node) {
    if (node.json() == "same_day" || node.json() == "next_day")
        return {DueRule::Type::end_of_day, node.json() == "same_day" ? 0 : 1, 0};
    if (!node.json().is_object()) node.fail("\"same_day\", \"next_day\" or {\"within_h\": hours}");
    node.object({"within_h"});
    return {DueRule::Type::within, 0,
            to_seconds(node.get<double>("within_h", above(0)), sim::kHour)};
}

} // namespace

SlaSpec parse_sla(const JsonReader& node, const std::vector<std::string>& kinds) {
    node.object({"cutoff", "before_cutoff", "after_cutoff"});
    SlaSpec sla;
    sla.cutoff = node["cutoff"].clock();
    read_per_kind(node["before_cutoff"], kinds, sla.before_cutoff, parse_due_rule, true);
    read_per_kind(node["after_cutoff"], kinds, sla.after_cutoff, parse_due_rule, true);
    return sla;
}

} // namespace fieldsim::models
