#include "sim/distributions.h"
#include "sim/random.h"
#include "sim/statistics.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

using namespace fieldsim::sim;

namespace {

constexpr std::uint64_t kSeed = 20240502;

std::vector<double> normal_sample(std::size_t n, double mean, double sd, std::uint64_t purpose) {
    Stream s(kSeed, 0, purpose);
    std::vector<double> xs(n);
    for (double& x : xs)
        x = s.normal(mean, sd);
    return xs;
}

std::vector<double> lognormal_sample(std::size_t n, std::uint64_t purpose) {
    Stream s(kSeed, 0, purpose);
    const Lognormal dist(80.0, 30.0);
    std::vector<double> xs(n);
    for (double& x : xs)
        x = dist(s);
    return xs;
}

Welford welford_of(std::vector<double>::const_iterator first,
                   std::vector<double>::const_iterator last) {
    Welford w;
    for (auto it = first; it != last; ++it)
        w.add(*it);
    return w;
}

Welford welford_of(const std::vector<double>& xs) {
    return welford_of(xs.begin(), xs.end());
}

void require_same_moments(const Welford& got, const Welford& want) {
    REQUIRE(got.count() == want.count());
    REQUIRE(got.mean() == Approx(want.mean()).epsilon(1e-12));
    REQUIRE(got.variance() == Approx(want.variance()).epsilon(1e-12));
    REQUIRE(got.min() == want.min());
    REQUIRE(got.max() == want.max());
}

QuantileSketch sketch_of(std::vector<double>::const_iterator first,
                         std::vector<double>::const_iterator last, std::size_t exact_limit = 4096) {
    QuantileSketch sketch(exact_limit);
    for (auto it = first; it != last; ++it)
        sketch.add(*it);
    return sketch;
}

QuantileSketch sketch_of(const std::vector<double>& xs, std::size_t exact_limit = 4096) {
    return sketch_of(xs.begin(), xs.end(), exact_limit);
}

const std::vector<double> kQuantiles{0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1.0};

} // namespace

TEST_CASE("Welford agrees with a two-pass computation", "[sim][statistics]") {
    const std::vector<double> xs = normal_sample(10'000, 100.0, 15.0, 1);
    const double n = static_cast<double>(xs.size());
    const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / n;
    double squares = 0.0;
    for (double x : xs)
        squares += (x - mean) * (x - mean);
    const Welford w = welford_of(xs);
    CHECK(w.count() == xs.size());
    CHECK(w.mean() == Approx(mean).epsilon(1e-12));
    CHECK(w.variance() == Approx(squares / (n - 1.0)).epsilon(1e-12));
    CHECK(w.sd() == Approx(std::sqrt(squares / (n - 1.0))).epsilon(1e-12));
    CHECK(w.sum() == Approx(mean * n).epsilon(1e-12));
    CHECK(w.min() == *std::min_element(xs.begin(), xs.end()));
    CHECK(w.max() == *std::max_element(xs.begin(), xs.end()));
}

TEST_CASE("Welford of no or one sample has variance 0", "[sim][statistics]") {
    Welford w;
    CHECK(w.count() == 0);
    CHECK(w.variance() == 0.0);
    w.add(4.5);
    CHECK(w.mean() == 4.5);
    CHECK(w.variance() == 0.0);
}

TEST_CASE("Welford merged from pieces equals one accumulator over everything",
          "[sim][statistics]") {
    const std::vector<double> xs = normal_sample(10'000, 100.0, 15.0, 2);
    // Uneven pieces, an empty one among them, merged into an empty accumulator.
    const std::vector<std::size_t> cuts{0, 1, 1, 8, 1008, xs.size()};
    Welford merged;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
        merged.merge(welford_of(xs.begin() + static_cast<long>(cuts[i]),
                                xs.begin() + static_cast<long>(cuts[i + 1])));
    require_same_moments(merged, welford_of(xs));
}

TEST_CASE("student_t_quantile matches the printed table", "[sim][statistics]") {
    struct Row {
        double p, df, t;
    };
    // Table values are rounded to three decimals, hence the 1e-3 margin.
    for (const Row& r : {Row{0.975, 1, 12.706}, Row{0.975, 2, 4.303}, Row{0.975, 5, 2.571},
                         Row{0.975, 10, 2.228}, Row{0.975, 29, 2.045}, Row{0.975, 1000, 1.962},
                         Row{0.995, 3, 5.841}, Row{0.95, 4, 2.132}, Row{0.9, 20, 1.325}}) {
        INFO("p " << r.p << " df " << r.df);
        CHECK(student_t_quantile(r.p, r.df) == Approx(r.t).margin(1e-3));
        CHECK(student_t_quantile(1.0 - r.p, r.df) == Approx(-r.t).margin(1e-3));
    }
    CHECK(student_t_quantile(0.5, 7) == 0.0);
    CHECK_THROWS_AS(student_t_quantile(1.0, 5), std::invalid_argument);
    CHECK_THROWS_AS(student_t_quantile(0.9, 0.5), std::invalid_argument);
}

TEST_CASE("normal_quantile matches known values in the centre and both tails",
          "[sim][statistics]") {
    CHECK(normal_quantile(0.975) == Approx(1.959964).margin(1e-6));
    CHECK(normal_quantile(0.5) == Approx(0.0).margin(1e-12));
    CHECK(normal_quantile(0.999) == Approx(3.090232306).margin(1e-8));
    CHECK(normal_quantile(1e-10) == Approx(-6.361340902).margin(1e-8));
    CHECK_THROWS_AS(normal_quantile(0.0), std::invalid_argument);
}

TEST_CASE("t_interval of 1..5 is 3 +- t(0.975, 4) s / sqrt 5", "[sim][statistics]") {
    Welford w;
    for (double x : {1.0, 2.0, 3.0, 4.0, 5.0})
        w.add(x);
    const Interval ci = t_interval(w);
    const double half = 2.776445 * std::sqrt(2.5) / std::sqrt(5.0);
    CHECK(ci.lo == Approx(3.0 - half).margin(1e-4));
    CHECK(ci.hi == Approx(3.0 + half).margin(1e-4));
    Welford one;
    one.add(7.0);
    CHECK(std::isnan(t_interval(one).lo));
    CHECK(std::isnan(t_interval(one).hi));
}

// 2,000 intervals from n = 10: the binomial standard error of the coverage is
// 0.49 points, so 93-97 % is +- 4 of them around 95 %. An interval with
// z = 1.96 instead of t(9) = 2.262 would cover only 91.8 %.
TEST_CASE("95 % t-intervals from 10 normal draws cover the mean 93-97 % of the time",
          "[sim][statistics]") {
    const int trials = 2000;
    int covered = 0;
    for (int trial = 0; trial < trials; ++trial) {
        Stream s(kSeed, static_cast<std::uint64_t>(trial), 3);
        Welford w;
        for (int i = 0; i < 10; ++i)
            w.add(s.normal(50.0, 8.0));
        const Interval ci = t_interval(w, 0.95);
        covered += ci.lo <= 50.0 && 50.0 <= ci.hi;
    }
    const double coverage = static_cast<double>(covered) / trials;
    INFO("coverage " << coverage);
    CHECK(coverage >= 0.93);
    CHECK(coverage <= 0.97);
}

TEST_CASE("Histogram counts bins, underflow and overflow", "[sim][statistics]") {
    Histogram h(0.0, 10.0, 5);
    const double inf = std::numeric_limits<double>::infinity();
    for (double x : {-0.5, 0.0, 1.99, 2.0, 5.0, 9.99, 10.0, 1e300, inf})
        h.add(x);
    CHECK(h.counts() == std::vector<std::uint64_t>{2, 1, 1, 0, 1});
    CHECK(h.underflow() == 1);
    CHECK(h.overflow() == 3);
    CHECK(h.bin_lo(2) == 4.0);
    CHECK(h.bin_width() == 2.0);
}

TEST_CASE("Histograms with equal bins merge by adding counts, others refuse", "[sim][statistics]") {
    Histogram a(0.0, 10.0, 5);
    Histogram b(0.0, 10.0, 5);
    a.add(1.0);
    a.add(11.0);
    b.add(3.0);
    b.add(-1.0);
    a.merge(b);
    CHECK(a.counts() == std::vector<std::uint64_t>{1, 1, 0, 0, 0});
    CHECK(a.underflow() == 1);
    CHECK(a.overflow() == 1);
    CHECK_THROWS_AS(a.merge(Histogram(0.0, 10.0, 4)), std::invalid_argument);
    CHECK_THROWS_AS(a.merge(Histogram(1.0, 11.0, 5)), std::invalid_argument);
    CHECK_THROWS_AS(Histogram(1.0, 1.0, 5), std::invalid_argument);
    CHECK_THROWS_AS(Histogram(0.0, 1.0, 0), std::invalid_argument);
}

// Expected values from numpy.quantile([3, 1, 4, 1, 5, 9, 2, 6], q).
TEST_CASE("QuantileSketch in exact mode interpolates like numpy", "[sim][statistics]") {
    const QuantileSketch sketch = sketch_of({3, 1, 4, 1, 5, 9, 2, 6});
    CHECK(sketch.exact());
    CHECK(sketch.count() == 8);
    CHECK(sketch.quantile(0.0) == 1.0);
    CHECK(sketch.quantile(0.25) == Approx(1.75).epsilon(1e-15));
    CHECK(sketch.quantile(0.5) == Approx(3.5).epsilon(1e-15));
    CHECK(sketch.quantile(0.9) == Approx(6.9).epsilon(1e-15));
    CHECK(sketch.quantile(1.0) == 9.0);
    CHECK(sketch_of({42.0}).quantile(0.3) == 42.0);
    CHECK(std::isnan(QuantileSketch().quantile(0.5)));
    CHECK_THROWS_AS(sketch.quantile(1.5), std::invalid_argument);
}

TEST_CASE("QuantileSketch stays exact up to its limit", "[sim][statistics]") {
    CHECK(sketch_of({1, 2, 3, 4}, 4).exact());
    CHECK_FALSE(sketch_of({1, 2, 3, 4, 5}, 4).exact());
}

namespace {

// The sketch answers with the order statistic of rank floor(q (n - 1)) up to
// its relative accuracy; that is a guarantee, not a statistical bound. The
// 1e-9 allows for rounding at a bucket's edge.
void require_within_accuracy(const std::vector<double>& xs, double accuracy) {
    const QuantileSketch sketch = sketch_of(xs);
    REQUIRE_FALSE(sketch.exact());
    std::vector<double> sorted = xs;
    std::sort(sorted.begin(), sorted.end());
    for (double q : kQuantiles) {
        const double exact =
            sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
        INFO("q " << q << ": exact " << exact << ", sketch " << sketch.quantile(q));
        REQUIRE(std::abs(sketch.quantile(q) - exact) <= accuracy * std::abs(exact) * (1.0 + 1e-9));
    }
}

} // namespace

TEST_CASE("QuantileSketch in sketch mode is within its relative accuracy", "[sim][statistics]") {
    require_within_accuracy(lognormal_sample(100'000, 4), 0.005);
    // Negative values have their own buckets.
    require_within_accuracy(normal_sample(100'000, 0.0, 50.0, 5), 0.005);
}

TEST_CASE("QuantileSketch keeps its least and largest exactly in sketch mode",
          "[sim][statistics]") {
    const std::vector<double> xs = lognormal_sample(10'000, 7);
    const QuantileSketch sketch = sketch_of(xs);
    REQUIRE_FALSE(sketch.exact());
    CHECK(sketch.quantile(0.0) == *std::min_element(xs.begin(), xs.end()));
    CHECK(sketch.quantile(1.0) == *std::max_element(xs.begin(), xs.end()));
    CHECK(sketch.quantile(0.999) <= sketch.quantile(1.0));
}

TEST_CASE("QuantileSketch merged from pieces equals one sketch of everything",
          "[sim][statistics]") {
    const std::vector<double> xs = lognormal_sample(100'000, 6);
    // An exact piece, then two sketched ones.
    QuantileSketch merged = sketch_of(xs.begin(), xs.begin() + 3000);
    merged.merge(sketch_of(xs.begin() + 3000, xs.begin() + 53'000));
    merged.merge(sketch_of(xs.begin() + 53'000, xs.end()));
    const QuantileSketch whole = sketch_of(xs);
    CHECK(merged.count() == whole.count());
    for (double q : kQuantiles)
        CHECK(merged.quantile(q) == whole.quantile(q));
}

TEST_CASE("QuantileSketch: exact pieces merge exactly while they fit, else sketch",
          "[sim][statistics]") {
    QuantileSketch small = sketch_of({5, 1, 4}, 5);
    small.merge(sketch_of({2, 3}, 5));
    CHECK(small.exact());
    CHECK(small.quantile(0.5) == 3.0);
    CHECK(small.quantile(0.25) == 2.0);
    small.merge(sketch_of({6}, 5));
    CHECK_FALSE(small.exact());
    CHECK(small.count() == 6);
    CHECK_THROWS_AS(small.merge(QuantileSketch(5, 0.01)), std::invalid_argument);
}
