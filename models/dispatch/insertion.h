// Cheapest insertion of one order into one technician's planned route.
//
// A route is the orders a technician will do, in order, from where and when
// it is next free. Each job there ends the expected work of its class after
// its arrival, or after its window opens if it arrives earlier (it waits).
// A route is allowed when every job ends by the latest end the start rule
// gives its deadline (shift, break, hours law): a technician following it
// never sets out on a job the rule forbids, at expected times. Among
// allowed positions, one where every order still meets its due and the
// least travel is added wins; if there is none, the one that adds least
// lateness (then least travel); the earlier position breaks ties.
#pragma once

#include "models/dispatch/policy.h"

#include <span>

namespace fieldsim::models {

struct Insertion {
    std::size_t position = 0; // the order goes before route[position]
    bool allowed = false;     // some position is allowed at all
    bool on_time = false;     // every order of the route meets its due with it
    Time added_travel = 0;
    Time added_lateness = 0; // summed over the route's orders
};

// `order` as the only job of an empty route, allowed: `travel` to it from
// where the route starts, its work ending at `finish`.
Insertion only_job(Time travel, Time finish, const WaitingOrder& order);

// The cheapest position for `order` in `route`, which `from` (the technician
// when next free) follows, taking the break `ahead` where the rule puts it
// if there is one. `scratch` holds one Time per route entry.
Insertion cheapest_insertion(const StartRule& rule, const Seeker& from,
                             std::span<const WaitingOrder> route, const WaitingOrder& order,
                             std::vector<Time>& scratch, const BreakAhead* ahead = nullptr);

// The least travel inserting `order` anywhere in `route`, followed from
// `from_zone`, could add: a bound on cheapest_insertion(...).added_travel
// that needs neither the route's times nor the start rule.
Time least_added_travel(const StartRule& rule, int from_zone, std::span<const WaitingOrder> route,
                        const WaitingOrder& order);

// Whether `order` could be allowed somewhere in `route` for a technician
// seen as `from` or as `from` with earlier latest ends (the hours law's
// view of a technician its shift alone sees as `from`): when false,
// cheapest_insertion(...) for any such seeker is not allowed. Needs neither
// the route's slack nor the start rule's full Seeker. With a break ahead,
// the skill alone is checked.
bool could_be_allowed(const StartRule& rule, const Seeker& from,
                      std::span<const WaitingOrder> route, const WaitingOrder& order,
                      const BreakAhead* ahead = nullptr);

// Whether insertion `a` is better than `b` (`a` may be in another route).
bool better(const Insertion& a, const Insertion& b);

} // namespace fieldsim::models
