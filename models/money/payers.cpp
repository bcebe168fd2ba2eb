#include "models/money/payers.h"

#include <algorithm>

namespace fieldsim::models {

namespace {

// "branch" names the branch itself; a contractor needs a name of its own.
ContractorSpec parse_contractor(const JsonReader& node, const std::vector<ContractorSpec>& before) {
    node.object({"name", "threshold"});
    ContractorSpec contractor;
    const JsonReader name = node["name"];
    contractor.name = name.as<std::string>();
    const bool taken = contractor.name == "branch" ||
                       std::any_of(before.begin(), before.end(), [&](const ContractorSpec& c) {
                           return c.name == contractor.name;
                       });
    if (contractor.name.empty() || taken)
        name.fail("a name that is not \"branch\" and no other contractor has");
    contractor.threshold = node.get_or("threshold", contractor.threshold, between(0, 1));
    return contractor;
}

std::string quoted_names(const std::vector<ContractorSpec>& contractors) {
    std::string names;
    for (const auto& c : contractors)
        names += (names.empty() ? "\"" : ", \"") + c.name + "\"";
    return names.empty() ? "none given" : names;
}

std::string district_names(const std::vector<DistrictSpec>& districts) {
    std::string names;
    for (const auto& d : districts)
        names += (names.empty() ? "" : ", ") + d.name;
    return names;
}

PayerId contractor_ref(const JsonReader& node, const std::vector<ContractorSpec>& contractors) {
    const auto name = node.as<std::string>();
    for (std::size_t c = 0; c < contractors.size(); ++c)
        if (contractors[c].name == name) return static_cast<PayerId>(c + 1);
    node.fail("the name of a contractor in payers.contractors (" + quoted_names(contractors) + ")");
}

} // namespace

std::vector<std::string> PayersSpec::names() const {
    std::vector<std::string> out{"branch"};
    for (const auto& c : contractors)
        out.push_back(c.name);
    return out;
}

PayersSpec default_payers(std::size_t districts) {
    PayersSpec payers;
    payers.of_district.assign(districts, kBranch);
    return payers;
}

PayersSpec parse_payers(const JsonReader& node, const std::vector<DistrictSpec>& districts) {
    node.object({"pay_within_days", "contractors", "served_by"});
    PayersSpec payers = default_payers(districts.size());
    payers.pay_within_days =
        node.get_or("pay_within_days", payers.pay_within_days, between(0, 366));
    if (const auto list = node.find("contractors")) {
        if (list->array_size() > kMaxContractors)
            list->fail("an array of at most " + std::to_string(kMaxContractors) + " contractors");
        for (std::size_t i = 0; i < list->array_size(); ++i)
            payers.contractors.push_back(parse_contractor((*list)[i], payers.contractors));
    }
    const auto served = node.find("served_by");
    if (!served) return payers;
    if (!served->json().is_object()) served->fail("an object of district: contractor");
    for (const auto& item : served->json().items()) {
        const JsonReader by = (*served)[item.key()];
        const auto district =
            std::find_if(districts.begin(), districts.end(),
                         [&](const DistrictSpec& d) { return d.name == item.key(); });
        if (district == districts.end())
            by.error("not a district; the districts are " + shortened(district_names(districts), 200));
        payers.of_district[static_cast<std::size_t>(district - districts.begin())] =
            contractor_ref(by, payers.contractors);
    }
    return payers;
}

} // namespace fieldsim::models
