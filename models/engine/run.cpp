#include "models/engine/run.h"

#include "models/engine/simulation.h"
#include "sim/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fieldsim::models {

namespace {

// A column of the declared outputs whose unit is a fraction.
bool is_share(const Eigen::MatrixXd& values, Eigen::Index column) {
    return values.cols() == static_cast<Eigen::Index>(kOutputCount) &&
           kOutputs[static_cast<std::size_t>(column)].unit.starts_with("fraction");
}

} // namespace

std::vector<OutputSummary> summarize(const Eigen::MatrixXd& values) {
    std::vector<OutputSummary> summary;
    const auto rows = static_cast<std::size_t>(values.rows());
    for (Eigen::Index column = 0; column < values.cols(); ++column) {
        sim::Welford moments;
        sim::QuantileSketch spread(rows);
        for (Eigen::Index row = 0; row < values.rows(); ++row) {
            // NaN is "not defined in this replication" (a lateness quantile
            // without a late order): the statistics are over the others.
            if (std::isnan(values(row, column))) continue;
            moments.add(values(row, column));
            spread.add(values(row, column));
        }
        if (moments.count() == 0) {
            constexpr double nan = std::numeric_limits<double>::quiet_NaN();
            summary.push_back(OutputSummary{nan, nan, nan, nan, nan, nan, nan});
            continue;
        }
        // Every output is a count, an amount, a duration or a share: none is
        // negative, and no share is above 1, so neither is the interval
        // (t-intervals are symmetric and would cross those bounds).
        OutputSummary row{moments.mean(),       moments.sd(),         0, 0, spread.quantile(0.5),
                          spread.quantile(0.9), spread.quantile(0.95)};
        const sim::Interval ci = sim::t_interval(moments, 0.95);
        if (std::isnan(ci.lo)) {
            // One replication tells nothing of the spread.
            row.sd = row.ci95_lo = row.ci95_hi = ci.lo;
        } else {
            row.ci95_lo = std::max(0.0, ci.lo);
            row.ci95_hi = is_share(values, column) ? std::min(1.0, ci.hi) : ci.hi;
        }
        summary.push_back(row);
    }
    return summary;
}

RunResult run(const Scenario& scenario, const RunOptions& options) {
    const World world(scenario);
    const bool keep_orders = options.keep_orders || scenario.order_log;
    auto replications = sim::run_replications<ReplicationResult>(
        options.replications,
        [&](const sim::ReplicationTicket& ticket) {
            return simulate(world, options.seed, options.first_replication + ticket.index,
                            keep_orders, &ticket);
        },
        options.control);

    RunResult result;
    result.values.resize(static_cast<Eigen::Index>(replications.size()),
                         static_cast<Eigen::Index>(kOutputCount));
    for (std::size_t r = 0; r < replications.size(); ++r)
        for (std::size_t o = 0; o < kOutputCount; ++o)
            result.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(o)) =
                replications[r].values[o];
    result.summary = summarize(result.values);
    result.replications = std::move(replications);
    return result;
}

} // namespace fieldsim::models
