#include "models/dispatch/zones_by_travel.h"

#include <algorithm>
#include <numeric>

namespace fieldsim::models::dispatch_detail {

const ZonesByTravel::Destination& ZonesByTravel::destination(int to) {
    auto table = std::find_if(tables_.begin(), tables_.end(),
                              [&](const Table& t) { return t.matrix == rule_.travel; });
    if (table == tables_.end()) {
        tables_.push_back(Table{
            rule_.travel, std::vector<Destination>(static_cast<std::size_t>(rule_.zone_count))});
        table = std::prev(tables_.end());
    }
    Destination& d = table->to[static_cast<std::size_t>(to)];
    if (d.zones.empty()) d = build(to);
    return d;
}

ZonesByTravel::Destination ZonesByTravel::build(int to) const {
    Destination d;
    d.zones.resize(static_cast<std::size_t>(rule_.zone_count));
    std::iota(d.zones.begin(), d.zones.end(), 0);
    const auto travel = [&](int from) { return rule_.travel_time(from, to); };
    std::stable_sort(d.zones.begin(), d.zones.end(),
                     [&](int a, int b) { return travel(a) < travel(b); });
    for (std::size_t i = 1; i <= d.zones.size(); ++i)
        if (i == d.zones.size() || travel(d.zones[i]) != travel(d.zones[i - 1]))
            d.group_ends.push_back(static_cast<std::uint32_t>(i));
    return d;
}

} // namespace fieldsim::models::dispatch_detail
