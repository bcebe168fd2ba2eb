#include "sim/statistics.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace fieldsim::sim {

void Welford::add(double x) {
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (x - mean_);
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
}

void Welford::merge(const Welford& other) {
    if (other.n_ == 0) return;
    if (n_ == 0) {
        *this = other;
        return;
    }
    const double n_a = static_cast<double>(n_);
    const double n_b = static_cast<double>(other.n_);
    const double delta = other.mean_ - mean_;
    const double total = n_a + n_b;
    mean_ += delta * n_b / total;
    m2_ += other.m2_ + delta * delta * n_a * n_b / total;
    n_ += other.n_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
}

double Welford::sd() const {
    return std::sqrt(variance());
}

// Acklam's rational approximation, refined by one Halley step on erfc.
double normal_quantile(double p) {
    if (!(p > 0.0 && p < 1.0)) throw std::invalid_argument("normal_quantile needs 0 < p < 1");
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                   -2.759285104469687e+02, 1.383577518672690e+02,
                                   -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                   -1.556989798598866e+02, 6.680131188771972e+01,
                                   -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                   -2.400758277161838e+00, -2.549732539343734e+00,
                                   4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                   2.445134137142996e+00, 3.754408661907416e+00};
    const double p_low = 0.02425;
    double x;
    if (p < p_low) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - p_low) {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    const double e = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
    const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

namespace {
// Hill's algorithm gives t with P(|T| > t) = two_tail.
double hill_two_tailed(double two_tail, double n) {
    if (n == 1.0) {
        const double angle = two_tail * std::numbers::pi / 2;
        return std::cos(angle) / std::sin(angle);
    }
    if (n == 2.0) return std::sqrt(2.0 / (two_tail * (2.0 - two_tail)) - 2.0);
    const double a = 1.0 / (n - 0.5);
    const double b = 48.0 / (a * a);
    double c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36;
    const double d = ((94.5 / (b + c) - 3.0) / b + 1.0) * std::sqrt(a * std::numbers::pi / 2) * n;
    double x = d * two_tail;
    double y = std::pow(x, 2.0 / n);
    if (y > 0.05 + a) {
        x = normal_quantile(0.5 * two_tail);
        y = x * x;
        if (n < 5.0) c += 0.3 * (n - 4.5) * (x + 0.6);
        c = (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b + c;
        y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x;
        y = std::expm1(a * y * y);
    } else {
        y = ((1.0 / (((n + 6.0) / (n * y) - 0.089 * d - 0.822) * (n + 2.0) * 3.0) +
              0.5 / (n + 4.0)) *
                 y -
             1.0) *
                (n + 1.0) / (n + 2.0) +
            1.0 / y;
    }
    return std::sqrt(n * y);
}
} // namespace

double student_t_quantile(double p, double df) {
    if (!(p > 0.0 && p < 1.0) || !(df >= 1.0))
        throw std::invalid_argument("student_t_quantile needs 0 < p < 1 and df >= 1");
    if (p == 0.5) return 0.0;
    const double t = hill_two_tailed(2.0 * std::min(p, 1.0 - p), df);
    return p > 0.5 ? t : -t;
}

Interval t_interval(const Welford& w, double level) {
    if (w.count() < 2) {
        constexpr double nan = std::numeric_limits<double>::quiet_NaN();
        return {nan, nan};
    }
    const double df = static_cast<double>(w.count() - 1);
    const double half = student_t_quantile(0.5 + level / 2.0, df) * w.sd() /
                        std::sqrt(static_cast<double>(w.count()));
    return {w.mean() - half, w.mean() + half};
}

Histogram::Histogram(double lo, double hi, std::size_t bins)
    : lo_(lo), width_((hi - lo) / static_cast<double>(bins)), counts_(bins, 0) {
    if (!(hi > lo) || bins == 0)
        throw std::invalid_argument("histogram needs hi > lo and bins > 0");
}

void Histogram::add(double x) {
    if (x < lo_) {
        ++under_;
        return;
    }
    // Compared before the cast: a huge or infinite x has no size_t value.
    const double position = (x - lo_) / width_;
    if (!(position < static_cast<double>(counts_.size()))) {
        ++over_;
        return;
    }
    ++counts_[static_cast<std::size_t>(position)];
}

void Histogram::merge(const Histogram& other) {
    if (other.counts_.size() != counts_.size() || other.lo_ != lo_ || other.width_ != width_)
        throw std::invalid_argument("histograms with different bins cannot merge");
    for (std::size_t i = 0; i < counts_.size(); ++i)
        counts_[i] += other.counts_[i];
    under_ += other.under_;
    over_ += other.over_;
}

QuantileSketch::QuantileSketch(std::size_t exact_limit, double accuracy)
    : exact_limit_(exact_limit), gamma_((1 + accuracy) / (1 - accuracy)),
      log_gamma_(std::log(gamma_)) {}

void QuantileSketch::add(double x) {
    ++n_;
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
    if (sketched_) {
        add_to_sketch(x, 1);
        return;
    }
    samples_.push_back(x);
    if (samples_.size() > exact_limit_) to_sketch();
}

void QuantileSketch::add_to_sketch(double x, std::uint64_t count) {
    // Values this close to zero are zero for every purpose of the sketch.
    if (std::abs(x) < 1e-9) {
        zeros_ += count;
        return;
    }
    const int index = static_cast<int>(std::ceil(std::log(std::abs(x)) / log_gamma_));
    (x > 0 ? positive_ : negative_)[index] += count;
}

void QuantileSketch::to_sketch() {
    sketched_ = true;
    for (double x : samples_)
        add_to_sketch(x, 1);
    samples_.clear();
    samples_.shrink_to_fit();
}

void QuantileSketch::merge(const QuantileSketch& other) {
    if (other.gamma_ != gamma_) throw std::invalid_argument("sketches of different accuracy");
    n_ += other.n_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    if (!sketched_ && !other.sketched_ && samples_.size() + other.samples_.size() <= exact_limit_) {
        samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
        return;
    }
    if (!sketched_) to_sketch();
    for (double x : other.samples_)
        add_to_sketch(x, 1);
    for (const auto& [index, count] : other.positive_)
        positive_[index] += count;
    for (const auto& [index, count] : other.negative_)
        negative_[index] += count;
    zeros_ += other.zeros_;
}

double QuantileSketch::bucket_value(int index) const {
    // The midpoint (in relative terms) of (gamma^(i-1), gamma^i].
    return 2.0 * std::pow(gamma_, index) / (gamma_ + 1.0);
}

double QuantileSketch::quantile(double q) const {
    if (n_ == 0) return std::numeric_limits<double>::quiet_NaN();
    if (!(q >= 0.0 && q <= 1.0)) throw std::invalid_argument("quantile needs 0 <= q <= 1");
    if (!sketched_) {
        // Linear interpolation between order statistics (numpy's default).
        std::vector<double> sorted = samples_;
        std::sort(sorted.begin(), sorted.end());
        const double position = q * static_cast<double>(sorted.size() - 1);
        const auto below = static_cast<std::size_t>(std::floor(position));
        const std::size_t above = std::min(below + 1, sorted.size() - 1);
        return sorted[below] +
               (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
    }
    if (q == 0.0) return min_;
    if (q == 1.0) return max_;
    const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(n_ - 1));
    return std::clamp(sketched_quantile(rank), min_, max_);
}

double QuantileSketch::sketched_quantile(std::uint64_t rank) const {
    std::uint64_t seen = 0;
    for (auto it = negative_.rbegin(); it != negative_.rend(); ++it) {
        seen += it->second;
        if (seen > rank) return -bucket_value(it->first);
    }
    seen += zeros_;
    if (seen > rank) return 0.0;
    for (const auto& [index, count] : positive_) {
        seen += count;
        if (seen > rank) return bucket_value(index);
    }
    return bucket_value(positive_.rbegin()->first);
}

} // namespace fieldsim::sim
