#include "models/service/visits.h"

namespace fieldsim::models {

VisitSpec parse_visits(const JsonReader& node, const std::vector<std::string>& kinds) {
    node.object({"no_show", "no_show_min", "technician_fault", "faults_for_senior", "third_party"});
    VisitSpec spec;
    const auto probability = [](const JsonReader& p) { return p.as<double>(between(0, 1)); };
    spec.no_show.assign(kinds.size(), 0.0);
    spec.technician_fault.assign(kinds.size(), 0.0);
    if (const auto fault = node.find("technician_fault"))
        read_per_kind(*fault, kinds, spec.technician_fault, probability, false, 0.0);
    if (const auto faults = node.find("faults_for_senior"))
        spec.faults_for_senior = static_cast<std::uint8_t>(faults->as<int>(between(1, 255)));
    if (const auto no_show = node.find("no_show")) {
        read_per_kind(*no_show, kinds, spec.no_show, probability, false, 0.0);
        const JsonReader minutes = node["no_show_min"];
        spec.no_show_time = to_seconds(minutes.as<double>(between(0, 24 * 60)), sim::kMinute);
    }
    if (const auto third_party = node.find("third_party")) {
        third_party->object({"p", "delay"});
        spec.third_party = third_party->get<double>("p", between(0, 1));
        spec.third_party_delay = parse_work_time((*third_party)["delay"]);
    }
    return spec;
}

} // namespace fieldsim::models
