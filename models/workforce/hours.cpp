#include "models/workforce/hours.h"

#include <algorithm>

namespace fieldsim::models {

std::optional<HoursLawSpec> parse_hours_law(const JsonReader& node) {
    if (node.json() == "off") return std::nullopt;
    if (!node.json().is_object()) node.fail("\"off\" or an object of overtime limits");
    node.object({"daily_overtime_h", "daily_overtime_special_h", "monthly_overtime_h"});
    HoursLawSpec law;
    // A day's limits within a day, a month's within 31 days.
    const auto hours = [&](std::string_view key, Time fallback, double most) {
        return to_seconds(node.get_or(key, sim::to_minutes(fallback) / 60, between(0, most)),
                          sim::kHour);
    };
    law.daily_overtime = hours("daily_overtime_h", law.daily_overtime, 24);
    law.daily_overtime_special = hours("daily_overtime_special_h", law.daily_overtime_special, 24);
    law.monthly_overtime = hours("monthly_overtime_h", law.monthly_overtime, 24 * 31);
    const auto h = [](Time t) { return format_number(sim::to_minutes(t) / 60) + " h"; };
    // A limit left at its default is named with it, at the law.
    const auto refuse = [&](const char* key, Time value, const std::string& expected) {
        if (node.has(key)) node[key].fail(expected);
        node.error(std::string(key) + " is " + h(value) + " by default; expected " + expected +
                   ": give it");
    };
    for (const auto& [key, daily] :
         {std::pair{"daily_overtime_h", law.daily_overtime},
          std::pair{"daily_overtime_special_h", law.daily_overtime_special}})
        if (daily > law.monthly_overtime)
            refuse(key, daily,
                   "a daily limit no greater than the monthly one (" + h(law.monthly_overtime) +
                       ")");
    if (law.daily_overtime_special < law.daily_overtime)
        refuse("daily_overtime_special_h", law.daily_overtime_special,
               "a limit no less than the daily one (" + h(law.daily_overtime) +
                   "): it is the larger limit for special reasons");
    return law;
}

std::int64_t month_of(std::int64_t day, const CalendarSpec& calendar) {
    if (!calendar.start_date) return day / 30;
    const sim::Date date = sim::civil_from_days(*calendar.start_date + day);
    return static_cast<std::int64_t>(date.year) * 12 + date.month - 1;
}

Time HoursLedger::left(const HoursLawSpec& law, std::int64_t day, std::int64_t month,
                       bool special) const {
    const Time daily = special ? law.daily_overtime_special : law.daily_overtime;
    return std::max<Time>(0,
                          std::min(daily - today(day), law.monthly_overtime - this_month(month)));
}

Time HoursLedger::book(const HoursLawSpec& law, std::int64_t day, std::int64_t month, Time overtime,
                       bool special) {
    if (day != day_) day_overtime_ = 0;
    if (month != month_) month_overtime_ = 0;
    day_ = day;
    month_ = month;
    const Time daily = special ? law.daily_overtime_special : law.daily_overtime;
    const Time over_before =
        std::max(std::max<Time>(0, day_overtime_ - daily), month_overtime_ - law.monthly_overtime);
    day_overtime_ += overtime;
    month_overtime_ += overtime;
    const Time over_after =
        std::max(std::max<Time>(0, day_overtime_ - daily), month_overtime_ - law.monthly_overtime);
    return std::max<Time>(0, over_after - over_before);
}

} // namespace fieldsim::models
