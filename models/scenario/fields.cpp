#include "models/scenario/fields.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace fieldsim::models {

Time to_seconds(double amount, Time unit) {
    return static_cast<Time>(std::llround(amount * static_cast<double>(unit)));
}

int zone_id(const JsonReader& node, int zones) {
    return node.as<int>(between(0, zones - 1), "a zone id");
}

KindId order_kind(const JsonReader& node, const std::vector<std::string>& kinds) {
    return static_cast<KindId>(choice_of(node, kinds));
}

std::vector<double> parse_weights(const JsonReader& node, std::size_t count,
                                  const std::string& expected) {
    if (!node.json().is_array() || node.array_size() != count) node.fail(expected);
    std::vector<double> weights;
    for (std::size_t i = 0; i < count; ++i)
        weights.push_back(node[i].as<double>(between(0, kMaxWeight)));
    const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
    if (sum == 0) node.fail(expected + " (these are all 0)");
    if (!std::isfinite(sum)) node.fail(expected);
    return weights;
}

std::vector<std::string> parse_order_kinds(const JsonReader& node) {
    const std::string expected = "an array of distinct kind names starting with \"install\", "
                                 "\"repair\" (at most " +
                                 std::to_string(kMaxKinds) + ")";
    const std::size_t n = node.array_size();
    if (n < 2 || n > kMaxKinds) node.fail(expected);
    std::vector<std::string> kinds;
    for (std::size_t i = 0; i < n; ++i) {
        const auto name = node[i].as<std::string>({}, "a kind name");
        if (name.empty() || (i == 0 && name != "install") || (i == 1 && name != "repair") ||
            std::find(kinds.begin(), kinds.end(), name) != kinds.end())
            node[i].fail(i == 0   ? "\"install\" (order_kinds start with \"install\", \"repair\")"
                         : i == 1 ? "\"repair\" (order_kinds start with \"install\", \"repair\")"
                                  : "a kind name not listed before");
        kinds.push_back(name);
    }
    return kinds;
}

std::vector<double> parse_mix(const JsonReader& node, std::span<const std::string_view> names) {
    std::vector<double> weights(names.size(), 0.0);
    if (node.json().is_string()) {
        weights[node.choice(names)] = 1.0;
        return weights;
    }
    node.object(names);
    double sum = 0.0;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (const auto weight = node.find(names[i]))
            sum += weights[i] = weight->as<double>(between(0, kMaxWeight));
    if (!(sum > 0) || !std::isfinite(sum))
        node.fail("one name, or weights >= 0 by name with a positive sum");
    return weights;
}

} // namespace fieldsim::models
