#include "models/core/segment_filter.h"

#include <string_view>

namespace fieldsim::models {

namespace {

// The names a key lists (one name or an array of them), as a set over `names`.
template <class Names> std::vector<bool> listed(const JsonReader& node, const Names& names) {
    const std::vector<std::string_view> views(names.begin(), names.end());
    std::vector<bool> set(views.size(), false);
    if (!node.json().is_array()) {
        set[node.choice(views)] = true;
        return set;
    }
    if (node.array_size() == 0) node.fail("a name or a non-empty array of names");
    for (std::size_t i = 0; i < node.array_size(); ++i)
        set[node[i].choice(views)] = true;
    return set;
}

} // namespace

SegmentFilter SegmentFilter::of_kind(KindId kind, std::size_t kinds) {
    SegmentFilter filter;
    filter.kinds_.assign(kinds, false);
    filter.kinds_[kind] = true;
    return filter;
}

SegmentFilter parse_segment_filter(const JsonReader& node, const SegmentNames& names) {
    node.object({"district", "area", "kind", "product", "class"});
    SegmentFilter filter;
    if (const auto districts = node.find("district"))
        filter.districts_ = listed(*districts, names.districts);
    if (const auto areas = node.find("area")) {
        const auto area_set = listed(*areas, kAreaNames);
        std::vector<bool> in_area(names.districts.size());
        for (std::size_t d = 0; d < in_area.size(); ++d)
            in_area[d] = area_set[static_cast<std::size_t>(names.areas[d])];
        if (filter.districts_.empty()) filter.districts_.assign(in_area.size(), true);
        for (std::size_t d = 0; d < in_area.size(); ++d)
            filter.districts_[d] = filter.districts_[d] && in_area[d];
    }
    if (const auto kinds = node.find("kind")) filter.kinds_ = listed(*kinds, names.kinds);
    if (const auto products = node.find("product"))
        filter.products_ = listed(*products, kProductNames);
    if (const auto classes = node.find("class")) filter.classes_ = listed(*classes, kClassNames);
    return filter;
}

} // namespace fieldsim::models
