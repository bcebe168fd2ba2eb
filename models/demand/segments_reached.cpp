#include "models/demand/segments_reached.h"

namespace fieldsim::models {

std::vector<Segment> segments_reached(const Scenario& scenario) {
    const SegmentSpace space(scenario.districts.size(), scenario.kinds.size());
    const auto district_of = district_of_zones(scenario.districts, scenario.network.zones.size());
    std::vector<bool> reached(space.size(), false);
    for (const RandomOrderStream& stream : scenario.random_streams)
        for (std::size_t z = 0; z < district_of.size(); ++z) {
            if (!stream.zone_weights.empty() && stream.zone_weights[z] <= 0) continue;
            for (std::size_t p = 0; p < kProductNames.size(); ++p)
                for (std::size_t c = 0; c < kClassNames.size(); ++c)
                    if (stream.product_weights[p] > 0 && stream.class_weights[c] > 0)
                        reached[space.cell({district_of[z], stream.kind,
                                            static_cast<std::uint8_t>(p),
                                            static_cast<std::uint8_t>(c)})] = true;
        }
    for (const ScriptedOrderStream& stream : scenario.scripted_streams)
        for (const ScriptedOrder& order : stream.orders)
            reached[space.cell({district_of[static_cast<std::size_t>(order.zone)], order.kind,
                                order.product, order.customer_class})] = true;
    std::vector<Segment> segments;
    for (std::size_t cell = 0; cell < reached.size(); ++cell)
        if (reached[cell]) segments.push_back(space.segment(cell));
    return segments;
}

} // namespace fieldsim::models
