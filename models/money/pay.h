// What technicians earn: a piece rate per finished order by kind, and the
// evening premium for work that starts on site after the evening start.
#pragma once

#include "models/core/segment.h"
#include "models/scenario/fields.h"
#include "models/workforce/evening.h"

namespace fieldsim::models {

struct PaySpec {
    PerKind<double> piece_rate_cny; // one per kind; 0 where the scenario names none
};

// {"piece_rate_cny": per kind}
PaySpec parse_pay(const JsonReader& node, const std::vector<std::string>& kinds);

class PieceRate {
  public:
    PieceRate(const PaySpec& pay, const EveningSpec& evening)
        : rates_(pay.piece_rate_cny), evening_start_(evening.start),
          premium_(evening.enabled ? evening.premium_cny : 0.0) {}

    double piece(KindId kind) const { return rates_[kind]; }
    // The evening premium goes to work that starts on site at or after the
    // evening start of the day the technician set out.
    double premium(Time departure, Time work_start) const {
        const Time evening = sim::start_of_day(sim::day_index(departure)) + evening_start_;
        return work_start >= evening ? premium_ : 0.0;
    }

  private:
    PerKind<double> rates_;
    Time evening_start_;
    double premium_;
};

} // namespace fieldsim::models
