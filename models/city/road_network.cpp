#include "models/city/road_network.h"

#include "models/scenario/fields.h"
#include "sim/interrupt.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <string>

namespace fieldsim::models {

namespace {

using Graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                          boost::property<boost::edge_weight_t, Time>>;

// A RoadNetworkSpec built in code has no file; its errors name the field.
constexpr const char* kSource = "RoadNetworkSpec";

Graph build_graph(const RoadNetworkSpec& spec) {
    const int zones = static_cast<int>(spec.zones.size());
    Graph graph(spec.zones.size());
    for (std::size_t i = 0; i < spec.roads.size(); ++i) {
        const Road& road = spec.roads[i];
        const std::string path = "/roads/" + std::to_string(i);
        if (road.from < 0 || road.from >= zones || road.to < 0 || road.to >= zones)
            throw ScenarioError(kSource, path, "road between zones that do not exist");
        if (road.travel < 0) throw ScenarioError(kSource, path, "negative travel time");
        boost::add_edge(static_cast<std::size_t>(road.from), static_cast<std::size_t>(road.to),
                        road.travel, graph);
    }
    return graph;
}

std::optional<int> first_unreachable_in(const Graph& graph) {
    std::vector<int> component(boost::num_vertices(graph));
    if (component.empty()) return std::nullopt;
    boost::connected_components(graph, component.data());
    for (std::size_t zone = 1; zone < component.size(); ++zone)
        if (component[zone] != component[0]) return static_cast<int>(zone);
    return std::nullopt;
}

} // namespace

void scale_travel(std::vector<Time>& times, double factor) {
    for (Time& t : times)
        t = static_cast<Time>(static_cast<double>(t) * factor + 0.5);
}

RoadNetworkSpec grid_network(int rows, int cols, Time road) {
    RoadNetworkSpec spec;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            std::string name = "r";
            name += std::to_string(r);
            name += 'c';
            name += std::to_string(c);
            spec.zones.push_back({std::move(name), false});
            const int zone = cols * r + c;
            if (c + 1 < cols) spec.roads.push_back({zone, zone + 1, road});
            if (r + 1 < rows) spec.roads.push_back({zone, zone + cols, road});
        }
    return spec;
}

std::optional<int> RoadNetwork::first_unreachable(const RoadNetworkSpec& spec) {
    return first_unreachable_in(build_graph(spec));
}

RoadNetwork::RoadNetwork(const RoadNetworkSpec& spec)
    : zones_(static_cast<int>(spec.zones.size())) {
    if (zones_ < 1 || zones_ > kMaxZones)
        throw ScenarioError(kSource, "/zones",
                            "expected 1 to " + std::to_string(kMaxZones) + " zones, got " +
                                std::to_string(zones_));
    const Graph graph = build_graph(spec);
    if (const auto zone = first_unreachable_in(graph))
        throw ScenarioError(kSource, "/roads",
                            "zone " + std::to_string(*zone) + " cannot be reached from zone 0");
    const auto n = static_cast<std::size_t>(zones_);
    travel_.resize(n * n);
    for (std::size_t from = 0; from < n; ++from) {
        // Ten thousand zones take seconds: Ctrl-C must not wait for them.
        if (from % 16 == 0) sim::check_interrupt("world");
        // Each source writes straight into its row of the matrix.
        Time* row = travel_.data() + from * n;
        boost::dijkstra_shortest_paths(graph, from, boost::distance_map(row));
    }
    if (spec.travel_time_x != 1.0) scale_travel(travel_, spec.travel_time_x);
}

namespace {

RoadNetworkSpec parse_grid(const JsonReader& node) {
    node.object({"rows", "cols", "road_min"});
    const int rows = node.get<int>("rows", at_least(1));
    const int cols = node.get<int>("cols", at_least(1));
    if (const long long zones = static_cast<long long>(rows) * cols; zones > kMaxZones)
        node.error("expected a grid of at most " + std::to_string(kMaxZones) + " zones, got " +
                   std::to_string(rows) + " x " + std::to_string(cols) + " = " +
                   std::to_string(zones));
    return grid_network(
        rows, cols, to_seconds(node.get<double>("road_min", minutes_range(false)), sim::kMinute));
}

std::vector<Zone> parse_zones(const JsonReader& node) {
    std::vector<Zone> zones;
    if (!node.json().is_array()) {
        const int count = node.as<int>(between(1, kMaxZones), "a zone count");
        for (int i = 0; i < count; ++i)
            zones.push_back({std::to_string(i), false});
        return zones;
    }
    const std::size_t count = node.array_size();
    if (count == 0 || count > static_cast<std::size_t>(kMaxZones))
        node.fail("an array of 1 to " + std::to_string(kMaxZones) + " zones");
    for (std::size_t i = 0; i < count; ++i) {
        const JsonReader zone = node[i];
        zone.object({"name", "rural"});
        zones.push_back({zone.get<std::string>("name"), zone.get_or("rural", false)});
    }
    return zones;
}

std::vector<Road> parse_roads(const JsonReader& node, int zones) {
    std::vector<Road> roads;
    for (std::size_t i = 0; i < node.array_size(); ++i) {
        const JsonReader road = node[i];
        road.object({"from", "to", "travel_min"});
        // Braced initialisation runs left to right: errors come in field order.
        roads.push_back(
            {zone_id(road["from"], zones), zone_id(road["to"], zones),
             to_seconds(road.get<double>("travel_min", minutes_range(true)), sim::kMinute)});
    }
    return roads;
}

} // namespace

RoadNetworkSpec parse_network(const JsonReader& node) {
    node.object({"grid", "zones", "roads", "rural_zones", "travel_time_x"});
    RoadNetworkSpec spec;
    if (const auto grid = node.find("grid")) {
        for (const auto key : {"zones", "roads"})
            if (const auto other = node.find(key))
                other->error("not allowed together with grid; give either grid or zones and roads");
        spec = parse_grid(*grid);
    } else if (const auto zones = node.find("zones")) {
        spec.zones = parse_zones(*zones);
        if (const auto roads = node.find("roads"))
            spec.roads = parse_roads(*roads, static_cast<int>(spec.zones.size()));
    } else {
        node.error("needs either grid or zones (and roads)");
    }
    if (const auto rural = node.find("rural_zones"))
        for (std::size_t i = 0; i < rural->array_size(); ++i)
            spec.zones[static_cast<std::size_t>(
                           zone_id((*rural)[i], static_cast<int>(spec.zones.size())))]
                .rural = true;
    spec.travel_time_x = node.get_or("travel_time_x", 1.0, Range{0, 100, true, false});
    if (const auto zone = RoadNetwork::first_unreachable(spec))
        node.error("zone " + std::to_string(*zone) +
                   " cannot be reached from zone 0; the road network must be connected");
    return spec;
}

} // namespace fieldsim::models
