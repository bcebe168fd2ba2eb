#include "models/road_network.h"

#include "models/json_reader.h"

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
        // Each source writes straight into its row of the matrix.
        Time* row = travel_.data() + from * n;
        boost::dijkstra_shortest_paths(graph, from, boost::distance_map(row));
    }
}

} // namespace fieldsim::models
