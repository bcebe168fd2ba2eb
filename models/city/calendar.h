// Which days of the week technicians work; orders arrive on every day.
#pragma once

#include "models/scenario/json_reader.h"

#include <array>
#include <cstdint>

namespace fieldsim::models {

struct CalendarSpec {
    int first_weekday = 0; // of day 0: 0 Monday .. 6 Sunday
    std::array<bool, 7> workdays{true, true, true, true, true, true, true}; // Monday first
    bool is_workday(std::int64_t day) const {
        return workdays[static_cast<std::size_t>((first_weekday + day) % 7)];
    }
    bool every_day_works() const {
        for (const bool works : workdays)
            if (!works) return false;
        return true;
    }
};

CalendarSpec parse_calendar(const JsonReader& node);

} // namespace fieldsim::models
