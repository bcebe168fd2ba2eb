// Civil dates (proleptic Gregorian) as day numbers, for calendars: day 0 of a
// run has a date, and day d is that date plus d. The conversions are Howard
// Hinnant's days_from_civil / civil_from_days; ISO weeks per ISO 8601.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fieldsim::sim {

struct Date {
    int year;
    int month; // 1..12
    int day;   // 1..31
    friend bool operator==(const Date&, const Date&) = default;
};

// Days since 1970-01-01.
constexpr std::int64_t days_from_civil(Date d) {
    const int y = d.year - (d.month <= 2);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = static_cast<unsigned>(d.month + (d.month > 2 ? -3 : 9));
    const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d.day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr Date civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const auto y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
    return Date{y, static_cast<int>(m), static_cast<int>(d)};
}

// 0 Monday .. 6 Sunday (1970-01-01 was a Thursday).
constexpr int weekday(std::int64_t days) {
    const std::int64_t w = (days + 3) % 7;
    return static_cast<int>(w < 0 ? w + 7 : w);
}

// The ISO 8601 week-numbering year and week of a day (weeks start on Monday;
// week 1 holds the year's first Thursday).
struct IsoWeek {
    int year;
    int week;
    friend bool operator==(const IsoWeek&, const IsoWeek&) = default;
};
constexpr IsoWeek iso_week(std::int64_t days) {
    const std::int64_t thursday = days - weekday(days) + 3; // the Thursday of its week
    const int year = civil_from_days(thursday).year;
    const std::int64_t first = days_from_civil(Date{year, 1, 1});
    return IsoWeek{year, static_cast<int>((thursday - first) / 7 + 1)};
}

// "YYYY-MM-DD", checked (month lengths, leap years); nothing when malformed.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date d);

} // namespace fieldsim::sim
