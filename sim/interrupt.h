// Long steps outside the replications (parsing a large scenario or CSV file,
// computing travel times, turning the results into columns) ask now and then
// whether the user has given up. The Python module installs a check that
// throws on Ctrl-C; without one (the C++ tools and tests) asking costs a load.
// Replications are stopped by their own flag (replication.h).
#pragma once

#include <atomic>

namespace fieldsim::sim {

// Called with the name of the step ("loading", "world", "frames"); throws to
// stop it.
using InterruptCheck = void (*)(const char* step);

inline std::atomic<InterruptCheck>& interrupt_check() {
    static std::atomic<InterruptCheck> check{nullptr};
    return check;
}

inline void check_interrupt(const char* step) {
    if (const InterruptCheck check = interrupt_check().load(std::memory_order_relaxed)) check(step);
}

} // namespace fieldsim::sim
