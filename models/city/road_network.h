// Travel times between zones: the shortest path over two-way roads,
// computed once per scenario so that dispatch looks them up in O(1).
#pragma once

#include "models/scenario/json_reader.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace fieldsim::models {

using sim::Time;

struct Road {
    int from = 0;
    int to = 0;
    Time travel = 0;
};

struct Zone {
    std::string name;
    bool rural = false; // compensation is waived in rural zones
};

struct RoadNetworkSpec {
    std::vector<Zone> zones;
    std::vector<Road> roads;    // two-way
    double travel_time_x = 1.0; // every travel time times this (a branch's calibrated scale)
};

// The travel matrix is dense (zones^2 times); this keeps it within ~800 MB.
inline constexpr int kMaxZones = 10000;

// A grid city: zone id = cols * row + col, named "r<row>c<col>", with a road
// of `road` between horizontally and vertically adjacent zones.
RoadNetworkSpec grid_network(int rows, int cols, Time road);

// "network": a grid, or zones and roads; rural zones; connected; a travel
// time multiplier.
RoadNetworkSpec parse_network(const JsonReader& node);

// Each time times `factor`, rounded to the second (a scale, or a weather's slowing).
void scale_travel(std::vector<Time>& times, double factor);

class RoadNetwork {
  public:
    // Dijkstra (Boost.Graph) from every zone once, scaled by the spec's
    // travel_time_x (rounded to the second). Throws ScenarioError when a
    // road names a zone that does not exist, has a negative travel time, or
    // some zone cannot be reached: the model has no notion of "never".
    explicit RoadNetwork(const RoadNetworkSpec& spec);

    Time travel(int from, int to) const {
        return travel_[static_cast<std::size_t>(from) * static_cast<std::size_t>(zones_) +
                       static_cast<std::size_t>(to)];
    }
    int zone_count() const { return zones_; }
    // All travel times, row-major [from][to].
    const std::vector<Time>& matrix() const { return travel_; }

    // The lowest zone that zone 0 cannot reach, if any (the network is
    // connected iff there is none). Cheap: one pass over the roads, used by
    // the scenario loader to reject a disconnected network with its path.
    static std::optional<int> first_unreachable(const RoadNetworkSpec& spec);

  private:
    int zones_ = 0;
    std::vector<Time> travel_; // row-major [from][to]
};

} // namespace fieldsim::models
