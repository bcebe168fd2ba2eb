// Simulation time: integer seconds from 00:00 of day 0. Integers make "before
// 16:00" and "the same day" exact and keep event order free of rounding.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fieldsim::sim {

using Time = std::int64_t;

inline constexpr Time kSecond = 1;
inline constexpr Time kMinute = 60;
inline constexpr Time kHour = 60 * kMinute;
inline constexpr Time kDay = 24 * kHour;
// Later than any event: "no such time".
inline constexpr Time kNever = INT64_MAX;

// Floor division, so that times before day 0 still land in the right day.
// The usual case, a time after day 0, divides unsigned: a multiplication and
// a shift, where the signed division corrects for the sign (and the loop
// asks for a day three or four times an order).
constexpr std::int64_t day_index(Time t) {
    return t >= 0 ? static_cast<std::int64_t>(static_cast<std::uint64_t>(t) / kDay)
                  : -((-t + kDay - 1) / kDay);
}
constexpr Time start_of_day(std::int64_t day) {
    return day * kDay;
}
constexpr Time time_of_day(Time t) {
    return t - start_of_day(day_index(t));
}

constexpr Time minutes(double m) {
    return static_cast<Time>(m * kMinute);
}
constexpr double to_minutes(Time t) {
    return static_cast<double>(t) / kMinute;
}

// Seconds after midnight for "HH:MM" (00:00 .. 24:00); nullopt-like -1 on bad text
// so callers can name their own context in the error.
Time parse_hhmm(std::string_view text);
std::string format_hhmm(Time time_of_day);

inline constexpr Time kBadClock = -1;

} // namespace fieldsim::sim
