#include "models/engine/footprint.h"

#include "models/core/order.h"
#include "models/dispatch/policy.h"
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

// Orders open at once in a city that keeps up: at most about a week's,
// unless the run has fewer.
constexpr double kOpenDays = 7;

// Seconds of work a replication's orders are expected to bring.
double expected_work(const Scenario& s) {
    const double days = s.day_factor.mean * s.horizon.days;
    double work = 0.0;
    for (const auto& stream : s.random_streams)
        work += daily_orders(s, stream) * days * stream.work.expected_s();
    for (const auto& stream : s.scripted_streams)
        for (const ScriptedOrder& order : stream.orders)
            work += static_cast<double>(order.work);
    return work;
}

// Seconds of shift the technicians have over the horizon: each group's
// shift less its break, on the days it works, for the share of its roster
// on duty. Evenings and overtime are left out: more backlog, not less.
double shift_time(const Scenario& s) {
    double time = 0.0;
    for (const auto& group : s.technicians.groups) {
        int days_on = 0;
        for (int day = 0; day < s.horizon.days; ++day)
            days_on += s.calendar.is_workday(day) && group.roster.pattern_day(day, s.calendar);
        const double on_duty = group.roster.given() ? static_cast<double>(group.roster.on) /
                                                          (group.roster.on + group.roster.off)
                                                    : 1.0;
        const Time shift = std::min(group.shift_end - group.shift_start, sim::kDay) -
                           group.rest_break.length;
        time += group.count * on_duty * days_on * static_cast<double>(shift);
    }
    return time;
}

// Orders still waiting when the horizon ends because their work exceeds the
// technicians' shifts: the share of the work nobody had time for. They stay
// open to the drain limit, so an overloaded run holds nearly all its orders
// at once. Travel is left out (it needs the travel tables): a city short of
// time only because of it gets no backlog here, only kOpenDays's week.
double backlog(const Scenario& s, double orders) {
    const double work = expected_work(s);
    return work > 0 ? orders * std::max(0.0, 1.0 - shift_time(s) / work) : 0.0;
}

double shift_events_a_day(const Scenario& s) {
    const double shifts = 2.0 * static_cast<double>(s.technicians.groups.size());
    return shifts + (s.evening.enabled ? 2.0 : 0.0) + (s.weather.any() ? 1.0 : 0.0);
}

// The scripted orders, held once for all replications.
double scripted_orders(const Scenario& s) {
    double orders = 0.0;
    for (const auto& stream : s.scripted_streams)
        orders += static_cast<double>(stream.orders.size());
    return orders * sizeof(ScriptedOrder);
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
    f.world_bytes = travel_tables(s) + scripted_orders(s);
    const double open = std::min(f.orders, f.orders / days * kOpenDays);
    const double waiting = std::min(f.orders - open, backlog(s, f.orders));
    // An open order has a slot and up to two queued events (its release and
    // its completion); one of the backlog waits in the pool, its events long
    // past. The buffers double as they grow, so count twice.
    const double per_open = 2.0 * (sizeof(Order) + 2.0 * sizeof(sim::Event));
    const double per_waiting = 2.0 * (sizeof(Order) + sizeof(WaitingOrder));
    f.working_bytes = static_cast<double>(sim::resolve_threads(threads, replications)) *
                      (open * per_open + waiting * per_waiting);
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
