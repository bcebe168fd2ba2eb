// Busy and quiet days: every stream's rate on day d is multiplied by F_d,
// lognormal with this mean and sd, independent across days (sd 0: F_d = mean).
#pragma once

#include "models/scenario/json_reader.h"
#include "models/scenario/limits.h"
#include "sim/random.h"

#include <vector>

namespace fieldsim::models {

struct DayFactorSpec {
    double mean = 1.0;
    double sd = 0.0;
};

// "demand": {"day_factor": {"mean", "sd"}}
DayFactorSpec parse_demand(const JsonReader& node);

// F_0 .. F_{days-1}, drawn from `stream`.
std::vector<double> draw_day_factors(const DayFactorSpec& spec, int days, sim::Stream stream);

} // namespace fieldsim::models
