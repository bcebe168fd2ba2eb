#include "models/demand/random_stream.h"

#include <numeric>

namespace fieldsim::models {

namespace {

// Orders per second on segments of the day: per_day spread evenly over the
// whole day, over the "hours" window, or over the hours by "profile".
void set_daily_rates(const JsonReader& node, double per_day, RandomOrderStream& stream) {
    const auto hours = node.find("hours");
    const auto profile = node.find("profile");
    if (hours && profile) profile->error("give either hours or profile, not both");
    auto& bounds = stream.bounds;
    auto& rates = stream.rates;
    if (profile) {
        const auto weights =
            parse_weights(*profile, 24, "an array of 24 hourly weights >= 0 with a positive sum");
        const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
        for (std::size_t h = 0; h < weights.size(); ++h) {
            bounds.push_back(static_cast<double>(static_cast<Time>(h) * sim::kHour));
            rates.push_back(per_day * weights[h] / sum / static_cast<double>(sim::kHour));
        }
    } else if (hours) {
        hours->object({"from", "to"});
        const Time from = (*hours)["from"].clock();
        const JsonReader to_node = (*hours)["to"];
        const Time to = to_node.clock();
        if (to <= from) to_node.fail("a time after from (" + sim::format_hhmm(from) + ")");
        if (from > 0) { // no orders before the window
            bounds.push_back(0);
            rates.push_back(0.0);
        }
        bounds.push_back(static_cast<double>(from));
        rates.push_back(per_day / static_cast<double>(to - from));
        if (to < sim::kDay) { // nor after it
            bounds.push_back(static_cast<double>(to));
            rates.push_back(0.0);
        }
    } else {
        bounds.push_back(0);
        rates.push_back(per_day / static_cast<double>(sim::kDay));
    }
    bounds.push_back(static_cast<double>(sim::kDay));
}

std::vector<double> parse_zone_weights(const JsonReader& node, int zones) {
    if (node.json() == "uniform") return {};
    return parse_weights(node, static_cast<std::size_t>(zones),
                         "\"uniform\" or an array of " + std::to_string(zones) +
                             " zone weights >= 0 with a positive sum");
}

} // namespace

RandomOrderStream parse_random_stream(const JsonReader& node, const ParseContext& ctx) {
    node.object({"kind", "per_day", "hours", "profile", "zones", "product", "class", "work_time"});
    RandomOrderStream stream;
    stream.kind = order_kind(node["kind"], *ctx.kinds);
    set_daily_rates(node, node.get<double>("per_day", between(0, kMaxPerDay)), stream);
    if (const auto zones = node.find("zones"))
        stream.zone_weights = parse_zone_weights(*zones, ctx.zones);
    if (const auto product = node.find("product"))
        stream.product_weights = parse_mix(*product, kProductNames);
    if (const auto customer_class = node.find("class"))
        stream.class_weights = parse_mix(*customer_class, kClassNames);
    stream.work = parse_work_time(node["work_time"]);
    return stream;
}

} // namespace fieldsim::models
