#include "models/workforce/hours.h"

#include <algorithm>

namespace fieldsim::models {

std::optional<HoursLawSpec> parse_hours_law(const JsonReader& node) {
    if (node.json() == "off") return std::nullopt;
    if (!node.json().is_object()) node.fail("\"off\" or an object of overtime limits");
    node.object({"daily_overtime_h", "daily_overtime_special_h", "monthly_overtime_h"});
    HoursLawSpec law;
    const auto hours = [&](std::string_view key, Time fallback) {
        return to_seconds(node.get_or(key, sim::to_minutes(fallback) / 60, between(0, 24 * 31)),
                          sim::kHour);
    };
    law.daily_overtime = hours("daily_overtime_h", law.daily_overtime);
    law.daily_overtime_special = hours("daily_overtime_special_h", law.daily_overtime_special);
    law.monthly_overtime = hours("monthly_overtime_h", law.monthly_overtime);
    if (law.daily_overtime > law.monthly_overtime)
        node["daily_overtime_h"].fail("a daily limit no greater than the monthly one (" +
                                      format_number(sim::to_minutes(law.monthly_overtime) / 60) +
                                      " h)");
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
