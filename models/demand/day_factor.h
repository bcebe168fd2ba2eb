// Busy and quiet days: every stream's rate on day d is multiplied by F_d,
// lognormal with this mean and sd, independent across days (sd 0: F_d = mean),
// and by its kind's factor for the weekday of day d, if the scenario gives any.
#pragma once

#include "models/core/segment.h"
#include "models/scenario/json_reader.h"
#include "models/scenario/limits.h"
#include "sim/random.h"

#include <array>
#include <string>
#include <vector>

namespace fieldsim::models {

using WeekdayFactors = std::array<double, 7>; // Monday first

struct DayFactorSpec {
    double mean = 1.0;
    double sd = 0.0;
    PerKind<WeekdayFactors> weekday; // empty: every weekday alike
};

// "demand": {"day_factor": {"mean", "sd"}, "weekday_factors": seven factors
// for every kind, or {kind: seven factors}}.
DayFactorSpec parse_demand(const JsonReader& node, const std::vector<std::string>& kinds);

// F_0 .. F_{days-1}, drawn from `stream`.
std::vector<double> draw_day_factors(const DayFactorSpec& spec, int days, sim::Stream stream);

// Multiplies each day's factor by that of its weekday; day 0 is `first_weekday`
// (0 Monday .. 6 Sunday).
void apply_weekdays(std::vector<double>& factors, const WeekdayFactors& weekday, int first_weekday);

// The mean of a kind's weekday factors (1 without any): its rate's over a week.
double weekday_mean(const DayFactorSpec& spec, KindId kind);

} // namespace fieldsim::models
