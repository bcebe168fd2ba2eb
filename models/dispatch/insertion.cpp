#include "models/dispatch/insertion.h"

#include <algorithm>
#include <limits>

namespace fieldsim::models {

namespace {

constexpr Time kUnbounded = std::numeric_limits<Time>::max();

Time late_by(Time finish, Time due) {
    return std::max<Time>(0, finish - due);
}

// How much later a job set out for at `set_out`, `travel` away, could end
// under the start rule; less than any delay when the technician may not do
// it at all.
Time rule_slack_of(const StartRule& rule, const Seeker& from, const WaitingOrder& order,
                   Time set_out, Time travel) {
    if (!rule.holds(from, order.work_class)) return -kUnbounded;
    return rule.slack(from, set_out, travel, order.work_class, order.due);
}

// When the order's work ends for one arriving at `arrival`.
Time finish_of(const StartRule& rule, const WaitingOrder& order, Time arrival) {
    return rule.work_start(arrival, order.work_class, order.due) +
           rule.expected_work[order.work_class];
}

// The order as a route's only job: the common case of an idle technician's
// empty route, priced without the passes below.
Insertion alone(const StartRule& rule, const Seeker& from, const WaitingOrder& order) {
    const Time travel = rule.travel_time(from.zone, order.zone);
    const Time done = finish_of(rule, order, from.now + travel);
    if (rule.slack(from, from.now, travel, order.work_class, order.due) < 0) return Insertion{};
    return only_job(travel, done, order);
}

// The jobs of `route` from `first` on, their set-outs and arrivals moved by
// `delay`, followed one by one: a job that waits for its window takes up the
// delay in its wait (or, moved earlier, waits longer), so that each job's end
// moves by its own amount. Whether the rule still allows each, whether each
// still meets its due, and the lateness added. `arrival` is each job's
// arrival were it set out for as soon as the one before ends, `travel` its
// trip; the first job's is `first_trip` (from the job put before it).
struct Pushed {
    bool allowed = true;
    bool on_time = true;
    Time added_lateness = 0;
};
Pushed push(const StartRule& rule, const Seeker& from, std::span<const WaitingOrder> route,
            std::size_t first, Time delay, Time first_trip, const Time* arrival, const Time* travel,
            const Time* finish) {
    Pushed pushed;
    for (std::size_t i = first; i < route.size(); ++i) {
        const WaitingOrder& job = route[i];
        const Time end = finish_of(rule, job, arrival[i] + delay);
        const Time trip = i == first ? first_trip : travel[i];
        pushed.allowed =
            pushed.allowed && rule_slack_of(rule, from, job, arrival[i] + delay - trip, trip) >= 0;
        pushed.on_time = pushed.on_time && end <= job.due;
        pushed.added_lateness += late_by(end, job.due) - late_by(finish[i], job.due);
        delay = end - finish[i];
    }
    return pushed;
}

// A route followed job by job by a technician with a break ahead, `order`
// (if any) put before route[position]: whether the start rule allows every
// job, whether every order meets its due, the travel and the summed
// lateness. The break moves with the jobs before it, so no suffix of the
// route keeps its times when an order is put in: each position is
// followed through.
struct Followed {
    bool allowed = true;
    bool on_time = true;
    Time travel = 0;
    Time lateness = 0;
};
Followed follow(const StartRule& rule, const Seeker& from, const BreakAhead& ahead,
                std::span<const WaitingOrder> route, const WaitingOrder* order,
                std::size_t position) {
    Followed followed;
    Time at = from.now;
    int zone = from.zone;
    bool pending = true;
    // The break at `start` if before the regular end (else forgone).
    const auto take_break = [&](Time start) {
        pending = false;
        return start < from.regular_end ? start + ahead.length : start;
    };
    const std::size_t jobs = route.size() + (order ? 1 : 0);
    for (std::size_t i = 0; i < jobs; ++i) {
        const WaitingOrder& job = !order || i < position ? route[i]
                                  : i == position        ? *order
                                                         : route[i - 1];
        // Its first idle moment in the window.
        if (pending && at >= ahead.from) at = take_break(at);
        const Time travel = rule.travel_time(zone, job.zone);
        Time slack = rule_slack_of(rule, pending ? from : ahead.after, job, at, travel);
        // A job it may not start before the break waits for the window.
        if (pending && slack < 0) {
            at = take_break(std::max(at, ahead.from));
            slack = rule_slack_of(rule, ahead.after, job, at, travel);
        }
        const Time end = finish_of(rule, job, at + travel);
        followed.allowed = followed.allowed && slack >= 0;
        followed.on_time = followed.on_time && end <= job.due;
        followed.travel += travel;
        followed.lateness += late_by(end, job.due);
        at = end;
        zone = job.zone;
    }
    return followed;
}

// cheapest_insertion with a break ahead: every position followed through.
Insertion with_break(const StartRule& rule, const Seeker& from, const BreakAhead& ahead,
                     std::span<const WaitingOrder> route, const WaitingOrder& order) {
    const Followed without = follow(rule, from, ahead, route, nullptr, 0);
    Insertion best;
    for (std::size_t p = 0; p <= route.size(); ++p) {
        const Followed with = follow(rule, from, ahead, route, &order, p);
        if (!with.allowed) continue;
        const Insertion here{p, true, with.on_time, with.travel - without.travel,
                             with.on_time ? 0 : with.lateness - without.lateness};
        if (!best.allowed || better(here, best)) best = here;
    }
    return best;
}

} // namespace

Insertion only_job(Time travel, Time finish, const WaitingOrder& order) {
    return Insertion{0, true, finish <= order.due, travel, late_by(finish, order.due)};
}

bool better(const Insertion& a, const Insertion& b) {
    if (a.allowed != b.allowed) return a.allowed;
    if (a.on_time != b.on_time) return a.on_time;
    if (!a.on_time && a.added_lateness != b.added_lateness)
        return a.added_lateness < b.added_lateness;
    return a.added_travel < b.added_travel;
}

Time least_added_travel(const StartRule& rule, int from_zone, std::span<const WaitingOrder> route,
                        const WaitingOrder& order) {
    int before = from_zone;
    Time least = kUnbounded;
    for (const WaitingOrder& next : route) {
        least = std::min(least, rule.travel_time(before, order.zone) +
                                    rule.travel_time(order.zone, next.zone) -
                                    rule.travel_time(before, next.zone));
        before = next.zone;
    }
    return std::min(least, rule.travel_time(before, order.zone));
}

// Each position's job would end where cheapest_insertion computes it: the
// route's ends depend only on `from`'s place and time, which an earlier
// latest end leaves alone, and an earlier latest end only lowers the slack.
bool could_be_allowed(const StartRule& rule, const Seeker& from,
                      std::span<const WaitingOrder> route, const WaitingOrder& order,
                      const BreakAhead* ahead) {
    if (!rule.holds(from, order.work_class)) return false;
    if (ahead) return true;
    Time at = from.now;
    int zone = from.zone;
    // The order next, set out from `zone` at `at`.
    const auto fits_here = [&] {
        return rule.slack(from, at, rule.travel_time(zone, order.zone), order.work_class,
                          order.due) >= 0;
    };
    for (const WaitingOrder& next : route) {
        if (fits_here()) return true;
        at = finish_of(rule, next, at + rule.travel_time(zone, next.zone));
        zone = next.zone;
    }
    return fits_here();
}

// One pass computes each planned job's end; two suffix minima give how much
// later the jobs from any position on may end and still meet their dues and
// the start rule. Pushing a suffix later by `delay` then costs a comparison
// per position; only when no position keeps every order on time is the
// added lateness summed, position by position.
Insertion cheapest_insertion(const StartRule& rule, const Seeker& from,
                             std::span<const WaitingOrder> route, const WaitingOrder& order,
                             std::vector<Time>& scratch, const BreakAhead* ahead) {
    Insertion best;
    if (!rule.holds(from, order.work_class)) return best;
    if (ahead) return with_break(rule, from, *ahead, route, order);
    const std::size_t n = route.size();
    if (n == 0) return alone(rule, from, order);
    // finish[i], arrival[i], travel[i], then the slack to due and to the
    // rule's end of jobs i.. n-1: a delay moves every later end by as much,
    // unless a job waits for its window (then each position's delay is
    // followed through).
    scratch.resize(5 * n + 2);
    Time* finish = scratch.data();
    Time* arrival = finish + n;
    Time* travel = arrival + n;
    Time* due_slack = travel + n;
    Time* rule_slack = due_slack + n + 1;
    Time at = from.now;
    int zone = from.zone;
    // Jobs 0 .. on_time_prefix-1 meet their dues, 0 .. allowed_prefix-1 the rule.
    std::size_t on_time_prefix = 0, allowed_prefix = 0;
    for (std::size_t i = 0; i < n; ++i) {
        travel[i] = rule.travel_time(zone, route[i].zone);
        arrival[i] = at + travel[i];
        const Time set_out = at;
        at = finish_of(rule, route[i], arrival[i]);
        zone = route[i].zone;
        finish[i] = at;
        if (on_time_prefix == i && at <= route[i].due) ++on_time_prefix;
        if (allowed_prefix == i && rule_slack_of(rule, from, route[i], set_out, travel[i]) >= 0)
            ++allowed_prefix;
    }
    const bool windows = std::any_of(route.begin(), route.end(), [&](const WaitingOrder& job) {
        return rule.window[job.work_class] != StartRule::kNoWindow;
    });
    due_slack[n] = rule_slack[n] = kUnbounded;
    for (std::size_t i = n; i-- > 0;) {
        due_slack[i] = std::min(due_slack[i + 1], route[i].due - finish[i]);
        rule_slack[i] =
            std::min(rule_slack[i + 1],
                     rule_slack_of(rule, from, route[i], arrival[i] - travel[i], travel[i]));
    }

    // The jobs from p on, their arrivals moved by `delay`: their lateness added.
    const auto lateness_added = [&](std::size_t p, Time delay) {
        Time added = 0;
        for (std::size_t i = p; i < n; ++i)
            added += late_by(finish[i] + delay, route[i].due) - late_by(finish[i], route[i].due);
        return added;
    };
    for (std::size_t p = 0; p <= allowed_prefix; ++p) {
        const int before = p == 0 ? from.zone : route[p - 1].zone;
        const Time free_at = p == 0 ? from.now : finish[p - 1];
        const Time reached = free_at + rule.travel_time(before, order.zone);
        const Time done = finish_of(rule, order, reached);
        if (rule.slack(from, free_at, reached - free_at, order.work_class, order.due) < 0) continue;
        Insertion here{p, true, false, rule.travel_time(before, order.zone), 0};
        Time delay = 0;
        if (p < n) {
            const int next = route[p].zone;
            const Time detour = rule.travel_time(order.zone, next) - rule.travel_time(before, next);
            here.added_travel += detour;
            delay = done + rule.travel_time(order.zone, next) -
                    (free_at + rule.travel_time(before, next));
        }
        const bool prefix_on_time = on_time_prefix >= p && done <= order.due;
        if (windows && p < n) {
            const Pushed pushed =
                push(rule, from, route, p, delay, rule.travel_time(order.zone, route[p].zone),
                     arrival, travel, finish);
            if (!pushed.allowed) continue;
            here.on_time = prefix_on_time && pushed.on_time;
            if (!here.on_time)
                here.added_lateness = late_by(done, order.due) + pushed.added_lateness;
        } else {
            if (delay > rule_slack[p]) continue;
            here.on_time = prefix_on_time && delay <= due_slack[p];
            if (!here.on_time && !best.on_time)
                here.added_lateness = late_by(done, order.due) + lateness_added(p, delay);
        }
        if (!best.allowed || better(here, best)) best = here;
    }
    return best;
}

} // namespace fieldsim::models
