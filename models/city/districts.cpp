#include "models/city/districts.h"

#include "models/scenario/fields.h"

#include <limits>
#include <optional>

namespace fieldsim::models {

namespace {

inline constexpr std::size_t kMaxDistricts = std::numeric_limits<std::uint16_t>::max();

// A zone by its name, or by its id.
int zone_ref(const JsonReader& node, const RoadNetworkSpec& network) {
    const auto zones = static_cast<int>(network.zones.size());
    if (!node.json().is_string()) return zone_id(node, zones);
    const auto name = node.as<std::string>();
    for (int z = 0; z < zones; ++z)
        if (network.zones[static_cast<std::size_t>(z)].name == name) return z;
    node.fail("the name of a zone of the network");
}

DistrictSpec parse_district(const JsonReader& node, const RoadNetworkSpec& network,
                            std::vector<std::optional<std::string>>& owner) {
    node.object({"name", "area", "promise", "zones"});
    DistrictSpec district;
    district.name = node.get<std::string>("name");
    if (const auto area = node.find("area"))
        district.area = static_cast<Area>(area->choice(kAreaNames));
    district.promise = node.get_or("promise", district.promise);
    // Seed 000: the promise must apply in urban centres and county towns.
    if (!district.promise && (district.area == Area::urban || district.area == Area::county_town))
        node["promise"].error("the same-day promise must apply in urban and county-town "
                              "districts (seed 000); only suburban and rural ones may go without");
    const JsonReader zones = node["zones"];
    if (zones.array_size() == 0) zones.fail("a non-empty array of zone names or ids");
    for (std::size_t i = 0; i < zones.array_size(); ++i) {
        const JsonReader zone = zones[i];
        const int z = zone_ref(zone, network);
        auto& taken = owner[static_cast<std::size_t>(z)];
        if (taken)
            zone.fail("a zone in no other district (" +
                      network.zones[static_cast<std::size_t>(z)].name + " is in " + *taken + ")");
        taken = district.name;
        district.zones.push_back(z);
    }
    return district;
}

} // namespace

std::vector<DistrictSpec> parse_districts(const JsonReader& node, const RoadNetworkSpec& network,
                                          const JsonReader& network_node) {
    for (std::size_t z = 0; z < network.zones.size(); ++z)
        if (network.zones[z].rural)
            network_node.error(
                "zone " + network.zones[z].name +
                " is marked rural: with districts, give the district's area instead");
    const std::size_t n = node.array_size();
    if (n == 0 || n > kMaxDistricts)
        node.fail("an array of 1 to " + std::to_string(kMaxDistricts) + " districts");
    std::vector<std::optional<std::string>> owner(network.zones.size());
    std::vector<DistrictSpec> districts;
    for (std::size_t i = 0; i < n; ++i) {
        const JsonReader entry = node[i];
        districts.push_back(parse_district(entry, network, owner));
        for (std::size_t d = 0; d + 1 < districts.size(); ++d)
            if (districts[d].name == districts.back().name)
                entry["name"].fail("a name no other district has");
    }
    for (std::size_t z = 0; z < owner.size(); ++z)
        if (!owner[z]) node.error("zone " + network.zones[z].name + " is in no district");
    return districts;
}

std::vector<DistrictSpec> default_districts(const RoadNetworkSpec& network) {
    DistrictSpec all{"all", Area::urban, true, {}};
    for (std::size_t z = 0; z < network.zones.size(); ++z)
        all.zones.push_back(static_cast<int>(z));
    return {all};
}

std::vector<std::uint16_t> district_of_zones(const std::vector<DistrictSpec>& districts,
                                             std::size_t zones) {
    std::vector<std::uint16_t> of(zones, 0);
    for (std::size_t d = 0; d < districts.size(); ++d)
        for (const int z : districts[d].zones)
            of[static_cast<std::size_t>(z)] = static_cast<std::uint16_t>(d);
    return of;
}

} // namespace fieldsim::models
