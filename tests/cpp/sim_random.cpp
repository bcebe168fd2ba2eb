// Random streams and the distributions drawn from them.
//
// Statistical checks run at fixed seeds, so each either always passes or
// always fails; the bounds say how unlikely a failure of a correct sampler
// would be, and the sample sizes make the errors they are after (a wrong
// parameter, a biased reduction, a misplaced segment) fail for sure.
#include "sim/distributions.h"
#include "sim/random.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

using namespace fieldsim::sim;

namespace {

constexpr std::uint64_t kSeed = 20240501;
constexpr std::size_t kDraws = 200'000;
constexpr double kInf = std::numeric_limits<double>::infinity();

template <class Draw> std::vector<double> sample(std::size_t n, Draw&& draw) {
    std::vector<double> xs(n);
    for (double& x : xs)
        x = static_cast<double>(draw());
    return xs;
}

struct Moments {
    double mean;
    double variance;
    double mean_se;
    double variance_se;
};

// Two-pass moments; the standard errors come from the sample itself:
// se(mean) = sqrt(s^2 / n) and se(s^2) = sqrt((m4 - s^4) / n).
Moments moments(const std::vector<double>& xs) {
    const auto n = static_cast<double>(xs.size());
    const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / n;
    double m2 = 0.0, m4 = 0.0;
    for (double x : xs) {
        const double d2 = (x - mean) * (x - mean);
        m2 += d2;
        m4 += d2 * d2;
    }
    const double variance = m2 / (n - 1.0);
    return {mean, variance, std::sqrt(variance / n), std::sqrt((m4 / n - variance * variance) / n)};
}

// Five standard errors: a correct sampler misses either bound with
// probability about 6e-7.
void require_moments(const std::vector<double>& xs, double mean, double variance) {
    const Moments m = moments(xs);
    INFO("sample mean " << m.mean << " (se " << m.mean_se << "), expected " << mean);
    INFO("sample variance " << m.variance << " (se " << m.variance_se << "), expected "
                            << variance);
    REQUIRE(std::abs(m.mean - mean) < 5.0 * m.mean_se);
    REQUIRE(std::abs(m.variance - variance) < 5.0 * m.variance_se);
}

// Five binomial standard errors, as above.
void require_proportion(std::size_t hits, std::size_t n, double p) {
    const double share = static_cast<double>(hits) / static_cast<double>(n);
    const double se = std::sqrt(p * (1.0 - p) / static_cast<double>(n));
    INFO("share " << share << ", expected " << p << " (se " << se << ")");
    REQUIRE(std::abs(share - p) < 5.0 * se);
}

// Bin i is [edges[i], edges[i + 1]); values beyond the outer edges land in the end bins.
std::vector<std::uint64_t> bin_counts(const std::vector<double>& xs,
                                      const std::vector<double>& edges) {
    const auto inner = edges.begin() + 1;
    std::vector<std::uint64_t> counts(edges.size() - 1, 0);
    for (double x : xs)
        ++counts[static_cast<std::size_t>(std::upper_bound(inner, edges.end() - 1, x) - inner)];
    return counts;
}

// Wilson-Hilferty's approximation of the chi-square quantile at z = 5: a
// correct sampler exceeds it with probability about 3e-7.
double chi_square_bound(std::size_t dof) {
    const double k = static_cast<double>(dof);
    const double h = 2.0 / (9.0 * k);
    return k * std::pow(1.0 - h + 5.0 * std::sqrt(h), 3.0);
}

// Pearson's goodness of fit. A bin of probability 0 must stay empty and adds
// no degree of freedom.
void require_fits(const std::vector<std::uint64_t>& counts,
                  const std::vector<double>& probabilities) {
    const auto n =
        static_cast<double>(std::accumulate(counts.begin(), counts.end(), std::uint64_t{0}));
    double chi2 = 0.0;
    std::size_t bins = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        INFO("bin " << i);
        if (probabilities[i] == 0.0) {
            REQUIRE(counts[i] == 0);
            continue;
        }
        const double expected = n * probabilities[i];
        const double excess = static_cast<double>(counts[i]) - expected;
        chi2 += excess * excess / expected;
        ++bins;
    }
    INFO("chi-square " << chi2 << " with " << bins - 1 << " degrees of freedom");
    REQUIRE(chi2 < chi_square_bound(bins - 1));
}

std::vector<double> even_edges(double lo, double hi, std::size_t bins) {
    std::vector<double> edges;
    for (std::size_t i = 0; i <= bins; ++i)
        edges.push_back(lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(bins));
    return edges;
}

std::vector<std::uint64_t> first_outputs(Stream stream, std::size_t n = 4) {
    std::vector<std::uint64_t> out(n);
    for (auto& x : out)
        x = stream.next();
    return out;
}

} // namespace

TEST_CASE("a stream's name fixes its sequence", "[sim][random]") {
    CHECK(first_outputs(Stream(kSeed, 3, 2, 1), 1000) ==
          first_outputs(Stream(kSeed, 3, 2, 1), 1000));
    CHECK(first_outputs(Stream(kSeed, 3, 2)) == first_outputs(Stream(kSeed, 3, 2, 0)));
}

TEST_CASE("a family's stream and a lazy stream draw as the stream of the same name",
          "[sim][random]") {
    const StreamFamily family(kSeed, 3, 2);
    CHECK(first_outputs(family(7), 100) == first_outputs(Stream(kSeed, 3, 2, 7), 100));
    for (const double p : {0.1, 0.5, 0.9}) {
        LazyStream lazy;
        for (std::uint64_t index : {7, 8}) {
            lazy.reset(family.key(index));
            Stream stream(kSeed, 3, 2, index);
            for (int i = 0; i < 100; ++i)
                CHECK(lazy.bernoulli(p) == stream.bernoulli(p));
        }
    }
}

TEST_CASE("changing any part of a stream's name, or their order, changes its sequence",
          "[sim][random]") {
    const std::vector<std::vector<std::uint64_t>> outputs = {
        first_outputs(Stream(1, 2, 3, 4)), first_outputs(Stream(2, 2, 3, 4)),
        first_outputs(Stream(1, 3, 3, 4)), first_outputs(Stream(1, 2, 4, 4)),
        first_outputs(Stream(1, 2, 3, 5)), first_outputs(Stream(2, 1, 3, 4)),
        first_outputs(Stream(1, 2, 4, 3)), first_outputs(Stream(0, 0, 0, 0))};
    for (std::size_t i = 0; i < outputs.size(); ++i)
        for (std::size_t j = i + 1; j < outputs.size(); ++j) {
            INFO("names " << i << " and " << j);
            CHECK(outputs[i] != outputs[j]);
        }
}

TEST_CASE("below(n) stays below n and hits every value equally often", "[sim][random]") {
    Stream s(kSeed, 0, 1);
    const std::vector<double> xs = sample(kDraws, [&] { return s.below(10); });
    CHECK(*std::max_element(xs.begin(), xs.end()) == 9.0);
    require_fits(bin_counts(xs, even_edges(0, 10, 10)), std::vector<double>(10, 0.1));
    CHECK(Stream(kSeed, 0, 2).below(1) == 0);
}

// For n = 3 * 2^62 a plain modulo would make the lowest third twice as likely
// as the others, and multiply-and-shift without rejection would favour
// multiples of 3 two to one. Binning by (third, residue mod 3) sees both.
TEST_CASE("below(n) is unbiased even for n near 2^64", "[sim][random]") {
    const std::uint64_t n = std::uint64_t{3} << 62;
    Stream s(kSeed, 0, 3);
    const std::vector<double> bins = sample(90'000, [&] {
        const std::uint64_t v = s.below(n);
        return (v >> 62) * 3 + v % 3;
    });
    require_fits(bin_counts(bins, even_edges(0, 9, 9)), std::vector<double>(9, 1.0 / 9.0));
}

TEST_CASE("uniform draws are at least 0, below 1 and flat", "[sim][random]") {
    Stream s(kSeed, 0, 4);
    const std::vector<double> xs = sample(kDraws, [&] { return s.uniform(); });
    CHECK(*std::min_element(xs.begin(), xs.end()) >= 0.0);
    CHECK(*std::max_element(xs.begin(), xs.end()) < 1.0);
    require_moments(xs, 0.5, 1.0 / 12.0);
    require_fits(bin_counts(xs, even_edges(0, 1, 20)), std::vector<double>(20, 0.05));
}

TEST_CASE("uniform(lo, hi) and uniform_open0 have the right range and moments", "[sim][random]") {
    Stream s(kSeed, 0, 5);
    require_moments(sample(kDraws, [&] { return s.uniform(2.0, 6.0); }), 4.0, 16.0 / 12.0);
    const std::vector<double> open = sample(kDraws, [&] { return s.uniform_open0(); });
    CHECK(*std::min_element(open.begin(), open.end()) > 0.0);
    CHECK(*std::max_element(open.begin(), open.end()) <= 1.0);
    require_moments(open, 0.5, 1.0 / 12.0);
}

TEST_CASE("exponential(rate) has mean 1/rate, variance 1/rate^2 and P(X > mean) = 1/e",
          "[sim][random]") {
    Stream s(kSeed, 0, 6);
    const std::vector<double> xs = sample(kDraws, [&] { return s.exponential(0.25); });
    require_moments(xs, 4.0, 16.0);
    require_proportion(static_cast<std::size_t>(
                           std::count_if(xs.begin(), xs.end(), [](double x) { return x > 4.0; })),
                       xs.size(), std::exp(-1.0));
}

TEST_CASE("normal draws have the right mean, variance and mass within one sd", "[sim][random]") {
    Stream s(kSeed, 0, 7);
    const std::vector<double> z = sample(kDraws, [&] { return s.normal(); });
    require_moments(z, 0.0, 1.0);
    // P(|Z| < 1) = erf(1 / sqrt 2).
    require_proportion(static_cast<std::size_t>(std::count_if(
                           z.begin(), z.end(), [](double x) { return std::abs(x) < 1.0; })),
                       z.size(), std::erf(1.0 / std::sqrt(2.0)));
    require_moments(sample(kDraws, [&] { return s.normal(10.0, 3.0); }), 10.0, 9.0);
}

// Consecutive draws must not lean on each other (each takes its own word,
// and rejections take more). The product of independent standard normals
// has mean 0 and variance 1.
TEST_CASE("consecutive normal draws are uncorrelated", "[sim][random]") {
    Stream s(kSeed, 0, 8);
    require_moments(sample(kDraws, [&] { return s.normal() * s.normal(); }), 0.0, 1.0);
}

// The ziggurat has three ways out: the rectangle of a layer (most draws), the
// wedge above it and the tail beyond the base layer's edge (3.654 for the
// normal, 7.697 for the exponential). Tail shares at points on both sides of
// those edges, and deep inside the tail, catch a wrong table, edge or tail
// method, which moments alone would barely notice.
TEST_CASE("ziggurat normal and exponential draws have the right tails", "[sim][random]") {
    constexpr std::size_t kTailDraws = 4'000'000;
    Stream s(kSeed, 0, 12);
    std::vector<double> z = sample(kTailDraws, [&] { return s.normal(); });
    for (const double x : {0.3, 1.5, 2.5, 3.5, 3.6, 3.7, 4.0, 4.5}) {
        const auto beyond = std::count_if(z.begin(), z.end(), [x](double v) { return v > x; });
        const auto below = std::count_if(z.begin(), z.end(), [x](double v) { return v < -x; });
        require_proportion(static_cast<std::size_t>(beyond), z.size(),
                           0.5 * std::erfc(x / std::sqrt(2.0)));
        require_proportion(static_cast<std::size_t>(below), z.size(),
                           0.5 * std::erfc(x / std::sqrt(2.0)));
    }
    std::vector<double> e = sample(kTailDraws, [&] { return s.unit_exponential(); });
    CHECK(*std::min_element(e.begin(), e.end()) >= 0.0);
    for (const double x : {0.05, 0.7, 2.0, 5.0, 7.6, 7.8, 9.0, 11.0}) {
        const auto beyond = std::count_if(e.begin(), e.end(), [x](double v) { return v > x; });
        require_proportion(static_cast<std::size_t>(beyond), e.size(), std::exp(-x));
    }
}

TEST_CASE("bernoulli(p) is true a share p of the time", "[sim][random]") {
    Stream s(kSeed, 0, 9);
    std::size_t hits = 0;
    for (std::size_t i = 0; i < kDraws; ++i)
        hits += s.bernoulli(0.3);
    require_proportion(hits, kDraws, 0.3);
    for (int i = 0; i < 1000; ++i) {
        REQUIRE_FALSE(s.bernoulli(0.0));
        REQUIRE(s.bernoulli(1.0));
    }
}

TEST_CASE("Lognormal(80, 30) has mean 80 and sd 30", "[sim][distributions]") {
    const Lognormal dist(80.0, 30.0);
    const double sigma2 = std::log(1.0 + 900.0 / 6400.0);
    CHECK(dist.sigma() == Approx(std::sqrt(sigma2)).epsilon(1e-12));
    CHECK(dist.mu() == Approx(std::log(80.0) - sigma2 / 2.0).epsilon(1e-12));
    Stream s(kSeed, 0, 10);
    const std::vector<double> xs = sample(kDraws, [&] { return dist(s); });
    require_moments(xs, 80.0, 900.0);
    std::vector<double> logs(xs.size());
    std::transform(xs.begin(), xs.end(), logs.begin(), [](double x) { return std::log(x); });
    require_moments(logs, dist.mu(), sigma2);
}

TEST_CASE("Lognormal rejects a non-positive mean or a negative sd", "[sim][distributions]") {
    CHECK_THROWS_AS(Lognormal(0.0, 1.0), std::invalid_argument);
    CHECK_THROWS_AS(Lognormal(1.0, -1.0), std::invalid_argument);
}

namespace {

double poisson_pmf(double k, double mean) {
    return std::exp(-mean + k * std::log(mean) - std::lgamma(k + 1.0));
}

// Bins of about half a standard deviation over mean +- 3.5 sd, tails lumped:
// every bin then expects well over 5 counts in kDraws draws.
std::vector<double> poisson_edges(double mean) {
    const double sd = std::sqrt(mean);
    const double step = std::max(1.0, std::floor(sd / 2.0));
    std::vector<double> edges{0.0};
    for (double k = std::max(1.0, std::floor(mean - 3.5 * sd)); k <= mean + 3.5 * sd; k += step)
        edges.push_back(k);
    edges.push_back(kInf);
    return edges;
}

std::vector<double> poisson_bin_probabilities(double mean, const std::vector<double>& edges) {
    std::vector<double> probabilities(edges.size() - 1, 0.0);
    for (std::size_t bin = 0; bin + 2 < edges.size(); ++bin)
        for (double k = edges[bin]; k < edges[bin + 1]; ++k)
            probabilities[bin] += poisson_pmf(k, mean);
    probabilities.back() =
        1.0 - std::accumulate(probabilities.begin(), probabilities.end() - 1, 0.0);
    return probabilities;
}

void check_poisson(double mean, std::uint64_t purpose) {
    INFO("poisson mean " << mean);
    Stream s(kSeed, 0, purpose);
    const std::vector<double> xs = sample(kDraws, [&] { return poisson(s, mean); });
    require_moments(xs, mean, mean);
    const std::vector<double> edges = poisson_edges(mean);
    require_fits(bin_counts(xs, edges), poisson_bin_probabilities(mean, edges));
}

} // namespace

// 3.5 takes the multiplication method, 10 and 250 the PTRS rejection sampler.
TEST_CASE("poisson(mean) has mean and variance `mean` and the Poisson shape",
          "[sim][distributions]") {
    check_poisson(3.5, 11);
    check_poisson(10.0, 12);
    check_poisson(250.0, 13);
}

TEST_CASE("poisson(0) is always 0 and a negative mean is rejected", "[sim][distributions]") {
    Stream s(kSeed, 0, 14);
    for (int i = 0; i < 1000; ++i)
        REQUIRE(poisson(s, 0.0) == 0);
    CHECK_THROWS_AS(poisson(s, -1.0), std::invalid_argument);
}

TEST_CASE("AliasTable draws each index in proportion to its weight, never a weightless one",
          "[sim][distributions]") {
    const std::vector<double> weights{1.0, 0.0, 3.0, 6.0, 0.5};
    const AliasTable table(weights);
    CHECK(table.size() == 5);
    Stream s(kSeed, 0, 15);
    const std::vector<double> xs = sample(kDraws, [&] { return table(s); });
    std::vector<double> probabilities(weights);
    for (double& p : probabilities)
        p /= 10.5;
    require_fits(bin_counts(xs, even_edges(0, 5, 5)), probabilities);
}

TEST_CASE("AliasTable rejects empty, all-zero and negative weights", "[sim][distributions]") {
    CHECK_THROWS_AS(AliasTable({}), std::invalid_argument);
    CHECK_THROWS_AS(AliasTable({0.0, 0.0}), std::invalid_argument);
    CHECK_THROWS_AS(AliasTable({-1.0, 2.0}), std::invalid_argument);
}

namespace {

// Nothing at night, 2 an hour in the morning, nothing over lunch, 3 an hour
// in the afternoon, one every two hours in the evening: 8 + 15 + 3 = 26 a day.
constexpr double hours(double h) {
    return h * 3600.0;
}
const std::vector<double> kWorkingDayBounds{0,         hours(8),  hours(12),
                                            hours(13), hours(18), hours(24)};
const std::vector<double> kWorkingDayRates{0, 2 / hours(1), 0, 3 / hours(1), 0.5 / hours(1)};

double no_factor(std::int64_t) {
    return 1.0;
}

// Arrivals of the non-homogeneous Poisson process over `periods` periods:
// each starts a fresh Exp(1) budget at the previous arrival.
template <class Factor>
std::vector<double> arrivals(const PeriodicPiecewiseRate& rate, Factor factor, std::size_t periods,
                             Stream& s) {
    const double until = static_cast<double>(periods) * rate.period();
    std::vector<double> times;
    for (double t = rate.next_arrival(0.0, s.exponential(1.0), factor, until); t != kInf;
         t = rate.next_arrival(t, s.exponential(1.0), factor, until))
        times.push_back(t);
    return times;
}

std::vector<double> counts_per_period(const std::vector<double>& times, double period,
                                      std::size_t periods) {
    std::vector<double> counts(periods, 0.0);
    for (double t : times)
        counts[static_cast<std::size_t>(std::floor(t / period))] += 1.0;
    return counts;
}

std::vector<double> offsets_in_period(const std::vector<double>& times, double period) {
    std::vector<double> offsets(times.size());
    std::transform(times.begin(), times.end(), offsets.begin(),
                   [period](double t) { return t - std::floor(t / period) * period; });
    return offsets;
}

// Counts per period are Poisson with the profile's mean; the arrivals spread
// over the segments in proportion to rate x length, none in a zero-rate one.
void check_profile(const std::vector<double>& bounds, const std::vector<double>& rates,
                   std::uint64_t purpose) {
    const PeriodicPiecewiseRate rate(bounds, rates);
    const std::size_t periods = 20'000;
    Stream s(kSeed, 0, purpose);
    const std::vector<double> times = arrivals(rate, no_factor, periods, s);
    const double mean = rate.mean_per_period();
    require_moments(counts_per_period(times, rate.period(), periods), mean, mean);
    std::vector<double> shares;
    for (std::size_t i = 0; i < rates.size(); ++i)
        shares.push_back(rates[i] * (bounds[i + 1] - bounds[i]) / mean);
    require_fits(bin_counts(offsets_in_period(times, rate.period()), bounds), shares);
}

} // namespace

TEST_CASE(
    "PeriodicPiecewiseRate: a working day gives its mean per day, nothing in zero-rate windows",
    "[sim][distributions]") {
    CHECK(PeriodicPiecewiseRate(kWorkingDayBounds, kWorkingDayRates).mean_per_period() ==
          Approx(26.0));
    check_profile(kWorkingDayBounds, kWorkingDayRates, 16);
}

// Bounds such as 0.1 are not binary fractions: the time reached at the end of
// a segment, taken apart again, may fall just short of it.
TEST_CASE("PeriodicPiecewiseRate: bounds that are not binary fractions", "[sim][distributions]") {
    check_profile({0.0, 0.1, 0.7, 1.0}, {10.0, 0.0, 20.0}, 17);
}

TEST_CASE("PeriodicPiecewiseRate: the factor of a period scales its count",
          "[sim][distributions]") {
    const PeriodicPiecewiseRate rate(kWorkingDayBounds, kWorkingDayRates);
    const std::size_t periods = 20'000;
    Stream s(kSeed, 0, 18);
    const auto busy_and_quiet = [](std::int64_t day) { return day % 2 == 0 ? 2.0 : 0.5; };
    const std::vector<double> counts =
        counts_per_period(arrivals(rate, busy_and_quiet, periods, s), rate.period(), periods);
    std::vector<double> busy, quiet;
    for (std::size_t day = 0; day < periods; ++day)
        (day % 2 == 0 ? busy : quiet).push_back(counts[day]);
    require_moments(busy, 52.0, 52.0);
    require_moments(quiet, 13.0, 13.0);
}

// Exact cases: the Exp(1) budget is spent across segments and periods.
TEST_CASE("PeriodicPiecewiseRate: next_arrival by hand", "[sim][distributions]") {
    const PeriodicPiecewiseRate rate({0.0, 10.0, 20.0}, {0.0, 1.0});
    CHECK(rate.next_arrival(0.0, 1.0, no_factor, 10.0) == kInf);
    CHECK(rate.next_arrival(0.0, 1.0, no_factor, 30.0) == Approx(11.0));
    CHECK(rate.next_arrival(15.0, 6.0, no_factor, 40.0) == Approx(31.0));
}

TEST_CASE("PeriodicPiecewiseRate rejects malformed profiles", "[sim][distributions]") {
    CHECK_THROWS_AS(PeriodicPiecewiseRate({0.0}, {}), std::invalid_argument);
    CHECK_THROWS_AS(PeriodicPiecewiseRate({1.0, 2.0}, {1.0}), std::invalid_argument);
    CHECK_THROWS_AS(PeriodicPiecewiseRate({0.0, 2.0, 2.0}, {1.0, 1.0}), std::invalid_argument);
    CHECK_THROWS_AS(PeriodicPiecewiseRate({0.0, 1.0}, {-1.0}), std::invalid_argument);
    CHECK_THROWS_AS(PeriodicPiecewiseRate({0.0, 1.0}, {1.0, 2.0}), std::invalid_argument);
}
