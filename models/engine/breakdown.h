// Outputs by segment: for every cell (district x kind x product x class) a
// few measures, declared once here for the C++ report, the bindings, Python
// and the glossary. X(name, unit, meaning).
#pragma once

#include "models/core/cause.h"
#include "sim/time.h"

#include <array>
#include <cstdint>
#include <string_view>

namespace fieldsim::models {

// X(name, unit, weight, meaning): a measure with a weight is a mean weighted
// by that measure (so it re-aggregates over cells and replications: breach
// rate by orders, mean time to finish by finished orders); the others add up.
#define FIELDSIM_BREAKDOWN(X)                                                                      \
    X(orders, "orders", "", "Orders of the segment entered in days 0 .. days-1.")                  \
    X(finished, "orders", "", "Of them, finished before the run stopped.")                         \
    X(late, "orders", "",                                                                          \
      "Of them, late: finished after their due time, or open and overdue when the run stopped.")   \
    X(breach_rate, "fraction of orders", "orders", "late / orders.")                               \
    X(late_force_majeure, "orders", "",                                                            \
      "Late orders due in a force-majeure event or its grace days (exempt).")                      \
    X(late_customer, "orders", "",                                                                 \
      "Late orders the customer delayed: not at home, or declined same-day service (exempt).")     \
    X(late_third_party, "orders", "", "Late orders held up by a third party (exempt).")            \
    X(late_rural, "orders", "", "Late orders in rural districts or zones (exempt).")               \
    X(late_no_promise, "orders", "", "Late orders in districts without the promise (exempt).")     \
    X(late_technician, "orders", "", "Late orders a technician's own choice or fault delayed.")    \
    X(late_capacity, "orders", "", "Late orders nobody could reach in time.")                      \
    X(compensation_cny, "CNY", "", "What the segment's late orders cost.")                         \
    X(mean_tat_min, "min", "finished",                                                             \
      "Mean time from entry to finish of the segment's finished orders.")

enum class Measure : std::size_t {
#define FIELDSIM_MEASURE_ENUM(name, unit, weight, meaning) name,
    FIELDSIM_BREAKDOWN(FIELDSIM_MEASURE_ENUM)
#undef FIELDSIM_MEASURE_ENUM
        count_
};
inline constexpr std::size_t kMeasureCount = static_cast<std::size_t>(Measure::count_);

struct MeasureInfo {
    std::string_view name;
    std::string_view unit;
    std::string_view weight; // "" for a measure that adds up
    std::string_view meaning;
};

inline constexpr std::array<MeasureInfo, kMeasureCount> kMeasures{{
#define FIELDSIM_MEASURE_INFO(name, unit, weight, meaning) {#name, unit, weight, meaning},
    FIELDSIM_BREAKDOWN(FIELDSIM_MEASURE_INFO)
#undef FIELDSIM_MEASURE_INFO
}};

// The late-by-cause measures follow the causes' order.
static_assert(static_cast<std::size_t>(Measure::late_capacity) -
                  static_cast<std::size_t>(Measure::late_force_majeure) ==
              static_cast<std::size_t>(Cause::capacity) -
                  static_cast<std::size_t>(Cause::force_majeure));

// What the tally counts per cell as the run goes.
struct CellCounts {
    std::uint64_t orders = 0;
    std::uint64_t finished = 0;
    std::array<std::uint64_t, kCauseCount> late{}; // by cause; [none] unused
    double compensation_cny = 0.0;
    sim::Time turnaround = 0; // entry to finish, finished orders
};

using CellMeasures = std::array<double, kMeasureCount>;

inline CellMeasures measures(const CellCounts& c) {
    CellMeasures m{};
    auto set = [&m](Measure which, double v) { m[static_cast<std::size_t>(which)] = v; };
    std::uint64_t late = 0;
    for (std::size_t cause = 1; cause < kCauseCount; ++cause) {
        late += c.late[cause];
        m[static_cast<std::size_t>(Measure::late_force_majeure) + cause - 1] =
            static_cast<double>(c.late[cause]);
    }
    set(Measure::orders, static_cast<double>(c.orders));
    set(Measure::finished, static_cast<double>(c.finished));
    set(Measure::late, static_cast<double>(late));
    set(Measure::breach_rate,
        c.orders ? static_cast<double>(late) / static_cast<double>(c.orders) : 0.0);
    set(Measure::compensation_cny, c.compensation_cny);
    set(Measure::mean_tat_min,
        c.finished ? sim::to_minutes(c.turnaround) / static_cast<double>(c.finished) : 0.0);
    return m;
}

} // namespace fieldsim::models
