// Districts: who owns each zone, its area class (urban, county town,
// suburban, rural) and whether the same-day promise applies there. A scenario
// without districts has one, "all", urban with the promise on, owning every
// zone (where zones may still be marked rural one by one).
#pragma once

#include "models/city/road_network.h"
#include "models/core/segment.h"
#include "models/scenario/json_reader.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fieldsim::models {

struct DistrictSpec {
    std::string name;
    Area area = Area::urban;
    bool promise = true; // the promise (and its compensation) applies here
    std::vector<int> zones;
};

// [{"name", "area", "promise", "zones": [zone names or ids]}]: every zone in
// exactly one district, every district with a zone. Zones marked rural one
// by one are for scenarios without districts.
std::vector<DistrictSpec> parse_districts(const JsonReader& node, const RoadNetworkSpec& network,
                                          const JsonReader& network_node);

std::vector<DistrictSpec> default_districts(const RoadNetworkSpec& network);

// The district of each zone.
std::vector<std::uint16_t> district_of_zones(const std::vector<DistrictSpec>& districts,
                                             std::size_t zones);

} // namespace fieldsim::models
