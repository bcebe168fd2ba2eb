#include "models/dispatch/policy.h"

#include "models/scenario/fields.h"

#include <stdexcept>

namespace fieldsim::models {

namespace {
// Every policy once: its name in scenarios and how to make it.
struct PolicyEntry {
    std::string name;
    std::unique_ptr<DispatchPolicy> (*make)(const StartRule&);
};

const std::vector<PolicyEntry>& policies() {
    static const std::vector<PolicyEntry> entries{
        {"edf", make_edf_policy},
        {"nearest_feasible", make_nearest_feasible_policy},
        {"cheapest_insertion", make_cheapest_insertion_policy}};
    return entries;
}
} // namespace

const std::vector<std::string>& dispatch_policy_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all;
        for (const auto& entry : policies())
            all.push_back(entry.name);
        return all;
    }();
    return names;
}

DispatchSpec parse_dispatch(const JsonReader& node) {
    node.object({"policy", "escalation_lead_min"});
    DispatchSpec dispatch;
    if (const auto lead = node.find("escalation_lead_min"))
        dispatch.escalation_lead = to_seconds(lead->as<double>(minutes_range(true)), sim::kMinute);
    const auto policy = node.find("policy");
    if (!policy) return dispatch;
    // Exactly the names the simulation implements (dispatch.h).
    const auto& known = dispatch_policy_names();
    const std::vector<std::string_view> names(known.begin(), known.end());
    dispatch.policy = known[policy->choice(names)];
    return dispatch;
}

bool DispatchPolicy::arrive(const WaitingOrder& order, const IdleCrews& idle, Crews& crews) {
    return idle.find_if(
        [&](std::size_t tech) { return crews.may_start(tech, order) && crews.send(tech, order); });
}

std::unique_ptr<DispatchPolicy> make_dispatch_policy(const std::string& name,
                                                     const StartRule& rule) {
    for (const auto& entry : policies())
        if (entry.name == name) return entry.make(rule);
    throw std::invalid_argument("unknown dispatch policy: " + name);
}

} // namespace fieldsim::models
