// The promise and the money: when an order is due, what a late order costs,
// what a finished one pays, and how many technicians stay for the evening.
// Each is a small value built from the scenario and asked in the event loop.
#pragma once

#include "models/scenario.h"

#include <algorithm>
#include <cmath>

namespace fieldsim::models {

class SlaRule {
  public:
    explicit SlaRule(const SlaSpec& spec) : spec_(spec) {}

    Time due(OrderKind kind, Time entry) const {
        const auto k = static_cast<std::size_t>(kind);
        const bool before_cutoff = sim::time_of_day(entry) < spec_.cutoff;
        const DueRule& rule = before_cutoff ? spec_.before_cutoff[k] : spec_.after_cutoff[k];
        if (rule.type == DueRule::Type::within) return entry + rule.within;
        return sim::start_of_day(sim::day_index(entry) + 1 + rule.day_offset);
    }

  private:
    SlaSpec spec_;
};

class CompensationRule {
  public:
    explicit CompensationRule(const CompensationSpec& spec) : spec_(spec) {}

    // What the customer is owed for finishing `late` seconds after the due
    // time; a part day counts as a whole day.
    double amount(Time late) const {
        if (late <= 0) return 0.0;
        const auto started_days = static_cast<double>((late + sim::kDay - 1) / sim::kDay);
        const double owed = spec_.per_order_cny + spec_.per_started_day_cny * started_days;
        return spec_.cap_cny ? std::min(owed, *spec_.cap_cny) : owed;
    }

  private:
    CompensationSpec spec_;
};

class PieceRate {
  public:
    PieceRate(const PaySpec& pay, const EveningSpec& evening)
        : rates_(pay.piece_rate_cny), evening_start_(evening.start),
          premium_(evening.enabled ? evening.premium_cny : 0.0) {}

    double piece(OrderKind kind) const { return rates_[static_cast<std::size_t>(kind)]; }
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
