// The segments a scenario's orders can have: what a rule table must cover.
#pragma once

#include "models/core/segment.h"
#include "models/scenario/scenario.h"

#include <vector>

namespace fieldsim::models {

// In cell order, each once.
std::vector<Segment> segments_reached(const Scenario& scenario);

} // namespace fieldsim::models
