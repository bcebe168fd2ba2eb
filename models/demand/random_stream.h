// One Poisson stream of orders of one kind, with a daily rate profile, zone
// weights and a work-time distribution.
#pragma once

#include "models/core/segment.h"
#include "models/demand/work_time.h"
#include "models/scenario/fields.h"

#include <vector>

namespace fieldsim::models {

// All weight on the first name: broadband, public.
inline std::vector<double> one_of(std::size_t names) {
    std::vector<double> weights(names, 0.0);
    weights[0] = 1.0;
    return weights;
}

struct RandomOrderStream {
    KindId kind = kInstall;
    // Mean orders per second on [bounds[i], bounds[i+1]) of every day
    // (bounds in seconds of the day, 0 .. 86400), before the day factor.
    std::vector<double> bounds;
    std::vector<double> rates;
    std::vector<double> zone_weights; // empty: uniform over zones
    // One weight per product and per customer class (kProductNames, kClassNames).
    std::vector<double> product_weights = one_of(kProductNames.size());
    std::vector<double> class_weights = one_of(kClassNames.size());
    WorkTimeSpec work;
};

// {"kind", "per_day", "hours" or "profile", "zones", "product", "class",
// "work_time"}
RandomOrderStream parse_random_stream(const JsonReader& node, const ParseContext& ctx);

} // namespace fieldsim::models
