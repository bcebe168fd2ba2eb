#include "models/workforce/evening.h"

namespace fieldsim::models {

namespace {

// Bounds that keep p defined (no NaN from inf - inf) and the curve rising
// with money and falling with hours worked.
PerJobSpec parse_per_job(const JsonReader& node) {
    node.object({"a", "b", "c", "base_money_cny", "points_cny"});
    PerJobSpec spec;
    spec.a = node.get_or("a", spec.a, between(-50, 50));
    spec.b = node.get_or("b", spec.b, between(0, 50));
    spec.c = node.get_or("c", spec.c, between(0, 10));
    spec.base_money_cny = node.get_or("base_money_cny", spec.base_money_cny, amount_range(false));
    spec.points_cny = node.get_or("points_cny", spec.points_cny, amount_range());
    return spec;
}

void parse_per_evening(const JsonReader& node, EveningSpec& evening) {
    evening.p0 = node.get<double>("p0", between(0, 1));
    const JsonReader p1 = node["p1"];
    evening.p1 = p1.as<double>(between(0, 1));
    // The tolerance lets 0.3 + 0.7 through despite rounding.
    if (evening.p0 + evening.p1 > 1 + 1e-12)
        p1.fail("a number in [0, 1] with p0 + p1 <= 1 (p0 = " + format_number(evening.p0) + ")");
    evening.premium_full_cny = node.get<double>("premium_full_cny", amount_range(false));
}

} // namespace

EveningSpec parse_evening(const JsonReader& node, Time shift_end) {
    EveningSpec evening;
    evening.enabled = true;
    if (const auto model = node.find("model"))
        evening.model = static_cast<EveningModel>(model->choice({"per_evening", "per_job"}));
    node.object(
        {"model", "start", "end", "p0", "p1", "premium_cny", "premium_full_cny", "per_job"});
    const bool per_job = evening.model == EveningModel::per_job;
    for (const char* key : {"p0", "p1", "premium_full_cny", "per_job"})
        if (node.has(key) && per_job != (std::string_view(key) == "per_job"))
            node[key].error(std::string("only with \"model\": \"") +
                            (per_job ? "per_evening" : "per_job") + "\"");
    const JsonReader start = node["start"];
    evening.start = start.clock();
    if (evening.start < shift_end)
        start.fail("a time at or after the shift end " + sim::format_hhmm(shift_end));
    const JsonReader end = node["end"];
    evening.end = end.clock();
    if (evening.end <= evening.start)
        end.fail("a time after the evening start " + sim::format_hhmm(evening.start));
    evening.premium_cny = node.get<double>("premium_cny", amount_range());
    if (evening.model == EveningModel::per_job) {
        if (const auto per_job = node.find("per_job")) evening.per_job = parse_per_job(*per_job);
    } else {
        parse_per_evening(node, evening);
    }
    return evening;
}

} // namespace fieldsim::models
