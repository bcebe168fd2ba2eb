// Times of hand-worked cases: day, hour, minute and second since 00:00 of day 0.
#pragma once

#include "sim/time.h"

namespace fieldsim::testing {

constexpr sim::Time at(int day, int hour, int minute, int second = 0) {
    return day * sim::kDay + hour * sim::kHour + minute * sim::kMinute + second;
}

} // namespace fieldsim::testing
