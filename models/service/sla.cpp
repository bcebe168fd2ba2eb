#include "models/service/sla.h"

#include <algorithm>
#include <limits>

namespace fieldsim::models {

namespace {

inline constexpr std::size_t kMaxRules = std::numeric_limits<std::uint16_t>::max();

// {"cutoff", "before_cutoff", "after_cutoff"} or {"due"}.
Promise parse_promise(const JsonReader& node) {
    Promise promise;
    if (const auto due = node.find("due")) {
        for (const char* key : {"cutoff", "before_cutoff", "after_cutoff"})
            if (node.has(key)) node[key].error("not allowed together with due");
        promise.before_cutoff = promise.after_cutoff = parse_due_form(*due);
        return promise;
    }
    const JsonReader cutoff = node["cutoff"];
    promise.cutoff = cutoff.clock();
    if (promise.cutoff == 0 || promise.cutoff >= sim::kDay)
        cutoff.fail("a time of day after 00:00 and before 24:00 (or give \"due\" alone)");
    promise.before_cutoff = parse_due_form(node["before_cutoff"]);
    promise.after_cutoff = parse_due_form(node["after_cutoff"]);
    return promise;
}

SlaRuleSpec parse_rule(const JsonReader& node, const SegmentNames& names) {
    node.object({"name", "when", "cutoff", "before_cutoff", "after_cutoff", "due"});
    SlaRuleSpec rule;
    rule.name = node.get_or<std::string>("name", "");
    if (const auto when = node.find("when")) rule.when = parse_segment_filter(*when, names);
    rule.promise = parse_promise(node);
    return rule;
}

// The reference city's form: one rule per kind.
std::vector<SlaRuleSpec> parse_per_kind(const JsonReader& node, const SegmentNames& names) {
    const JsonReader cutoff = node["cutoff"];
    PerKind<DueForm> before, after;
    read_per_kind(node["before_cutoff"], names.kinds, before, parse_due_form, true);
    read_per_kind(node["after_cutoff"], names.kinds, after, parse_due_form, true);
    std::vector<SlaRuleSpec> rules;
    for (std::size_t k = 0; k < names.kinds.size(); ++k)
        rules.push_back({names.kinds[k],
                         SegmentFilter::of_kind(static_cast<KindId>(k), names.kinds.size()),
                         Promise{cutoff.clock(), before[k], after[k]}});
    if (rules.front().promise.cutoff == 0) cutoff.fail("a time of day after 00:00");
    return rules;
}

BusinessHours parse_business_hours(const JsonReader& node) {
    node.object({"open", "close"});
    BusinessHours hours{node["open"].clock(), 0};
    const JsonReader close = node["close"];
    hours.close = close.clock();
    if (hours.close <= hours.open)
        close.fail("a time after open (" + sim::format_hhmm(hours.open) + ")");
    return hours;
}

bool uses_form(const std::vector<SlaRuleSpec>& rules, DueForm::Type type) {
    for (const auto& rule : rules)
        if (rule.promise.before_cutoff.type == type || rule.promise.after_cutoff.type == type)
            return true;
    return false;
}

} // namespace

bool SlaSpec::uses(DueForm::Type type) const {
    return uses_form(rules, type);
}

SlaSpec parse_sla(const JsonReader& node, const SegmentNames& names) {
    node.object({"rules", "cutoff", "before_cutoff", "after_cutoff", "business_hours",
                 "appointments", "decline_same_day"});
    SlaSpec sla;
    if (const auto rules = node.find("rules")) {
        for (const char* key : {"cutoff", "before_cutoff", "after_cutoff"})
            if (node.has(key))
                node[key].error("not allowed together with rules (give each rule its cutoff)");
        const std::size_t n = rules->array_size();
        if (n == 0 || n > kMaxRules) rules->fail("a non-empty array of rules");
        for (std::size_t i = 0; i < n; ++i)
            sla.rules.push_back(parse_rule((*rules)[i], names));
    } else {
        sla.rules = parse_per_kind(node, names);
    }
    // Without business_hours, business clocks and appointments keep 08:00-18:00.
    if (const auto hours = node.find("business_hours")) sla.hours = parse_business_hours(*hours);
    const auto appointments = node.find("appointments");
    if (appointments) sla.appointments = parse_appointments(*appointments, sla.hours);
    if (sla.uses(DueForm::Type::appointment) && !appointments)
        node.error("the \"appointment\" form needs appointments (slots per district and window)");
    sla.decline_same_day.assign(names.kinds.size(), 0.0);
    if (const auto decline = node.find("decline_same_day"))
        read_per_kind(
            *decline, names.kinds, sla.decline_same_day,
            [](const JsonReader& p) { return p.as<double>(between(0, 1)); }, false, 0.0);
    return sla;
}

std::optional<Segment> first_uncovered(const SlaSpec& sla, const std::vector<Segment>& reached) {
    for (const Segment& s : reached) {
        bool covered = false;
        for (const auto& rule : sla.rules)
            if ((covered = rule.when.matches(s))) break;
        if (!covered) return s;
    }
    return std::nullopt;
}

SlaBook::SlaBook(const SlaSpec& spec, const CalendarSpec& calendar, const SegmentSpace& space)
    : spec_(&spec), calendar_(&calendar), rule_of_cell_(space.size(), 0),
      decline_(spec.decline_same_day),
      any_decline_(std::any_of(decline_.begin(), decline_.end(), [](double p) { return p > 0; })) {
    for (const auto& rule : spec.rules)
        rules_.push_back(rule.promise);
    // Cells no rule covers cannot be reached (checked at load): they keep rule 0.
    for (std::size_t cell = 0; cell < space.size(); ++cell)
        for (std::size_t r = 0; r < spec.rules.size(); ++r)
            if (spec.rules[r].when.matches(space.segment(cell))) {
                rule_of_cell_[cell] = static_cast<std::uint16_t>(r);
                break;
            }
}

Due SlaBook::due_by_calendar(const DueForm& form, std::size_t district, Time entry,
                             AppointmentBook* book) const {
    if (form.type != DueForm::Type::appointment)
        return {due_without_booking(form, entry, spec_->hours, *calendar_), entry, false};
    const Window window = book->book(district, entry);
    return {window.end, window.start, true};
}

} // namespace fieldsim::models
