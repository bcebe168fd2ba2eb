#include "sim/time.h"

#include <cstdio>

namespace fieldsim::sim {

namespace {
bool two_digits(std::string_view text, int& out) {
    if (text.size() != 2 || text[0] < '0' || text[0] > '9' || text[1] < '0' || text[1] > '9')
        return false;
    out = (text[0] - '0') * 10 + (text[1] - '0');
    return true;
}
} // namespace

Time parse_hhmm(std::string_view text) {
    int hours = 0;
    int mins = 0;
    if (text.size() != 5 || text[2] != ':' || !two_digits(text.substr(0, 2), hours) ||
        !two_digits(text.substr(3, 2), mins))
        return kBadClock;
    if (mins > 59 || hours > 24 || (hours == 24 && mins != 0)) return kBadClock;
    return hours * kHour + mins * kMinute;
}

std::string format_hhmm(Time t) {
    const Time minutes_total = t / kMinute;
    char buffer[24]; // room for any Time, so the output is never cut
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld",
                  static_cast<long long>(minutes_total / 60),
                  static_cast<long long>(minutes_total % 60));
    return buffer;
}

} // namespace fieldsim::sim
