// A scenario compiled for running: travel times resolved, distributions and
// rules built. Read-only and shared by every replication of a run.
#pragma once

#include "models/city/road_network.h"
#include "models/demand/arrivals.h"
#include "models/dispatch/policy.h"
#include "models/money/compensation.h"
#include "models/money/pay.h"
#include "models/scenario/scenario.h"
#include "models/service/causes.h"
#include "models/service/sla.h"
#include "models/workforce/evening.h"

#include <vector>

namespace fieldsim::models {

struct World {
    explicit World(const Scenario& scenario);
    // Parts point into `scenario` (the scripted order lists): a copy would
    // point into the original.
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    Scenario scenario;
    OrderSources sources;
    int zone_count;
    RoadNetwork roads;
    std::vector<Reasons> zone_reasons; // per zone: rural, no promise
    std::vector<std::uint16_t> district_of_zone;
    SegmentSpace segments;
    std::vector<int> homes; // per technician
    SlaBook sla;
    std::vector<CompensationRule> compensation; // per cell
    PieceRate pay;
    EveningResponse evening;

    // Dispatch classes: one per random source (one kind each), one per kind
    // for each scripted source.
    std::uint32_t work_class(std::uint32_t source, KindId kind) const;
    std::uint32_t cell(int zone, KindId kind, std::uint8_t product,
                       std::uint8_t customer_class) const {
        return segments.cell(Segment{district_of_zone[static_cast<std::size_t>(zone)], kind,
                                     product, customer_class});
    }
    StartRule start_rule() const;
};

} // namespace fieldsim::models
