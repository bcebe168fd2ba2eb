// The evening after the normal shift (city-rules.md section 5), in one of two
// models chosen by name:
// - per_evening: at the evening start each technician on duty decides once to
//   stay until the evening end, with p = p0 + p1 * min(1, premium / premium_full);
// - per_job: every technician on duty is available, and each evening job is
//   offered to one, who accepts with
//     logit p = a + b * ln(money / base_money) - c * (hours_worked - 8),
//   money being what the job pays in the evening (piece rate and premium and
//   points) and hours_worked the time since its shift began. A technician who
//   declines goes home: its evening ends, and the job stays in the pool.
#pragma once

#include "models/scenario/fields.h"

#include <algorithm>
#include <cmath>

namespace fieldsim::models {

enum class EveningModel : std::uint8_t { per_evening, per_job };

// Defaults: b = 2.4 puts the elasticity of p to pay, b * (1 - p), at 1.2 at
// p = 0.5, the Frisch elasticity of hours that labour-supply studies of
// drivers paid by the job find; c = 0.4 per hour lets willingness fall with
// hours already worked (scenarios/README.md "Evening acceptance" cites both).
struct PerJobSpec {
    double a = 0.0;
    double b = 2.4;
    double c = 0.4;
    double base_money_cny = 30.0; // at 8 h worked, half accept a job paying this
    double points_cny = 0.0;      // points a job earns, valued in CNY
};

struct EveningSpec {
    bool enabled = false;
    EveningModel model = EveningModel::per_evening;
    Time start = 0; // decision time; work starting from here earns the premium
    Time end = 0;   // shift end of those who stay
    double p0 = 0.0;
    double p1 = 0.0;
    double premium_cny = 0.0;
    double premium_full_cny = 1.0;
    PerJobSpec per_job;
};

// {"model", "start", "end", "premium_cny", and for per_evening "p0", "p1",
// "premium_full_cny", for per_job "per_job": {"a", "b", "c",
// "base_money_cny", "points_cny"}}; the evening starts at or after the
// shift end.
EveningSpec parse_evening(const JsonReader& node, Time shift_end);

class EveningResponse {
  public:
    explicit EveningResponse(const EveningSpec& spec)
        : per_job_(spec.per_job),
          probability_(spec.enabled ? spec.p0 + spec.p1 * std::min(1.0, spec.premium_cny /
                                                                            spec.premium_full_cny)
                                    : 0.0) {}
    // per_evening: the chance to stay.
    double probability() const { return probability_; }
    // per_job: the chance to accept a job paying `money_cny` (points
    // included) after `hours_worked` hours.
    double accepts(double money_cny, double hours_worked) const {
        if (money_cny <= 0.0) return 0.0;
        const double logit = per_job_.a +
                             per_job_.b * std::log(money_cny / per_job_.base_money_cny) -
                             per_job_.c * (hours_worked - 8.0);
        return 1.0 / (1.0 + std::exp(-logit));
    }
    double points_cny() const { return per_job_.points_cny; }

  private:
    PerJobSpec per_job_;
    double probability_;
};

} // namespace fieldsim::models
