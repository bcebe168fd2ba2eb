// Who pays a late order's compensation (city-rules.md section 3): each
// district is served by the branch or by a named contractor, and each
// compensation is paid `pay_within_days` after the order is completed.
// Without "payers" every district is the branch's.
#pragma once

#include "models/city/districts.h"
#include "models/scenario/json_reader.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fieldsim::models {

struct ContractorSpec {
    std::string name;
    // Above this share of technician-caused late orders among the completed
    // orders of its districts in a settlement period, the contractor pays.
    double threshold = 0.05;
};

// Payer 0 is the branch; payer c + 1 is contractor c.
using PayerId = std::uint16_t;
inline constexpr PayerId kBranch = 0;
inline constexpr std::size_t kMaxContractors = 1000;

struct PayersSpec {
    int pay_within_days = 7;
    std::vector<ContractorSpec> contractors;
    std::vector<PayerId> of_district; // one per district

    std::size_t count() const { return contractors.size() + 1; }
    // "branch", then the contractors' names.
    std::vector<std::string> names() const;
};

// Everything the branch's.
PayersSpec default_payers(std::size_t districts);

// {"pay_within_days", "contractors": [{"name", "threshold"}], "served_by":
// {"<district>": "<contractor>"}}: a district not in served_by is the branch's.
PayersSpec parse_payers(const JsonReader& node, const std::vector<DistrictSpec>& districts);

} // namespace fieldsim::models
