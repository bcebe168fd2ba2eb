// Visits that fail and orders held up by others (city-rules.md section 3):
// a customer not at home at a visit (the visit costs the travel and
// `no_show` on site, and the order goes back to the pool due by its rule's
// after-cutoff form counted from then), and third-party delays (a landlord, a
// cable owner) that hold an order back from entry for a drawn delay.
#pragma once

#include "models/demand/work_time.h"
#include "models/scenario/fields.h"

#include <optional>

namespace fieldsim::models {

struct VisitSpec {
    PerKind<double> no_show;  // probability per visit, by kind
    Time no_show_time = 0;    // on site before giving up
    double third_party = 0.0; // probability per order
    std::optional<WorkTimeSpec> third_party_delay;
    bool any_no_show() const {
        for (const double p : no_show)
            if (p > 0) return true;
        return false;
    }
};

// {"no_show": per kind, "no_show_min", "third_party": {"p", "delay": distribution}}
VisitSpec parse_visits(const JsonReader& node, const std::vector<std::string>& kinds);

} // namespace fieldsim::models
