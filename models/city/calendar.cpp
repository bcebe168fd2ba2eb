#include "models/city/calendar.h"

#include "models/scenario/fields.h"

namespace fieldsim::models {

namespace {

std::array<bool, 7> weekdays(const JsonReader& node, bool allow_empty) {
    std::array<bool, 7> days{};
    const std::size_t n = node.array_size();
    if (n == 0 && !allow_empty) node.fail("a non-empty array of weekdays (\"mon\" .. \"sun\")");
    for (std::size_t i = 0; i < n; ++i) {
        const JsonReader day = node[i];
        const std::size_t weekday = day.choice(kWeekdays);
        if (days[weekday]) day.fail("a weekday not listed before");
        days[weekday] = true;
    }
    return days;
}

// Run days of the listed dates, sorted.
std::vector<std::int64_t> run_days(const JsonReader& node, const CalendarSpec& calendar,
                                   const Horizon& horizon) {
    std::vector<std::int64_t> days;
    for (std::size_t i = 0; i < node.array_size(); ++i)
        days.push_back(parse_run_date(node[i], calendar, horizon));
    std::sort(days.begin(), days.end());
    return days;
}

} // namespace

std::int64_t parse_run_date(const JsonReader& node, const CalendarSpec& calendar,
                            const Horizon& horizon) {
    if (!calendar.start_date) node.error("dates need calendar.start_date, the date of day 0");
    const std::int64_t start = *calendar.start_date;
    const int last_year =
        sim::civil_from_days(start + horizon.days + horizon.max_drain_days - 1).year + 1;
    const std::int64_t first = sim::days_from_civil({sim::civil_from_days(start).year - 1, 1, 1});
    const std::int64_t last = sim::days_from_civil({last_year, 12, 31});
    const std::int64_t date = node.date();
    if (date < first || date > last)
        node.fail("a date \"YYYY-MM-DD\" from " + sim::format_date(sim::civil_from_days(first)) +
                  " to " + sim::format_date(sim::civil_from_days(last)) +
                  " (the years of the run's days and drain, and one either side)");
    return date - start;
}

CalendarSpec parse_calendar(const JsonReader& node, const Horizon& horizon) {
    node.object(
        {"start_date", "first_weekday", "workdays", "weekend", "holidays", "makeup_workdays"});
    CalendarSpec calendar;
    if (const auto start = node.find("start_date")) {
        calendar.start_date = start->date();
        calendar.first_weekday = sim::weekday(*calendar.start_date);
        if (const auto first = node.find("first_weekday"))
            if (static_cast<int>(first->choice(kWeekdays)) != calendar.first_weekday)
                first->fail(
                    std::string("\"") +
                    std::string(kWeekdays[static_cast<std::size_t>(calendar.first_weekday)]) +
                    "\", the weekday of start_date, or no first_weekday");
    } else if (const auto first = node.find("first_weekday")) {
        calendar.first_weekday = static_cast<int>(first->choice(kWeekdays));
    }
    if (const auto workdays = node.find("workdays")) calendar.workdays = weekdays(*workdays, false);
    if (const auto weekend = node.find("weekend")) {
        calendar.weekend = weekdays(*weekend, true);
        // Without one working weekday a business clock would never run.
        if (weekend->array_size() == 7)
            weekend->fail("an array of at most 6 weekdays (the business calendar needs a working "
                          "day every week)");
    }
    for (const char* key : {"holidays", "makeup_workdays"}) {
        const auto dates = node.find(key);
        if (!dates) continue;
        auto days = run_days(*dates, calendar, horizon);
        (std::string_view(key) == "holidays" ? calendar.holidays : calendar.makeup_days) =
            std::move(days);
    }
    calendar.index_days(horizon.days + horizon.max_drain_days - 1);
    return calendar;
}

} // namespace fieldsim::models
