#include "models/workforce/evening.h"

namespace fieldsim::models {

EveningSpec parse_evening(const JsonReader& node, Time shift_end) {
    node.object({"start", "end", "p0", "p1", "premium_cny", "premium_full_cny"});
    EveningSpec evening;
    evening.enabled = true;
    const JsonReader start = node["start"];
    evening.start = start.clock();
    if (evening.start < shift_end)
        start.fail("a time at or after the shift end " + sim::format_hhmm(shift_end));
    const JsonReader end = node["end"];
    evening.end = end.clock();
    if (evening.end <= evening.start)
        end.fail("a time after the evening start " + sim::format_hhmm(evening.start));
    evening.p0 = node.get<double>("p0", between(0, 1));
    const JsonReader p1 = node["p1"];
    evening.p1 = p1.as<double>(between(0, 1));
    // The tolerance lets 0.3 + 0.7 through despite rounding.
    if (evening.p0 + evening.p1 > 1 + 1e-12)
        p1.fail("a number in [0, 1] with p0 + p1 <= 1 (p0 = " + format_number(evening.p0) + ")");
    evening.premium_cny = node.get<double>("premium_cny", amount_range());
    evening.premium_full_cny = node.get<double>("premium_full_cny", amount_range(false));
    return evening;
}

} // namespace fieldsim::models
