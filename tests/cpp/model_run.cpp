// The summary across replications.
#include "models/engine/run.h"

#include <catch2/catch.hpp>

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
