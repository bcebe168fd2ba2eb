// How long a run lasts: the days with arrivals, then the drain.
#pragma once

#include "models/scenario/json_reader.h"
#include "models/scenario/limits.h"

namespace fieldsim::models {

struct Horizon {
    int days = 1;             // orders arrive on days 0 .. days-1
    int max_drain_days = 365; // the drain stops after this many extra days
};

inline Horizon parse_horizon(const JsonReader& node) {
    node.object({"days", "max_drain_days"});
    Horizon horizon;
    horizon.days = node.get<int>("days", between(1, kMaxDays));
    horizon.max_drain_days =
        node.get_or("max_drain_days", horizon.max_drain_days, between(0, kMaxDrainDays));
    return horizon;
}

} // namespace fieldsim::models
