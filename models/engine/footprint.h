// What a run is expected to need, known before it starts: the orders and
// events of one replication and the memory of the whole run. A run too large
// for the machine is then refused up front instead of failing with
// std::bad_alloc after minutes (scenarios/README.md "Limits").
#pragma once

#include "models/scenario/scenario.h"

#include <cstddef>

namespace fieldsim::models {

struct Footprint {
    double orders = 0; // one replication's, at the streams' mean rates
    double events = 0; // one replication's: each order's arrival and visit, each day's shifts
    // Bytes at the run's peak, by what holds them.
    double world_bytes = 0;     // once per run: travel times (per weather factor), scripted orders
    double working_bytes = 0;   // the replications running at once: open orders, event queues
    double results_bytes = 0;   // per replication: technicians and breakdown, kept to the end
    double technician_rows = 0; // the run's technician-month records (a row each in Python)
    double order_log_bytes = 0; // the order log's records, when kept
    double total_bytes() const {
        return world_bytes + working_bytes + results_bytes + order_log_bytes;
    }
};

// `threads` are the replications running at once (0: all cores).
Footprint footprint(const Scenario& scenario, std::size_t replications, unsigned threads,
                    bool keep_orders);

} // namespace fieldsim::models
