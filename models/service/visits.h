// Visits that fail and orders held up by others (city-rules.md section 3):
// a customer not at home at a visit (the visit costs the travel and
// `no_show` on site, and the order goes back to the pool due by its rule's
// after-cutoff form counted from then); a technician fault (the visit costs
// its travel and the order's work, and the order goes back to the pool at
// once, due as before; after `faults_for_senior` faults, two unless set, only
// a `senior` technician may take it); and third-party delays (a landlord, a
// cable owner) that hold an order back from entry for a drawn delay.
#pragma once

#include "models/demand/work_time.h"
#include "models/scenario/fields.h"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace fieldsim::models {

inline constexpr const char* kSeniorSkill = "senior";

struct VisitSpec {
    PerKind<double> no_show;            // probability per visit, by kind
    Time no_show_time = 0;              // on site before giving up
    PerKind<double> technician_fault;   // probability per visit, by kind
    std::uint8_t faults_for_senior = 2; // faults after which an order needs `senior`
    double third_party = 0.0;           // probability per order
    std::optional<WorkTimeSpec> third_party_delay;
    bool any_no_show() const { return any_positive(no_show); }
    bool any_technician_fault() const { return any_positive(technician_fault); }

  private:
    static bool any_positive(const PerKind<double>& p) {
        return std::any_of(p.begin(), p.end(), [](double x) { return x > 0; });
    }
};

// {"no_show": per kind, "no_show_min", "technician_fault": per kind,
//  "faults_for_senior", "third_party": {"p", "delay": distribution}}
VisitSpec parse_visits(const JsonReader& node, const std::vector<std::string>& kinds);

} // namespace fieldsim::models
