// A run: N replications of one scenario, merged in replication order, and
// their summary (mean, sd, Student-t 95 % interval, spread across replications).
#pragma once

#include "models/engine/outputs.h"
#include "models/scenario/scenario.h"
#include "sim/replication.h"

#include <Eigen/Core>
#include <vector>

namespace fieldsim::models {

struct RunOptions {
    std::size_t replications = 10;
    std::uint64_t seed = 1;
    // Replications are numbered first_replication, first_replication + 1, ...;
    // a run split over machines gives each part its own range.
    std::uint64_t first_replication = 0;
    bool keep_orders = false;
    sim::RunControl control;
};

struct OutputSummary {
    double mean;
    double sd;
    double ci95_lo;
    double ci95_hi;
    double p50;
    double p90;
    double p95;
};

struct RunResult {
    Eigen::MatrixXd values;             // replications x outputs, columns in kOutputNames order
    std::vector<OutputSummary> summary; // per output
    std::vector<ReplicationResult> replications; // logs; values are in `values`
};

std::vector<OutputSummary> summarize(const Eigen::MatrixXd& values);
RunResult run(const Scenario& scenario, const RunOptions& options);

} // namespace fieldsim::models
