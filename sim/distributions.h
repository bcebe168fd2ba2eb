// Distributions drawn from a Stream. Each is a small value type built once
// from its parameters and then sampled in the event loop without allocation.
#pragma once

#include "sim/random.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace fieldsim::sim {

// Lognormal given by the mean and standard deviation of the variable itself
// (what people measure), not of its logarithm.
class Lognormal {
  public:
    Lognormal(double mean, double sd) : mean_(mean) {
        if (!(mean > 0.0) || !(sd >= 0.0))
            throw std::invalid_argument("lognormal needs mean > 0 and sd >= 0");
        const double sigma2 = std::log1p((sd * sd) / (mean * mean));
        sigma_ = std::sqrt(sigma2);
        mu_ = std::log(mean) - sigma2 / 2.0;
    }
    double operator()(Stream& s) const { return std::exp(mu_ + sigma_ * s.normal()); }
    double mean() const { return mean_; }
    double mu() const { return mu_; }
    double sigma() const { return sigma_; }

  private:
    double mean_;
    double mu_ = 0.0;
    double sigma_ = 0.0;
};

// Poisson counts: multiplication for small means, Hormann's PTRS
// (transformed rejection with squeeze) for large ones.
std::uint64_t poisson(Stream& s, double mean);

// Walker/Vose alias table: O(1) draws from a fixed discrete distribution.
// A column is kept when a uniform draw falls below its probability, tested
// on the draw's bits (Stream::below_unit): the same outcome as the double
// comparison, without the conversion (three draws an order in the city).
class AliasTable {
  public:
    explicit AliasTable(const std::vector<double>& weights);
    std::size_t operator()(Stream& s) const {
        const std::size_t column = s.below(keep_below_.size());
        return Stream::top53(s.next()) < keep_below_[column] ? column : alias_[column];
    }
    std::size_t size() const { return keep_below_.size(); }

  private:
    std::vector<std::uint64_t> keep_below_; // per column: below_unit of its probability
    std::vector<std::size_t> alias_;
};

// A rate that repeats every `period` and is constant on segments of it,
// multiplied by a factor per period (busy and quiet days). Arrivals of the
// non-homogeneous Poisson process come by inversion of the cumulative rate:
// no thinning, so no draws are wasted in quiet hours.
class PeriodicPiecewiseRate {
  public:
    // bounds: 0 = b0 < b1 < ... < bk = period; rates[i] applies on [b_i, b_{i+1}).
    PeriodicPiecewiseRate(std::vector<double> bounds, std::vector<double> rates);

    // Where a time falls: which period, and which segment of it.
    struct Position {
        std::int64_t period;
        std::size_t segment;
    };
    Position position_of(double t) const {
        const auto period = static_cast<std::int64_t>(std::floor(t / period_));
        return Position{period, segment_at(t - static_cast<double>(period) * period_)};
    }

    // The first arrival after `from` once `unit_exp` (an Exp(1) draw) of
    // cumulative rate has been used up; +infinity if none comes before `until`.
    double next_arrival(double from, double unit_exp, const auto& factor, double until) const {
        Position at = position_of(from);
        return next_arrival(at, from, unit_exp, factor, until);
    }

    // The same from `at`, the position of `from`, which is moved along to
    // the position of the arrival: a stream that keeps it never searches.
    //
    // The walk steps from segment to segment by index: finding the segment
    // again from the time reached could land just short of a bound that is
    // not a binary fraction (0.1) and never get past it.
    double next_arrival(Position& at, double from, double unit_exp, const auto& factor,
                        double until) const {
        double t = from;
        while (t < until) {
            const double period_start = static_cast<double>(at.period) * period_;
            const double seg_end = std::min(period_start + bounds_[at.segment + 1], until);
            const double rate = rates_[at.segment] * factor(at.period);
            const double capacity = rate * std::max(seg_end - t, 0.0);
            if (rate > 0.0 && unit_exp <= capacity) return t + unit_exp / rate;
            unit_exp -= capacity;
            t = seg_end;
            if (++at.segment == rates_.size()) {
                at.segment = 0;
                ++at.period;
            }
        }
        return std::numeric_limits<double>::infinity();
    }
    double period() const { return period_; }
    double mean_per_period() const;

  private:
    std::size_t segment_at(double offset) const;
    std::vector<double> bounds_;
    std::vector<double> rates_;
    double period_;
};

} // namespace fieldsim::sim
