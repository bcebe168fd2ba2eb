// RoadNetwork: shortest travel times between every pair of zones.
#include "models/city/road_network.h"
#include "models/scenario/load.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

using namespace fieldsim::models;
using fieldsim::sim::kMinute;

namespace {

Zone zone(const char* name) {
    return {name, false};
}

RoadNetworkSpec four_zones(std::vector<Road> roads) {
    return {{zone("a"), zone("b"), zone("c"), zone("d")}, std::move(roads)};
}

} // namespace

TEST_CASE("grid travel is road time x Manhattan distance for all pairs", "[road_network]") {
    const Time road = 6 * kMinute;
    const RoadNetwork network(grid_network(8, 8, road));
    REQUIRE(network.zone_count() == 64);
    for (int from = 0; from < 64; ++from)
        for (int to = 0; to < 64; ++to) {
            const int manhattan = std::abs(from / 8 - to / 8) + std::abs(from % 8 - to % 8);
            INFO(from << " -> " << to);
            REQUIRE(network.travel(from, to) == road * manhattan);
        }
}

TEST_CASE("a non-square grid numbers zones cols * row + col", "[road_network]") {
    const RoadNetworkSpec spec = grid_network(2, 3, 100);
    REQUIRE(spec.zones.size() == 6);
    CHECK(spec.zones[5].name == "r1c2");
    CHECK(spec.roads.size() == 7); // 2 x 2 across, 3 down
    const RoadNetwork network(spec);
    CHECK(network.travel(0, 5) == 300);
    CHECK(network.travel(2, 3) == 300);
    CHECK(network.travel(1, 4) == 100);
}

TEST_CASE("explicit roads: the shortest path wins over a direct road", "[road_network]") {
    const RoadNetwork network(four_zones({
        {0, 1, 10 * kMinute},
        {1, 2, 10 * kMinute},
        {0, 2, 30 * kMinute}, // slower than going through b
        {2, 3, 5 * kMinute},
        {0, 3, 100 * kMinute},
    }));
    CHECK(network.travel(0, 2) == 20 * kMinute);
    CHECK(network.travel(0, 3) == 25 * kMinute);
    CHECK(network.travel(3, 0) == 25 * kMinute); // roads are two-way
    CHECK(network.travel(3, 1) == 15 * kMinute);
    for (int z = 0; z < 4; ++z)
        CHECK(network.travel(z, z) == 0);
}

// StartRule::travel_into reads the times into a zone along its row.
TEST_CASE("travel times are symmetric, slowed or not: roads are two-way", "[road_network]") {
    RoadNetworkSpec spec = grid_network(5, 7, 7 * kMinute);
    spec.roads.push_back({0, 34, 11 * kMinute});
    spec.roads.push_back({3, 20, 1});
    spec.roads.push_back({12, 13, 0});
    for (const double slowed : {1.0, 1.37}) {
        spec.travel_time_x = slowed;
        const RoadNetwork network(spec);
        for (int from = 0; from < network.zone_count(); ++from)
            for (int to = 0; to < from; ++to) {
                INFO(from << " <-> " << to << ", x " << slowed);
                REQUIRE(network.travel(from, to) == network.travel(to, from));
            }
    }
}

TEST_CASE("a shortcut road and a zero-time road", "[road_network]") {
    RoadNetworkSpec spec = grid_network(1, 5, 10 * kMinute);
    spec.roads.push_back({0, 4, 15 * kMinute});
    spec.roads.push_back({1, 3, 0});
    const RoadNetwork network(spec);
    CHECK(network.travel(0, 4) == 15 * kMinute);
    CHECK(network.travel(0, 3) == 10 * kMinute); // 0 -> 1 -> 3
    CHECK(network.travel(4, 1) == 10 * kMinute); // 4 -> 3, then the zero-time road to 1
    CHECK(network.travel(2, 4) == 20 * kMinute); // 2 -> 3 -> 4, not 2 -> 1 -> 0 -> 4 (35)
}

TEST_CASE("an unreachable zone is a ScenarioError", "[road_network]") {
    const RoadNetworkSpec spec = four_zones({{0, 1, 60}, {2, 3, 60}});
    CHECK(RoadNetwork::first_unreachable(spec) == std::optional<int>(2));
    CHECK(RoadNetwork::first_unreachable(four_zones({{0, 1, 60}, {1, 2, 60}, {3, 2, 60}})) ==
          std::nullopt);
    CHECK_THROWS_AS(RoadNetwork(spec), ScenarioError);
    CHECK_THROWS_WITH(RoadNetwork(spec),
                      "RoadNetworkSpec: /roads: zone 2 cannot be reached from zone 0");
    CHECK_THROWS_WITH(RoadNetwork(four_zones({{0, 1, 60}, {1, 4, 60}})),
                      "RoadNetworkSpec: /roads/1: road between zones that do not exist");
    CHECK_THROWS_AS(RoadNetwork(RoadNetworkSpec{}), ScenarioError);

    // The loader names the same problem with the file and JSON path.
    const nlohmann::json doc = {{"extends", {"base.json"}},
                                {"network",
                                 {{"grid", nullptr},
                                  {"zones", 3},
                                  {"roads", {{{"from", 1}, {"to", 2}, {"travel_min", 4}}}}}},
                                {"technicians", {{"home", "round_robin"}}}};
    CHECK_THROWS_WITH(
        parse_scenario(doc, "island.json", std::string(FIELDSIM_SOURCE_DIR) + "/tests/scenarios"),
        "island.json: /network: zone 1 cannot be reached from zone 0; the road network must be "
        "connected");
}

TEST_CASE("a single zone needs no roads", "[road_network]") {
    const RoadNetwork network(RoadNetworkSpec{{zone("only")}, {}});
    CHECK(network.zone_count() == 1);
    CHECK(network.travel(0, 0) == 0);
}

TEST_CASE("travel_time_x scales every travel time, rounded to the second", "[road_network]") {
    RoadNetworkSpec spec = grid_network(1, 3, 6 * kMinute);
    spec.travel_time_x = 1.3;
    const RoadNetwork network(spec);
    CHECK(network.travel(0, 1) == 468); // 360 s x 1.3
    CHECK(network.travel(0, 2) == 936);
    CHECK(network.travel(1, 1) == 0);
    spec.travel_time_x = 1.0001; // 360.036 s and 720.072 s round down
    CHECK(RoadNetwork(spec).travel(0, 2) == 720);
    spec.travel_time_x = 1.0007; // 720.504 s rounds up
    CHECK(RoadNetwork(spec).travel(0, 2) == 721);
}
