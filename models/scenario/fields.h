// Readers of the small values that many sections share: durations, zone ids,
// order kinds, per-kind tables and weights. Each checks its value and names
// the JSON path of a bad one, like every JsonReader getter.
#pragma once

#include "models/core/segment.h"
#include "models/scenario/json_reader.h"
#include "models/scenario/limits.h"

#include <array>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fieldsim::models {

using sim::Time;

// What a section needs to know of the rest of the scenario to check itself.
struct ParseContext {
    const std::vector<std::string>* kinds = nullptr; // the order kinds, by KindId
    int zones = 0;                                   // zone count of the network
    int days = 0;                   // horizon.days: scripted orders arrive before it
    std::filesystem::path base_dir; // files named by the scenario are relative to it
};

inline constexpr std::array<std::string_view, 7> kWeekdays{"mon", "tue", "wed", "thu",
                                                           "fri", "sat", "sun"};

// `amount` of `unit` (e.g. minutes) in whole seconds, rounded to nearest.
// Callers bound `amount` (kMaxMinutes and the like) so that it fits.
Time to_seconds(double amount, Time unit);

// A duration in minutes: > 0 (or >= 0 when `zero_ok`) and at most kMaxMinutes.
inline Range minutes_range(bool zero_ok) {
    return {0, kMaxMinutes, !zero_ok, false};
}

// An amount in yuan: >= 0 (> 0 unless `zero_ok`) and at most kMaxAmountCny.
inline Range amount_range(bool zero_ok = true) {
    return {0, kMaxAmountCny, !zero_ok, false};
}
// A multiple of pay: in [0, kMaxPayMultiple].
inline Range multiple_range() {
    return between(0, kMaxPayMultiple);
}

int zone_id(const JsonReader& node, int zones);

KindId order_kind(const JsonReader& node, const std::vector<std::string>& kinds);

// "order_kinds": ["install", "repair", ...more]: install and repair first.
std::vector<std::string> parse_order_kinds(const JsonReader& node);

// The index of the string among `names` (any container of strings).
template <class Names> std::size_t choice_of(const JsonReader& node, const Names& names) {
    const std::vector<std::string_view> views(names.begin(), names.end());
    return node.choice(views);
}

// Exactly `count` weights >= 0 with a positive, finite sum.
std::vector<double> parse_weights(const JsonReader& node, std::size_t count,
                                  const std::string& expected);

// A mix over `names`: one name (all weight on it) or {"name": weight, ...}
// with weights >= 0 and a positive sum. The result has one weight per name.
std::vector<double> parse_mix(const JsonReader& node, std::span<const std::string_view> names);

// {"install": x, "repair": y, ...}: `out` gets one entry per kind; a missing
// kind keeps `fallback` unless required.
template <class T, class Read>
void read_per_kind(const JsonReader& node, const std::vector<std::string>& kinds, PerKind<T>& out,
                   Read read, bool required, T fallback = T{}) {
    const std::vector<std::string_view> keys(kinds.begin(), kinds.end());
    node.object(keys);
    out.assign(kinds.size(), fallback);
    for (std::size_t k = 0; k < kinds.size(); ++k)
        if (required || node.has(kinds[k])) out[k] = read(node[kinds[k]]);
}

} // namespace fieldsim::models
