// Dispatch: which waiting order an idle technician takes.
//
// A policy owns the pool of waiting orders. The simulation asks it on behalf
// of one technician at a time; the policy answers with the order that
// technician should start now, if any, under the start rule: it may only set
// out if it could arrive and finish by its shift end at the order's expected
// work time.
#pragma once

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

class DispatchPolicy {
  public:
    virtual ~DispatchPolicy() = default;
    virtual void add(const WaitingOrder& order) = 0;
    // Removes and returns the order `who` should start now, if any.
    virtual std::optional<WaitingOrder> take(const Seeker& who) = 0;
    virtual std::size_t waiting() const = 0;
    // Whether take(who) would find an order, without taking it.
    virtual bool any_within_reach(const Seeker& who) const = 0;
};

// Names the scenario may use for "dispatch.policy" (the table in dispatch.cpp).
const std::vector<std::string>& dispatch_policy_names();
// The policy refers to `rule`, which must outlive it (the replication
// changes its travel times with the weather).
std::unique_ptr<DispatchPolicy> make_dispatch_policy(const std::string& name,
                                                     const StartRule& rule);

// The policies, one per dispatch_<name>.cpp.
std::unique_ptr<DispatchPolicy> make_edf_policy(const StartRule& rule);

} // namespace fieldsim::models
