// The promise (city-rules.md section 2): a table of rules, the first whose
// segment filter matches wins, each with a cutoff time of day and the due
// form for orders entered before it and at or after it. The table compiles
// to one promise per cell, so an order finds its promise by its cell.
//
// The reference city's form, {"cutoff", "before_cutoff": per kind,
// "after_cutoff": per kind}, is a table with one rule per kind.
#pragma once

#include "models/city/calendar.h"
#include "models/core/segment_filter.h"
#include "models/service/appointments.h"
#include "models/service/due_form.h"

#include <optional>
#include <string>
#include <vector>

namespace fieldsim::models {

struct Promise {
    Time cutoff = 0; // no cutoff: both forms are the same
    DueForm before_cutoff;
    DueForm after_cutoff;
    bool has_cutoff() const { return cutoff > 0; }
};

struct SlaRuleSpec {
    std::string name;
    SegmentFilter when;
    Promise promise;
};

struct SlaSpec {
    std::vector<SlaRuleSpec> rules; // first match wins
    BusinessHours hours;
    std::optional<AppointmentSpec> appointments; // needed by the "appointment" form
    PerKind<double>
        decline_same_day; // probability per kind; declined orders get the after-cutoff form
    bool uses(DueForm::Type type) const;
};

// {"rules": [...], "business_hours", "appointments", "decline_same_day"} or
// the per-kind form; checks that every due form has what it needs.
SlaSpec parse_sla(const JsonReader& node, const SegmentNames& names);

// Names the first segment no rule covers (a load error), or nothing.
std::optional<Segment> first_uncovered(const SlaSpec& sla, const std::vector<Segment>& reached);

// When an order is due and when work on it may start.
struct Due {
    Time due;
    Time ready; // the appointment window's start, else entry
    bool appointment;
};

class SlaBook {
  public:
    SlaBook(const SlaSpec& spec, const CalendarSpec& calendar, const SegmentSpace& space);

    const Promise& promise(std::uint32_t cell) const { return rules_[rule_of_cell_[cell]]; }
    // Whether a customer may decline same-day service for this order.
    bool may_decline(std::uint32_t cell, KindId kind, Time entry) const {
        if (!any_decline_) return false;
        const Promise& p = promise(cell);
        return decline_[kind] > 0 && p.has_cutoff() && sim::time_of_day(entry) < p.cutoff;
    }
    double decline_probability(KindId kind) const { return decline_[kind]; }
    bool uses_appointments() const { return spec_->appointments.has_value(); }
    // How long before its window an appointment order is offered.
    Time appointment_lead() const { return spec_->appointments ? spec_->appointments->lead : 0; }

    // The order's due time; `after_cutoff` forces the after-cutoff form
    // (a customer who declined same-day service, city-rules 8.5); an
    // appointment books a window in `book`.
    Due due(std::uint32_t cell, std::size_t district, Time entry, bool after_cutoff,
            AppointmentBook* book) const {
        const Promise& p = promise(cell);
        const bool before =
            !after_cutoff && (!p.has_cutoff() || sim::time_of_day(entry) < p.cutoff);
        const DueForm& form = before ? p.before_cutoff : p.after_cutoff;
        // The reference city's forms are the common case: no call.
        if (form.type == DueForm::Type::end_of_day)
            return {sim::start_of_day(sim::day_index(entry) + 1 + form.day_offset), entry, false};
        if (form.type == DueForm::Type::within) return {entry + form.within, entry, false};
        return due_by_calendar(form, district, entry, book);
    }

  private:
    Due due_by_calendar(const DueForm& form, std::size_t district, Time entry,
                        AppointmentBook* book) const;

    const SlaSpec* spec_;
    const CalendarSpec* calendar_;
    std::vector<Promise> rules_;
    std::vector<std::uint16_t> rule_of_cell_;
    PerKind<double> decline_;
    bool any_decline_;
};

} // namespace fieldsim::models
