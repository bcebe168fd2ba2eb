#include "models/scenario/fields.h"

#include <cmath>
#include <numeric>

namespace fieldsim::models {

Time to_seconds(double amount, Time unit) {
    return static_cast<Time>(std::llround(amount * static_cast<double>(unit)));
}

int zone_id(const JsonReader& node, int zones) {
    return node.as<int>(between(0, zones - 1), "a zone id");
}

OrderKind order_kind(const JsonReader& node) {
    return static_cast<OrderKind>(node.choice(kKindNames));
}

std::vector<double> parse_weights(const JsonReader& node, std::size_t count,
                                  const std::string& expected) {
    if (!node.json().is_array() || node.array_size() != count) node.fail(expected);
    std::vector<double> weights;
    for (std::size_t i = 0; i < count; ++i)
        weights.push_back(node[i].as<double>(at_least(0)));
    const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
    if (!(sum > 0) || !std::isfinite(sum)) node.fail(expected);
    return weights;
}

} // namespace fieldsim::models
