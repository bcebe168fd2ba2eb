#include "models/demand/day_factor.h"

#include "sim/distributions.h"

namespace fieldsim::models {

DayFactorSpec parse_demand(const JsonReader& node) {
    node.object({"day_factor"});
    DayFactorSpec factor;
    if (const auto day_factor = node.find("day_factor")) {
        day_factor->object({"mean", "sd"});
        factor.mean = day_factor->get_or("mean", factor.mean,
                                          Range{0, kMaxDayFactor, true, false});
        factor.sd = day_factor->get_or("sd", factor.sd, between(0, kMaxDayFactor));
    }
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

} // namespace fieldsim::models
