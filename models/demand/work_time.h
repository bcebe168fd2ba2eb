// How long the work on site takes: a distribution per order stream, drawn in
// whole seconds.
#pragma once

#include "models/scenario/json_reader.h"
#include "models/scenario/fields.h"
#include "models/scenario/limits.h"
#include "sim/distributions.h"
#include "sim/random.h"

#include <cstdint>
#include <optional>

namespace fieldsim::models {

using sim::Time;

enum class WorkTimeShape : std::uint8_t { lognormal, exponential, deterministic, uniform };

struct WorkTimeSpec {
    WorkTimeShape shape = WorkTimeShape::deterministic;
    double mean_s = 0.0; // lognormal, exponential, deterministic
    double sd_s = 0.0;   // lognormal
    double lo_s = 0.0;   // uniform
    double hi_s = 0.0;   // uniform
    double expected_s() const {
        return shape == WorkTimeShape::uniform ? (lo_s + hi_s) / 2 : mean_s;
    }
};

// {"dist": "lognormal", "mean_min", "sd_min"}, "exponential" / "deterministic"
// with "mean_min", or "uniform" with "lo_min" and "hi_min".
WorkTimeSpec parse_work_time(const JsonReader& node);

class WorkTimeSampler {
  public:
    explicit WorkTimeSampler(const WorkTimeSpec& spec);
    // Whole seconds, at least one: a job always takes some time.
    Time operator()(sim::Stream& s) const;

  private:
    WorkTimeSpec spec_;
    std::optional<sim::Lognormal> lognormal_;
};

} // namespace fieldsim::models
