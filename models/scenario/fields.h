// Readers of the small values that many sections share: durations, zone ids,
// order kinds, per-kind tables and weights. Each checks its value and names
// the JSON path of a bad one, like every JsonReader getter.
#pragma once

#include "models/core/kind.h"
#include "models/scenario/json_reader.h"

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fieldsim::models {

using sim::Time;

// What a section needs to know of the rest of the scenario to check itself.
struct ParseContext {
    int zones = 0;                  // zone count of the network
    int days = 0;                   // horizon.days: scripted orders arrive before it
    std::filesystem::path base_dir; // files named by the scenario are relative to it
};

inline constexpr std::array<std::string_view, 7> kWeekdays{"mon", "tue", "wed", "thu",
                                                           "fri", "sat", "sun"};

// `amount` of `unit` (e.g. minutes) in whole seconds, rounded to nearest.
Time to_seconds(double amount, Time unit);

int zone_id(const JsonReader& node, int zones);

OrderKind order_kind(const JsonReader& node);

// Exactly `count` weights >= 0 with a positive, finite sum.
std::vector<double> parse_weights(const JsonReader& node, std::size_t count,
                                  const std::string& expected);

// {"install": x, "repair": y}; a missing kind keeps its default unless required.
template <class T, class Read>
void read_per_kind(const JsonReader& node, PerKind<T>& out, Read read, bool required) {
    node.object(kKindNames);
    for (std::size_t k = 0; k < kKindCount; ++k)
        if (required || node.has(kKindNames[k])) out[k] = read(node[kKindNames[k]]);
}

} // namespace fieldsim::models
