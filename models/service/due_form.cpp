#include "models/service/due_form.h"

#include <algorithm>

namespace fieldsim::models {

namespace {

constexpr std::string_view kExpected = "\"same_day\", \"next_day\", \"appointment\", "
                                       "{\"end_of_day\": days}, {\"within_h\": hours} or "
                                       "{\"within_h\": hours, \"clock\": \"business\"}";

std::int64_t next_working_day(std::int64_t day, const CalendarSpec& calendar) {
    do
        ++day;
    while (!calendar.is_working_day(day));
    return day;
}

} // namespace

DueForm parse_due_form(const JsonReader& node) {
    const auto& j = node.json();
    if (j == "same_day" || j == "next_day")
        return {DueForm::Type::end_of_day, j == "same_day" ? 0 : 1};
    if (j == "appointment") return {DueForm::Type::appointment};
    if (!j.is_object()) node.fail(kExpected);
    if (node.has("end_of_day")) {
        node.object({"end_of_day"});
        return {DueForm::Type::end_of_day, node.get<int>("end_of_day", between(0, 366))};
    }
    node.object({"within_h", "clock", "clock_cutoff"});
    DueForm form{DueForm::Type::within};
    // Longer than a year is surely a slip (and would overflow the clock).
    form.within =
        to_seconds(node.get<double>("within_h", Range{0, 24 * 366, true, false}), sim::kHour);
    const auto clock = node.find("clock");
    if (clock && clock->choice({"natural", "business"}) == 1) form.type = DueForm::Type::business;
    if (const auto cutoff = node.find("clock_cutoff")) {
        if (form.type != DueForm::Type::business) cutoff->error("only for \"clock\": \"business\"");
        form.clock_cutoff = cutoff->clock();
    }
    return form;
}

Time business_clock_start(Time entry, Time clock_cutoff, const BusinessHours& hours,
                          const CalendarSpec& calendar) {
    const std::int64_t day = sim::day_index(entry);
    const Time at = sim::time_of_day(entry);
    // Time between the clock cutoff and closing is not used (city-rules 8.2).
    const Time last_start = clock_cutoff < 0 ? hours.close : std::min(clock_cutoff, hours.close);
    if (calendar.is_working_day(day) && at < last_start)
        return std::max(entry, sim::start_of_day(day) + hours.open);
    return sim::start_of_day(next_working_day(day, calendar)) + hours.open;
}

Time business_due(Time start, Time within, const BusinessHours& hours,
                  const CalendarSpec& calendar) {
    std::int64_t day = sim::day_index(start);
    Time left = within;
    Time from = start;
    for (;;) {
        const Time closing = sim::start_of_day(day) + hours.close;
        // A clock that runs out exactly at closing is due at closing.
        if (from + left <= closing) return from + left;
        left -= closing - from;
        day = next_working_day(day, calendar);
        from = sim::start_of_day(day) + hours.open;
    }
}

Time due_without_booking(const DueForm& form, Time entry, const BusinessHours& hours,
                         const CalendarSpec& calendar) {
    switch (form.type) {
    case DueForm::Type::end_of_day:
        return sim::start_of_day(sim::day_index(entry) + 1 + form.day_offset);
    case DueForm::Type::within:
        return entry + form.within;
    case DueForm::Type::business:
        return business_due(business_clock_start(entry, form.clock_cutoff, hours, calendar),
                            form.within, hours, calendar);
    case DueForm::Type::appointment:
        break;
    }
    return entry;
}

} // namespace fieldsim::models
