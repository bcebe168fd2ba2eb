#include "models/engine/footprint.h"

#include "models/core/order.h"
#include "models/engine/breakdown.h"
#include "models/engine/outputs.h"
#include "models/scenario/load.h"
#include "sim/event_queue.h"
#include "sim/replication.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace fieldsim::models {

namespace {

// Orders open at once: at most about a week's, unless the run has fewer. An
// understaffed city keeps more open, but never more than it has.
constexpr double kOpenDays = 7;

double shift_events_a_day(const Scenario& s) {
    const double shifts = 2.0 * static_cast<double>(s.technicians.groups.size());
    return shifts + (s.evening.enabled ? 2.0 : 0.0) + (s.weather.any() ? 1.0 : 0.0);
}

// The travel-time table, and a slowed copy per distinct weather factor.
double travel_tables(const Scenario& s) {
    std::set<double> factors;
    for (const auto& kind : s.weather.kinds)
        if (kind.travel_time_x != 1.0) factors.insert(kind.travel_time_x);
    const auto zones = static_cast<double>(s.network.zones.size());
    return zones * zones * sizeof(Time) * static_cast<double>(1 + factors.size());
}

} // namespace

Footprint footprint(const Scenario& s, std::size_t replications, unsigned threads,
                    bool keep_orders) {
    Footprint f;
    const auto days = static_cast<double>(s.horizon.days);
    const auto reps = static_cast<double>(replications);
    f.orders = expected_orders(s);
    f.events = 2.0 * f.orders + shift_events_a_day(s) * days;
    f.world_bytes = travel_tables(s);
    const double open = std::min(f.orders, f.orders / days * kOpenDays);
    // An open order has a slot and up to two queued events (its release and
    // its completion); the buffers double as they grow, so count twice.
    const double per_open = 2.0 * (sizeof(Order) + 2.0 * sizeof(sim::Event));
    f.working_bytes =
        static_cast<double>(sim::resolve_threads(threads, replications)) * open * per_open;
    // A record per technician and calendar month it works in: the run's
    // days touch at most one month per 28 days and one more.
    const double months = std::floor(days / 28) + 2;
    f.technician_rows = reps * static_cast<double>(s.technicians.count()) * months;
    const auto cells = static_cast<double>(SegmentSpace(s.districts.size(), s.kinds.size()).size());
    f.results_bytes = f.technician_rows * sizeof(TechnicianRecord) +
                      reps * (cells * sizeof(CellMeasures) + sizeof(ReplicationResult));
    if (keep_orders || s.order_log) f.order_log_bytes = reps * f.orders * sizeof(OrderRecord);
    return f;
}

} // namespace fieldsim::models
