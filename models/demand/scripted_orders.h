// Orders given one by one, in the scenario or in a CSV file: hand-worked
// cases and replays of history.
#pragma once

#include "models/core/segment.h"
#include "models/scenario/fields.h"

#include <vector>

namespace fieldsim::models {

// 24 bytes, the wide fields first: a file may hold millions.
struct ScriptedOrder {
    Time entry = 0;
    Time work = 0;
    int zone = 0;
    KindId kind = kInstall;
    std::uint8_t product = 0;        // index into kProductNames
    std::uint8_t customer_class = 0; // index into kClassNames
};
static_assert(sizeof(ScriptedOrder) == 24);

struct ScriptedOrderStream {
    std::vector<ScriptedOrder> orders; // sorted by entry
    PerKind<Time> expected_work{};     // what dispatch assumes when deciding to start
};

// {"scripted": [rows] or "csv": file, "expected_work_min": per kind}
ScriptedOrderStream parse_scripted_stream(const JsonReader& node, const ParseContext& ctx);

} // namespace fieldsim::models
