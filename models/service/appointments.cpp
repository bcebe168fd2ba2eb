#include "models/service/appointments.h"

#include <algorithm>

namespace fieldsim::models {

AppointmentSpec parse_appointments(const JsonReader& node, const BusinessHours& hours) {
    node.object({"slot_h", "slots", "working_days_only", "lead_min", "early_min"});
    AppointmentSpec spec; // windows of 2 h by default (city-rules.md section 2)
    const Time open_hours = hours.close - hours.open;
    if (const auto slot = node.find("slot_h")) {
        const double slot_h = slot->as<double>();
        // Bounded before the conversion to seconds, and at least a second after it.
        if (!(slot_h > 0) || slot_h > 24)
            spec.slot = 0;
        else
            spec.slot = to_seconds(slot_h, sim::kHour);
        if (spec.slot < 1 || spec.slot > open_hours)
            slot->fail("a window of hours > 0 that fits between opening and closing (" +
                       format_number(sim::to_minutes(open_hours) / 60) + " h)");
    } else if (spec.slot > open_hours) {
        node.error("the default window of " + format_number(sim::to_minutes(spec.slot) / 60) +
                   " h does not fit between opening and closing; give slot_h");
    }
    spec.slots = node.get<int>("slots", at_least(1));
    spec.working_days_only = node.get_or("working_days_only", spec.working_days_only);
    spec.lead = to_seconds(node.get_or("lead_min", sim::to_minutes(spec.lead), between(0, 24 * 60)),
                           sim::kMinute);
    spec.early = to_seconds(
        node.get_or("early_min", sim::to_minutes(spec.early), between(0, 24 * 60)), sim::kMinute);
    return spec;
}

AppointmentBook::AppointmentBook(const AppointmentSpec& spec, const BusinessHours& hours,
                                 const CalendarSpec& calendar, std::size_t districts,
                                 std::int64_t days)
    : spec_(&spec), hours_(&hours), calendar_(&calendar), days_(days), districts_(districts),
      windows_(static_cast<std::size_t>((hours.close - hours.open) / spec.slot)),
      booked_(static_cast<std::size_t>(days) * districts * windows_, 0) {}

std::int64_t AppointmentBook::next_day(std::int64_t day) const {
    ++day;
    if (spec_->working_days_only)
        while (!calendar_->is_working_day(day))
            ++day;
    return day;
}

Window AppointmentBook::book(std::size_t district, Time entry) {
    const auto window = [this](std::int64_t day, std::size_t w) {
        const Time start =
            sim::start_of_day(day) + hours_->open + static_cast<Time>(w) * spec_->slot;
        return Window{start, start + spec_->slot};
    };
    for (std::int64_t day = next_day(sim::day_index(entry));; day = next_day(day)) {
        // Bookings are kept day by day; a search past the last day kept
        // (a backlog beyond the run's end) grows the book.
        if (day >= days_) grow(day + 1);
        const std::size_t first =
            (static_cast<std::size_t>(day) * districts_ + district) * windows_;
        for (std::size_t w = 0; w < windows_; ++w)
            if (booked_[first + w] < static_cast<std::uint32_t>(spec_->slots)) {
                ++booked_[first + w];
                return window(day, w);
            }
    }
}

void AppointmentBook::grow(std::int64_t days) {
    days_ = std::max(days, 2 * days_);
    booked_.resize(static_cast<std::size_t>(days_) * districts_ * windows_, 0);
}

} // namespace fieldsim::models
