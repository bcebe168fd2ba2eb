// Streaming statistics: nothing here keeps more than a bounded amount of data
// per accumulator, and every accumulator merges, so replications can be run
// apart and combined afterwards in a fixed order.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <vector>

namespace fieldsim::sim {

// Welford's running mean and variance, with Chan's formula for merging.
class Welford {
  public:
    void add(double x);
    void merge(const Welford& other);
    std::uint64_t count() const { return n_; }
    double mean() const { return mean_; }
    double variance() const { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : 0.0; }
    double sd() const;
    double min() const { return min_; }
    double max() const { return max_; }
    double sum() const { return mean_ * static_cast<double>(n_); }

  private:
    std::uint64_t n_ = 0;
    double mean_ = 0.0;
    double m2_ = 0.0;
    double min_ = std::numeric_limits<double>::infinity();
    double max_ = -std::numeric_limits<double>::infinity();
};

double normal_quantile(double p);
// Quantile of Student's t with `df` degrees of freedom (Hill 1970, ACM 396).
double student_t_quantile(double p, double df);

struct Interval {
    double lo;
    double hi;
};
// Two-sided Student-t confidence interval for the mean; undefined (NaN) for
// fewer than two samples, since nothing is then known of the spread.
Interval t_interval(const Welford& w, double level = 0.95);

class Histogram {
  public:
    Histogram(double lo, double hi, std::size_t bins);
    void add(double x);
    void merge(const Histogram& other);
    const std::vector<std::uint64_t>& counts() const { return counts_; }
    std::uint64_t underflow() const { return under_; }
    std::uint64_t overflow() const { return over_; }
    double bin_lo(std::size_t i) const { return lo_ + width_ * static_cast<double>(i); }
    double bin_width() const { return width_; }

  private:
    double lo_;
    double width_;
    std::vector<std::uint64_t> counts_;
    std::uint64_t under_ = 0;
    std::uint64_t over_ = 0;
};

// Quantiles of a stream: exact while it holds at most `exact_limit` samples,
// then a DDSketch-style log histogram with relative error `accuracy`.
class QuantileSketch {
  public:
    explicit QuantileSketch(std::size_t exact_limit = 4096, double accuracy = 0.005);
    void add(double x);
    void merge(const QuantileSketch& other);
    double quantile(double q) const;
    std::uint64_t count() const { return n_; }
    bool exact() const { return !sketched_; }

  private:
    void to_sketch();
    void add_to_sketch(double x, std::uint64_t count);
    double bucket_value(int index) const;
    double sketched_quantile(std::uint64_t rank) const;

    std::size_t exact_limit_;
    double gamma_;
    double log_gamma_;
    std::uint64_t n_ = 0;
    bool sketched_ = false;
    std::vector<double> samples_;
    std::map<int, std::uint64_t> positive_;
    std::map<int, std::uint64_t> negative_;
    std::uint64_t zeros_ = 0;
    // Kept exactly whatever the mode: the sketch's q = 0 and q = 1, and
    // bounds for its buckets' midpoints.
    double min_ = std::numeric_limits<double>::infinity();
    double max_ = -std::numeric_limits<double>::infinity();
};

} // namespace fieldsim::sim
