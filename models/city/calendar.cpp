#include "models/city/calendar.h"

#include "models/scenario/fields.h"

namespace fieldsim::models {

CalendarSpec parse_calendar(const JsonReader& node) {
    node.object({"first_weekday", "workdays"});
    CalendarSpec calendar;
    if (const auto first = node.find("first_weekday"))
        calendar.first_weekday = static_cast<int>(first->choice(kWeekdays));
    const auto workdays = node.find("workdays");
    if (!workdays) return calendar;
    const std::size_t n = workdays->array_size();
    if (n == 0) workdays->fail("a non-empty array of weekdays (\"mon\" .. \"sun\")");
    calendar.workdays.fill(false);
    for (std::size_t i = 0; i < n; ++i) {
        const JsonReader day = (*workdays)[i];
        const std::size_t weekday = day.choice(kWeekdays);
        if (calendar.workdays[weekday]) day.fail("a weekday not listed before");
        calendar.workdays[weekday] = true;
    }
    return calendar;
}

} // namespace fieldsim::models
