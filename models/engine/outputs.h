// What one replication reports: named totals (the reference model's outputs
// first, then fieldsim's own), and optional per-order and per-technician logs.
#pragma once

#include "models/core/kind.h"
#include "sim/time.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace fieldsim::models {

using sim::Time;

enum class Output : std::size_t {
    orders_install,
    orders_repair,
    late_install,
    late_repair,
    breach_rate_install,
    breach_rate_repair,
    compensation_cny,
    piece_pay_cny,
    premium_pay_cny,
    mean_tat_install_min,
    mean_tat_repair_min,
    overtime_min,
    mean_wait_min,
    waited_share,
    utilisation,
    evening_share,
    lateness_p50_min,
    lateness_p90_min,
    lateness_max_min,
    orders_unfinished,
    days_simulated,
    events,
    count_
};
inline constexpr std::size_t kOutputCount = static_cast<std::size_t>(Output::count_);

inline constexpr std::array<std::string_view, kOutputCount> kOutputNames{
    "orders_install",      "orders_repair",
    "late_install",        "late_repair",
    "breach_rate_install", "breach_rate_repair",
    "compensation_cny",    "piece_pay_cny",
    "premium_pay_cny",     "mean_tat_install_min",
    "mean_tat_repair_min", "overtime_min",
    "mean_wait_min",       "waited_share",
    "utilisation",         "evening_share",
    "lateness_p50_min",    "lateness_p90_min",
    "lateness_max_min",    "orders_unfinished",
    "days_simulated",      "events"};

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
    OrderKind kind;
    int zone;
    Time entry;
    Time due;
    int technician;
    Time departure;
    Time work_start;
    Time finish;
    bool late;
    double compensation_cny;
};

struct TechnicianRecord {
    int id;
    int home_zone;
    std::uint32_t jobs = 0;
    Time travel = 0;
    Time work = 0;
    Time overtime = 0;
    Time on_shift = 0;
    std::uint32_t evening_days = 0;
};

struct ReplicationResult {
    OutputValues values{};
    std::vector<OrderRecord> orders; // empty unless the order log was asked for
    std::vector<TechnicianRecord> technicians;
    double value(Output o) const { return values[static_cast<std::size_t>(o)]; }
};

} // namespace fieldsim::models
