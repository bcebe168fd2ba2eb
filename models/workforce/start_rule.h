// The work rule dispatch asks before a technician sets out: it may start a
// job only if it could arrive and finish by its shift end at the order's
// expected work time. A job once started is always finished.
#pragma once

#include "sim/time.h"

#include <cstdint>
#include <vector>

namespace fieldsim::models {

using sim::Time;

// The technician asking, seen from dispatch.
struct Seeker {
    int zone;
    Time now;
    Time shift_end;
};

// Travel times and expected work per class: what the start rule needs.
struct StartRule {
    const std::vector<Time>* travel; // zone x zone, row-major
    int zone_count;
    std::vector<Time> expected_work; // per work class

    Time travel_time(int from, int to) const {
        return (*travel)[static_cast<std::size_t>(from) * static_cast<std::size_t>(zone_count) +
                         static_cast<std::size_t>(to)];
    }
    bool may_start(const Seeker& who, int zone, std::uint32_t work_class) const {
        return who.now + travel_time(who.zone, zone) + expected_work[work_class] <= who.shift_end;
    }
};

} // namespace fieldsim::models
