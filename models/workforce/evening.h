// The evening after the normal shift: each technician decides once a day
// whether to stay, with p = p0 + p1 * min(1, premium / premium_full).
#pragma once

#include "models/scenario/fields.h"

#include <algorithm>

namespace fieldsim::models {

struct EveningSpec {
    bool enabled = false;
    Time start = 0; // decision time; work starting from here earns the premium
    Time end = 0;   // shift end of those who stay
    double p0 = 0.0;
    double p1 = 0.0;
    double premium_cny = 0.0;
    double premium_full_cny = 1.0;
};

// {"start", "end", "p0", "p1", "premium_cny", "premium_full_cny"}; the
// evening starts at or after the shift end.
EveningSpec parse_evening(const JsonReader& node, Time shift_end);

class EveningResponse {
  public:
    explicit EveningResponse(const EveningSpec& spec)
        : probability_(spec.enabled ? spec.p0 + spec.p1 * std::min(1.0, spec.premium_cny /
                                                                            spec.premium_full_cny)
                                    : 0.0) {}
    double probability() const { return probability_; }

  private:
    double probability_;
};

} // namespace fieldsim::models
