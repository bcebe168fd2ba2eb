#include "sim/date.h"

#include <cstdio>

namespace fieldsim::sim {

namespace {
bool digits(std::string_view text, int& out) {
    out = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return !text.empty();
}
} // namespace

std::optional<Date> parse_date(std::string_view text) {
    Date d{};
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
        !digits(text.substr(0, 4), d.year) || !digits(text.substr(5, 2), d.month) ||
        !digits(text.substr(8, 2), d.day) || d.month < 1 || d.month > 12 || d.day < 1)
        return std::nullopt;
    // A date that does not exist (31 April) comes back as another one.
    if (civil_from_days(days_from_civil(d)) != d) return std::nullopt;
    return d;
}

std::string format_date(Date d) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", d.year, d.month, d.day);
    return text;
}

} // namespace fieldsim::sim
