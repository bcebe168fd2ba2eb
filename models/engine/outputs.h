// What one replication reports: the declared outputs, and optional per-order
// and per-technician logs.
#pragma once

#include "models/core/cause.h"
#include "models/core/segment.h"
#include "models/engine/breakdown.h"
#include "models/money/settlement.h"
#include "sim/time.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace fieldsim::models {

using sim::Time;

// Every output, declared once: the C++ report, the Python bindings and
// labels, and the generated glossary (docs/outputs.md) all read this list.
// X(name, label, unit, aggregation, meaning); `aggregation` says how a
// replication's value is made from its orders and technicians:
//   sum       a total over orders (or technicians)
//   ratio     one total divided by another (a share or a mean per order; a
//             mean over no order is NaN, missing, and summaries skip it)
//   quantile  a quantile over the late orders; NaN (missing) in a replication
//             without a late order, and summaries skip NaN
//   run       a fact of the run itself
// The reference model's twelve outputs come first, then fieldsim's own.
#define FIELDSIM_OUTPUTS(X)                                                                        \
    X(orders_install, "install orders", "orders", sum,                                             \
      "Install orders entered in days 0 .. days-1.")                                               \
    X(orders_repair, "repair orders", "orders", sum, "Repair orders entered in days 0 .. days-1.") \
    X(late_install, "late installs", "orders", sum,                                                \
      "Installs finished strictly after their due time, or still open when the drain limit "       \
      "stopped the run after it.")                                                                 \
    X(late_repair, "late repairs", "orders", sum,                                                  \
      "Repairs finished strictly after their due time, or still open and overdue when the run "    \
      "stopped.")                                                                                  \
    X(breach_rate_install, "install breach rate", "fraction of orders", ratio,                     \
      "late_install / orders_install.")                                                            \
    X(breach_rate_repair, "repair breach rate", "fraction of orders", ratio,                       \
      "late_repair / orders_repair.")                                                              \
    X(compensation_cny, "compensation paid", "CNY", sum,                                           \
      "What late orders cost under the compensation rules, exempt orders excluded.")               \
    X(piece_pay_cny, "piece-rate pay", "CNY", sum, "Piece rates of the finished orders.")          \
    X(premium_pay_cny, "evening premium pay", "CNY", sum,                                          \
      "Evening premiums: jobs whose on-site work started at or after the evening start.")          \
    X(overtime_pay_cny, "overtime pay", "CNY", sum,                                                \
      "Overtime at the hourly wage times the day's multiple (working day, rest day, holiday).")    \
    X(staffing_cost_cny, "staffing cost", "CNY", run,                                              \
      "Every technician's monthly cost over the days with arrivals (a month: 365/12 days).")       \
    X(total_cost_cny, "total cost of the plan", "CNY", sum,                                        \
      "Staffing cost, piece-rate, premium and overtime pay, and compensation.")                    \
    X(mean_tat_install_min, "mean install turnaround", "min", ratio,                               \
      "Mean time from entry to finish of the finished installs; NaN (missing) in a replication "   \
      "without one.")                                                                              \
    X(mean_tat_repair_min, "mean repair turnaround", "min", ratio,                                 \
      "Mean time from entry to finish of the finished repairs; NaN (missing) in a replication "    \
      "without one.")                                                                              \
    X(overtime_min, "overtime", "min", sum,                                                        \
      "Time on jobs (travel and work, not a wait on site for an appointment's window) after the "  \
      "normal shift end of the day the job started, evening work included.")                       \
    X(mean_wait_min, "mean wait for a technician", "min", ratio,                                   \
      "Mean time from entry until a technician set out, over finished orders; NaN (missing) in a " \
      "replication without one.")                                                                  \
    X(waited_share, "orders that waited", "fraction of orders", ratio,                             \
      "Share of finished orders that no technician set out for at once.")                          \
    X(utilisation, "technician utilisation", "fraction of shift time", ratio,                      \
      "Time travelling, waiting on site for a window and working (overtime past the shift "        \
      "included) / time on shift, evening shifts included.")                                       \
    X(evening_share, "evenings worked", "fraction of evening decisions", ratio,                    \
      "Share of evening decisions that were to stay.")                                             \
    X(lateness_p50_min, "median lateness of late orders", "min", quantile,                         \
      "Median of finish - due over the late orders; NaN (missing) in a replication without "       \
      "one, so summaries are over the replications with a late order. Exact up to 4,096 late "     \
      "orders in a replication, within 0.5 % beyond.")                                             \
    X(lateness_p90_min, "P90 lateness of late orders", "min", quantile,                            \
      "90th percentile of finish - due over the late orders; NaN in a replication without "        \
      "one. Exact up to 4,096 late orders in a replication, within 0.5 % beyond.")                 \
    X(lateness_max_min, "largest lateness", "min", quantile,                                       \
      "Largest finish - due over the late orders (exact); NaN in a replication without one.")      \
    X(limit_overrun_min, "overtime past the limits", "min", sum,                                   \
      "Overtime that jobs, once started within the working-hour limits, ran past them.")           \
    X(escalations, "escalated orders", "orders", sum,                                              \
      "Waiting orders that no regular technician on shift could finish by their due at expected "  \
      "times, handed to the emergency team too.")                                                  \
    X(escalations_late, "escalated orders late", "orders", sum,                                    \
      "Escalated orders that were late all the same.")                                             \
    X(technician_faults, "visits failed for the technician", "visits", sum,                        \
      "Visits that failed for a technician fault and had to be redone (the order keeps its due).") \
    X(senior_referrals, "orders passed to a senior", "orders", sum,                                \
      "Orders whose visits failed for a technician fault visits.faults_for_senior times (two "     \
      "unless set), passed to the senior skill.")                                                  \
    X(contractor_compensation_cny, "compensation contractors pay", "CNY", sum,                     \
      "The part of compensation_cny that contractors pay: per month of completion, above their "   \
      "threshold share of technician-caused late orders; the branch pays the rest.")               \
    X(orders_unfinished, "orders left open", "orders", sum,                                        \
      "Orders still open when the drain limit stopped the run.")                                   \
    X(days_simulated, "days simulated", "days", run,                                               \
      "Simulated time at the end of the run, arrivals and drain; the drain limit when orders "     \
      "were left open.")                                                                           \
    X(events, "events processed", "events", run, "Events the loop handled.")

enum class Aggregation : std::uint8_t { sum, ratio, quantile, run };
inline constexpr std::array<std::string_view, 4> kAggregationNames{"sum", "ratio", "quantile",
                                                                   "run"};

enum class Output : std::size_t {
#define FIELDSIM_OUTPUT_ENUM(name, label, unit, aggregation, meaning) name,
    FIELDSIM_OUTPUTS(FIELDSIM_OUTPUT_ENUM)
#undef FIELDSIM_OUTPUT_ENUM
        count_
};
inline constexpr std::size_t kOutputCount = static_cast<std::size_t>(Output::count_);

struct OutputInfo {
    std::string_view name;
    std::string_view label;
    std::string_view unit;
    Aggregation aggregation;
    std::string_view meaning;
};

inline constexpr std::array<OutputInfo, kOutputCount> kOutputs{{
#define FIELDSIM_OUTPUT_INFO(name, label, unit, aggregation, meaning)                              \
    {#name, label, unit, Aggregation::aggregation, meaning},
    FIELDSIM_OUTPUTS(FIELDSIM_OUTPUT_INFO)
#undef FIELDSIM_OUTPUT_INFO
}};

inline constexpr std::array<std::string_view, kOutputCount> kOutputNames = [] {
    std::array<std::string_view, kOutputCount> names{};
    for (std::size_t i = 0; i < kOutputCount; ++i)
        names[i] = kOutputs[i].name;
    return names;
}();

using OutputValues = std::array<double, kOutputCount>;

// The column of an output by name; kOutputCount when there is none.
constexpr std::size_t output_index(std::string_view name) {
    for (std::size_t i = 0; i < kOutputCount; ++i)
        if (kOutputNames[i] == name) return i;
    return kOutputCount;
}

// One order's life; kept only when asked for. An order still open when the
// drain limit stops the run has technician -1 (waiting) or no finish (-1).
struct OrderRecord {
    std::uint64_t id;
    std::uint32_t cell; // the order's segment (SegmentSpace)
    int zone;
    Time entry;
    Time due;
    int technician;
    Time departure;
    Time work_start;
    Time finish;
    bool late;
    Cause cause;                // Cause::none when on time
    std::uint8_t failed_visits; // before the one that finished it (at most 255)
    double compensation_cny;
};

// A technician's month: what it did in one calendar month (or, without a
// start date, one block of 30 days from day 0). Jobs and their time count
// toward the month in which they started.
struct TechnicianRecord {
    int id;
    int home_zone;
    std::int32_t month = 0; // 202501 for January 2025; without a start date 1, 2, .. (30 days each)
    std::uint32_t days_worked = 0;
    Time evening_on_shift = 0; // the part of on_shift in an evening taken on after the shift
    // Starts the working-hour limits stopped: a job the technician could
    // have started within its shift, but not within the day's or the month's
    // overtime left.
    std::uint32_t stopped_daily = 0;
    std::uint32_t stopped_monthly = 0;
    std::uint32_t jobs = 0;
    std::uint32_t failed_visits = 0; // nobody at home
    std::uint32_t faulty_visits = 0; // failed for the technician's fault
    std::uint32_t declined_jobs = 0; // evening jobs offered and declined (per_job)
    Time limit_overrun = 0;          // overtime past a working-hour limit (a job ran long)
    Time travel = 0;
    Time wait = 0; // on site, for an appointment's window to open
    Time work = 0;
    Time overtime = 0;
    Time on_shift = 0;
    Time breaks = 0;
    std::uint32_t evening_days = 0;
    double premium_pay_cny = 0.0;
    double overtime_pay_cny = 0.0;
};

struct ReplicationResult {
    OutputValues values{};
    std::vector<OrderRecord> orders; // empty unless the order log was asked for
    std::vector<TechnicianRecord> technicians;
    std::vector<CellMeasures> breakdown; // per cell (SegmentSpace)
    Settlement settlement;               // compensation by payer: per month, and cash per day
    double value(Output o) const { return values[static_cast<std::size_t>(o)]; }
};

} // namespace fieldsim::models
