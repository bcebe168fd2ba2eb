// Dispatch: who takes a new order, and which waiting order a technician
// takes when it is free.
//
// A policy owns the pool of waiting orders. It hears of each new order with
// the idle technicians and may send one of them now (through Crews, the
// simulation's side of the seam) or keep the order; it is asked for a
// technician's next job when that technician frees up. Either way a
// technician may only set out under the start rule: holding the skill, and
// able to arrive and finish by the latest end its shift, break and hours
// allow at the order's expected work time. A policy that plans hears, too,
// when a technician drops out of its plan or finishes early, and when an
// order it holds is taken from elsewhere. Virtual calls happen only at this
// seam, a few per order.
#pragma once

#include "models/core/idle_crews.h"
#include "models/scenario/json_reader.h"
#include "models/workforce/start_rule.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fieldsim::models {

struct DispatchSpec {
    std::string policy = "edf";
    // With an emergency team: how long before an order's latest start (its
    // due less its expected work) it is checked for escalation, the time the
    // team needs to get there.
    Time escalation_lead = 60 * sim::kMinute;
};

// {"policy": one of dispatch_policy_names(), "escalation_lead_min"}
DispatchSpec parse_dispatch(const JsonReader& node);

// What the pool knows of a waiting order.
struct WaitingOrder {
    Time due;
    std::uint64_t id;   // ids grow with entry time, so they also order by arrival
    std::uint32_t slot; // where the simulation keeps the order
    int zone;
    std::uint32_t work_class;
    // The order's stamp when it joined the pool: an order in two pools (the
    // regular one and the emergency team's) is taken from one, and its entry
    // in the other is known stale by a changed stamp.
    std::uint32_t stamp = 0;
};

// An idle technician setting out now: the travel to an order and the
// expected end of its work there.
struct StartNow {
    Time travel;
    Time finish;
};

// The technicians as a policy may see and send them.
class Crews {
  public:
    // As it will be when its job or break is expected to end (now if free).
    virtual Seeker when_free(std::size_t tech) const = 0;
    // Where it will be then (when_free(tech).zone, at less cost).
    virtual int zone_when_free(std::size_t tech) const = 0;
    // when_free(tech) as its shift and break alone would have it, at less
    // cost: the same place, time, skills and night limit, and latest ends
    // no earlier (the hours law only makes them earlier).
    virtual Seeker shift_when_free(std::size_t tech) const = 0;
    // The break it has still to take when next free (its window not yet
    // open then), with `after` as when_free would be once it has taken it
    // as the window opens; nothing if none.
    virtual std::optional<BreakAhead> break_ahead(std::size_t tech) const = 0;
    // Whether the rules let `tech` start `order` now. One the hours law
    // alone stops is counted as stopped, and one with no time left for any
    // job is idle no more.
    virtual bool may_start(std::size_t tech, const WaitingOrder& order) = 0;
    // The start `tech`, idle, would make on `order` now if the rules let
    // it, else nothing: may_start without its effects (nothing is counted,
    // the technician stays idle), for a policy pricing its choices.
    virtual std::optional<StartNow> start_now(std::size_t tech,
                                              const WaitingOrder& order) const = 0;
    // Sends `tech`, which may start `order`, to it. False when it declines
    // (evening work chosen job by job): it goes home and the order is not taken.
    virtual bool send(std::size_t tech, const WaitingOrder& order) = 0;
    // Asks `tech`, idle, to look for work (next_job) once the event in hand
    // is over: a policy that planned an order for it where it could not be
    // sent at once (while re-planning, say).
    virtual void wake(std::size_t tech) = 0;

  protected:
    ~Crews() = default;
};

class DispatchPolicy {
  public:
    virtual ~DispatchPolicy() = default;
    // A new order, or one released or back from a failed visit: sends one of
    // the `idle` technicians now and returns true, or returns false and the
    // simulation add()s the order. Idle technicians have found nothing they
    // may start in the pool, and waiting only shrinks what they may start,
    // so the new order is the one candidate each of them has. By default
    // the lowest-id idle technician that may start it and does not decline,
    // which the simulation then does itself, without virtual calls per
    // technician, unless picks_technician().
    virtual bool arrive(const WaitingOrder& order, const IdleCrews& idle, Crews& crews);
    virtual bool picks_technician() const { return false; }
    // Whether arrive() looks for the idle technicians by zone (idle_crews.h).
    virtual bool files_idle_by_zone() const { return false; }
    virtual void add(const WaitingOrder& order) = 0;
    // Removes and returns the order technician `tech`, seen as `who`, should
    // start now, if any.
    virtual std::optional<WaitingOrder> next_job(std::size_t tech, const Seeker& who) = 0;
    virtual std::size_t waiting() const = 0;
    // Whether next_job(who) would find an order, without taking it.
    virtual bool any_within_reach(const Seeker& who) const = 0;

    // Only a policy that plans() hears of the events below.
    virtual bool plans() const { return false; }
    // The technician takes no more jobs today: its shift is over, or too
    // little of it is left.
    virtual void off_shift(std::size_t /*tech*/) {}
    // It declined an evening job and went home.
    virtual void declined(std::size_t /*tech*/) {}
    virtual void on_break(std::size_t /*tech*/) {}
    // Its job ended before its expected time: it is free early.
    virtual void finished_early(std::size_t /*tech*/) {}
    // Its job has not ended at its expected time: it is running late.
    virtual void running_late(std::size_t /*tech*/) {}
    // The order was started from the other pool (an escalated order is in
    // both): its entry here is stale. Stale entries are skipped by stamp, so
    // a policy only needs this to keep a plan honest.
    virtual void withdraw(const WaitingOrder& /*order*/) {}
};

// Names the scenario may use for "dispatch.policy" (the table in policy.cpp).
const std::vector<std::string>& dispatch_policy_names();
// The policy refers to `rule`, which must outlive it (the replication
// changes its travel times with the weather).
std::unique_ptr<DispatchPolicy> make_dispatch_policy(const std::string& name,
                                                     const StartRule& rule);

// The policies, one per <name>.cpp here.
std::unique_ptr<DispatchPolicy> make_edf_policy(const StartRule& rule);
std::unique_ptr<DispatchPolicy> make_nearest_feasible_policy(const StartRule& rule);
std::unique_ptr<DispatchPolicy> make_cheapest_insertion_policy(const StartRule& rule);

} // namespace fieldsim::models
