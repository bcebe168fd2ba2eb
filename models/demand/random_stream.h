// One Poisson stream of orders of one kind, with a daily rate profile, zone
// weights and a work-time distribution.
#pragma once

#include "models/core/kind.h"
#include "models/demand/work_time.h"
#include "models/scenario/fields.h"

#include <vector>

namespace fieldsim::models {

struct RandomOrderStream {
    OrderKind kind = OrderKind::install;
    // Mean orders per second on [bounds[i], bounds[i+1]) of every day
    // (bounds in seconds of the day, 0 .. 86400), before the day factor.
    std::vector<double> bounds;
    std::vector<double> rates;
    std::vector<double> zone_weights; // empty: uniform over zones
    WorkTimeSpec work;
};

// {"kind", "per_day", "hours" or "profile", "zones", "work_time"}
RandomOrderStream parse_random_stream(const JsonReader& node, const ParseContext& ctx);

} // namespace fieldsim::models
