#include "models/demand/work_time.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace fieldsim::models {

namespace {
// In the order of WorkTimeShape, so that the index is the enum value.
constexpr std::array<std::string_view, 4> kWorkShapes{"lognormal", "exponential", "deterministic",
                                                      "uniform"};
} // namespace

WorkTimeSpec parse_work_time(const JsonReader& node) {
    WorkTimeSpec work;
    work.shape = static_cast<WorkTimeShape>(node["dist"].choice(kWorkShapes));
    const auto seconds = [&](std::string_view key, Range range) {
        return node.get<double>(key, range) * static_cast<double>(sim::kMinute);
    };
    switch (work.shape) {
    case WorkTimeShape::lognormal:
        node.object({"dist", "mean_min", "sd_min"});
        work.mean_s = seconds("mean_min", minutes_range(false));
        work.sd_s = seconds("sd_min", minutes_range(true));
        break;
    case WorkTimeShape::exponential:
    case WorkTimeShape::deterministic:
        node.object({"dist", "mean_min"});
        work.mean_s = seconds("mean_min", minutes_range(false));
        break;
    case WorkTimeShape::uniform:
        node.object({"dist", "lo_min", "hi_min"});
        work.lo_s = seconds("lo_min", minutes_range(true));
        work.hi_s = seconds("hi_min", Range{node.get<double>("lo_min"), kMaxMinutes, true, false});
        break;
    }
    return work;
}

WorkTimeSampler::WorkTimeSampler(const WorkTimeSpec& spec) : spec_(spec) {
    if (spec.shape == WorkTimeShape::lognormal) lognormal_.emplace(spec.mean_s, spec.sd_s);
}

} // namespace fieldsim::models
