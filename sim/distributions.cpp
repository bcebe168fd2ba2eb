#include "sim/distributions.h"

#include <algorithm>
#include <numeric>

namespace fieldsim::sim {

std::uint64_t poisson(Stream& s, double mean) {
    if (!(mean >= 0.0)) throw std::invalid_argument("poisson needs mean >= 0");
    if (mean < 10.0) {
        const double limit = std::exp(-mean);
        std::uint64_t k = 0;
        double product = s.uniform_open0();
        while (product > limit) {
            ++k;
            product *= s.uniform_open0();
        }
        return k;
    }
    const double slam = std::sqrt(mean);
    const double loglam = std::log(mean);
    const double b = 0.931 + 2.53 * slam;
    const double a = -0.059 + 0.02483 * b;
    const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    const double vr = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        const double u = s.uniform() - 0.5;
        const double v = s.uniform();
        const double us = 0.5 - std::abs(u);
        const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= vr) return static_cast<std::uint64_t>(k);
        if (k < 0.0 || (us < 0.013 && v > us)) continue;
        if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
            -mean + k * loglam - std::lgamma(k + 1.0))
            return static_cast<std::uint64_t>(k);
    }
}

AliasTable::AliasTable(const std::vector<double>& weights) {
    const std::size_t n = weights.size();
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    if (n == 0 || !(total > 0.0) ||
        std::any_of(weights.begin(), weights.end(), [](double w) { return !(w >= 0.0); }))
        throw std::invalid_argument("alias table needs non-negative weights with a positive sum");
    std::vector<double> prob(n, 0.0);
    alias_.assign(n, 0);
    std::vector<double> scaled(n);
    std::vector<std::size_t> small, large;
    for (std::size_t i = 0; i < n; ++i) {
        scaled[i] = weights[i] * static_cast<double>(n) / total;
        (scaled[i] < 1.0 ? small : large).push_back(i);
    }
    while (!small.empty() && !large.empty()) {
        const std::size_t lo = small.back();
        const std::size_t hi = large.back();
        small.pop_back();
        prob[lo] = scaled[lo];
        alias_[lo] = hi;
        scaled[hi] -= 1.0 - scaled[lo];
        if (scaled[hi] < 1.0) {
            large.pop_back();
            small.push_back(hi);
        }
    }
    // What is left is 1 up to rounding.
    for (std::size_t i : large)
        prob[i] = 1.0;
    for (std::size_t i : small)
        prob[i] = 1.0;
    keep_below_.resize(n);
    std::transform(prob.begin(), prob.end(), keep_below_.begin(), Stream::below_unit);
}

PeriodicPiecewiseRate::PeriodicPiecewiseRate(std::vector<double> bounds, std::vector<double> rates)
    : bounds_(std::move(bounds)), rates_(std::move(rates)) {
    if (bounds_.size() < 2 || rates_.size() + 1 != bounds_.size() || bounds_.front() != 0.0)
        throw std::invalid_argument("piecewise rate needs bounds 0 = b0 < ... < bk and k rates");
    for (std::size_t i = 0; i + 1 < bounds_.size(); ++i)
        if (!(bounds_[i] < bounds_[i + 1]) || !(rates_[i] >= 0.0))
            throw std::invalid_argument("piecewise rate needs increasing bounds, rates >= 0");
    period_ = bounds_.back();
}

// The number of inner bounds at or below `offset`; an offset that rounding put
// just outside [0, period) counts as in the first or last segment.
std::size_t PeriodicPiecewiseRate::segment_at(double offset) const {
    const auto inner = bounds_.begin() + 1;
    return static_cast<std::size_t>(std::upper_bound(inner, bounds_.end() - 1, offset) - inner);
}

double PeriodicPiecewiseRate::mean_per_period() const {
    double total = 0.0;
    for (std::size_t i = 0; i < rates_.size(); ++i)
        total += rates_[i] * (bounds_[i + 1] - bounds_[i]);
    return total;
}

} // namespace fieldsim::sim
