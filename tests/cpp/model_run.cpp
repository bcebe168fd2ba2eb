// The summary across replications.
#include "models/engine/run.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace fieldsim::models;

TEST_CASE("summary: mean, sd, Student-t interval and spread per output", "[run]") {
    Eigen::MatrixXd values = Eigen::MatrixXd::Zero(4, static_cast<Eigen::Index>(kOutputCount));
    values.col(0) << 10, 12, 14, 16;
    values.col(1) << 0, 0, 0, 10; // rare events: the t-interval reaches below zero
    const auto summary = summarize(values);
    REQUIRE(summary.size() == kOutputCount);
    const double sd = std::sqrt(20.0 / 3.0);
    const double half = 3.182446 * sd / 2.0; // t(0.975, 3) * sd / sqrt(4)
    CHECK(summary[0].mean == Approx(13));
    CHECK(summary[0].sd == Approx(sd));
    CHECK(summary[0].ci95_lo == Approx(13 - half).epsilon(1e-5));
    CHECK(summary[0].ci95_hi == Approx(13 + half).epsilon(1e-5));
    CHECK(summary[0].p50 == Approx(13));
    CHECK(summary[0].p90 == Approx(15.4));
    // No output is ever negative, nor is the low end of its interval.
    CHECK(summary[1].ci95_lo == 0.0);
    CHECK(summary[1].ci95_hi == Approx(2.5 + 3.182446 * 5.0 / 2.0).epsilon(1e-5));
}

TEST_CASE("summary: NaN (an output not defined in a replication) is skipped", "[run]") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    Eigen::MatrixXd values = Eigen::MatrixXd::Zero(4, static_cast<Eigen::Index>(kOutputCount));
    values.col(0) << 10, nan, 14,
        nan; // e.g. a lateness quantile: two replications had no late order
    values.col(1) << nan, nan, nan, nan;
    const auto summary = summarize(values);
    CHECK(summary[0].mean == Approx(12));
    CHECK(summary[0].sd == Approx(std::sqrt(8.0)));
    CHECK(summary[0].p50 == Approx(12));
    CHECK(std::isnan(summary[1].mean));
    CHECK(std::isnan(summary[1].ci95_hi));
    CHECK(std::isnan(summary[1].p95));
}

TEST_CASE("summary: the interval of a share stops at 1", "[run]") {
    Eigen::MatrixXd values = Eigen::MatrixXd::Zero(4, static_cast<Eigen::Index>(kOutputCount));
    const auto share = static_cast<Eigen::Index>(Output::waited_share);
    const auto count = static_cast<Eigen::Index>(Output::orders_install);
    values.col(share) << 1.0, 1.0, 1.0, 0.7; // mostly all waited: the t-interval reaches above 1
    values.col(count) << 1.0, 1.0, 1.0, 0.7; // the same numbers as counts: not clipped
    const auto summary = summarize(values);
    CHECK(summary[static_cast<std::size_t>(share)].ci95_hi == 1.0);
    CHECK(summary[static_cast<std::size_t>(count)].ci95_hi > 1.0);
    CHECK(summary[static_cast<std::size_t>(share)].ci95_lo ==
          Approx(summary[static_cast<std::size_t>(count)].ci95_lo));
}
