#include "models/demand/day_factor.h"

#include "models/scenario/fields.h"
#include "sim/distributions.h"

#include <numeric>

namespace fieldsim::models {

namespace {

WeekdayFactors parse_week(const JsonReader& node) {
    if (!node.json().is_array() || node.array_size() != 7)
        node.fail("7 factors, Monday first (numbers in [0, " + format_number(kMaxDayFactor) + "])");
    WeekdayFactors week{};
    for (std::size_t d = 0; d < week.size(); ++d)
        week[d] = node[d].as<double>(between(0, kMaxDayFactor));
    return week;
}

// Seven factors for every kind, or by kind (a kind not named: 1 every day).
PerKind<WeekdayFactors> parse_weekday_factors(const JsonReader& node,
                                              const std::vector<std::string>& kinds) {
    if (node.json().is_array()) return PerKind<WeekdayFactors>(kinds.size(), parse_week(node));
    if (!node.json().is_object())
        node.fail("7 factors, Monday first, or an object of such arrays by order kind");
    PerKind<WeekdayFactors> by_kind;
    WeekdayFactors flat;
    flat.fill(1.0);
    read_per_kind(node, kinds, by_kind, parse_week, false, flat);
    return by_kind;
}

} // namespace

DayFactorSpec parse_demand(const JsonReader& node, const std::vector<std::string>& kinds) {
    node.object({"day_factor", "weekday_factors"});
    DayFactorSpec factor;
    if (const auto day_factor = node.find("day_factor")) {
        day_factor->object({"mean", "sd"});
        factor.mean = day_factor->get_or("mean", factor.mean, Range{0, kMaxDayFactor, true, false});
        factor.sd = day_factor->get_or("sd", factor.sd, between(0, kMaxDayFactor));
    }
    if (const auto weekday = node.find("weekday_factors"))
        factor.weekday = parse_weekday_factors(*weekday, kinds);
    return factor;
}

std::vector<double> draw_day_factors(const DayFactorSpec& spec, int days, sim::Stream stream) {
    std::vector<double> factors(static_cast<std::size_t>(days), spec.mean);
    if (spec.sd > 0.0) {
        const sim::Lognormal factor(spec.mean, spec.sd);
        for (double& f : factors)
            f = factor(stream);
    }
    return factors;
}

void apply_weekdays(std::vector<double>& factors, const WeekdayFactors& weekday,
                    int first_weekday) {
    for (std::size_t d = 0; d < factors.size(); ++d)
        factors[d] *= weekday[(static_cast<std::size_t>(first_weekday) + d) % 7];
}

double weekday_mean(const DayFactorSpec& spec, KindId kind) {
    if (spec.weekday.empty()) return 1.0;
    const WeekdayFactors& week = spec.weekday[kind];
    return std::accumulate(week.begin(), week.end(), 0.0) / 7.0;
}

} // namespace fieldsim::models
