// A scenario compiled for running: travel times resolved, distributions and
// rules built. Read-only and shared by every replication of a run.
#pragma once

#include "models/arrivals.h"
#include "models/dispatch.h"
#include "models/road_network.h"
#include "models/rules.h"
#include "models/scenario.h"

#include <vector>

namespace fieldsim::models {

struct World {
    explicit World(const Scenario& scenario);

    Scenario scenario;
    OrderSources sources;
    int zone_count;
    RoadNetwork roads;
    std::vector<bool> compensation_waived; // per zone
    std::vector<int> homes;                // per technician
    SlaRule sla;
    PerKind<CompensationRule> compensation;
    PieceRate pay;
    EveningResponse evening;

    // Dispatch classes: one per random source (one kind each), one per kind
    // for each scripted source.
    std::uint32_t work_class(std::uint32_t source, OrderKind kind) const;
    StartRule start_rule() const;
};

} // namespace fieldsim::models
