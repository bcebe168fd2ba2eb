#include "models/demand/arrivals.h"

#include <algorithm>
#include <cmath>

namespace fieldsim::models {

OrderSources::Mix::Mix(const std::vector<double>& weights) {
    const auto positive =
        std::count_if(weights.begin(), weights.end(), [](double w) { return w > 0; });
    if (positive > 1) {
        table.emplace(weights);
        return;
    }
    only = static_cast<std::uint8_t>(
        std::find_if(weights.begin(), weights.end(), [](double w) { return w > 0; }) -
        weights.begin());
}

OrderSources::OrderSources(const Scenario& scenario)
    : scripted(scenario.scripted_streams), day_factor(scenario.day_factor),
      kinds(scenario.kinds.size()), first_weekday(scenario.calendar.first_weekday),
      zone_count(static_cast<int>(scenario.network.zones.size())), days(scenario.horizon.days) {
    for (const RandomOrderStream& stream : scenario.random_streams) {
        std::optional<sim::AliasTable> zones;
        if (!stream.zone_weights.empty()) zones.emplace(stream.zone_weights);
        random.push_back(
            Random{stream.kind, sim::PeriodicPiecewiseRate(stream.bounds, stream.rates),
                   std::move(zones), Mix(stream.product_weights), Mix(stream.class_weights),
                   WorkTimeSampler(stream.work), std::llround(stream.work.expected_s())});
    }
}

ArrivalProcess::ArrivalProcess(const OrderSources& sources, std::uint64_t seed,
                               std::uint64_t replication, const Weather* weather)
    : sources_(sources),
      day_factors_(draw_day_factors(
          sources.day_factor, sources.days,
          sim::Stream(seed, replication, static_cast<std::uint64_t>(Purpose::day_factor)))),
      until_(static_cast<double>(sources.days) * static_cast<double>(sim::kDay)),
      random_count_(sources.random.size()), cursor_(sources.scripted.size(), 0),
      pending_(sources.count(), kNever) {
    resolve_kind_factors(weather);
    random_.reserve(sources.random.size());
    for (std::size_t i = 0; i < sources.random.size(); ++i) {
        const std::vector<double>& own = kind_factors_[sources.random[i].kind];
        random_.push_back(RandomState{
            sim::Stream(seed, replication, static_cast<std::uint64_t>(Purpose::arrival_times), i),
            sim::Stream(seed, replication, static_cast<std::uint64_t>(Purpose::order_attributes),
                        i),
            own.empty() ? &day_factors_ : &own, 0.0, sources.random[i].rate.position_of(0.0)});
        advance_random(i);
    }
    for (std::size_t i = 0; i < sources.scripted.size(); ++i)
        advance_scripted(i);
}

// A kind's factor of each day, resolved once here so that an arrival looks
// up one number however many effects make it.
void ArrivalProcess::resolve_kind_factors(const Weather* weather) {
    kind_factors_.resize(sources_.kinds);
    for (std::size_t kind = 0; kind < sources_.kinds; ++kind) {
        const bool by_weekday = !sources_.day_factor.weekday.empty();
        const bool by_weather = weather && kind == kRepair;
        if (!by_weekday && !by_weather) continue;
        std::vector<double>& factors = kind_factors_[kind] = day_factors_;
        if (by_weekday)
            apply_weekdays(factors, sources_.day_factor.weekday[kind], sources_.first_weekday);
        if (by_weather)
            for (std::size_t d = 0; d < factors.size(); ++d)
                factors[d] *= weather->repair_rate_x(static_cast<std::int64_t>(d));
    }
}

// Inline in take(): a call per order cost a tenth of the draw in saved registers.
[[gnu::always_inline]] inline void ArrivalProcess::advance_random(std::size_t source) {
    RandomState& state = random_[source];
    const std::vector<double>& factors = *state.factors;
    const auto factor = [&factors](std::int64_t day) {
        return factors[static_cast<std::size_t>(day)];
    };
    const double unit_exp = state.times.unit_exponential();
    state.clock = sources_.random[source].rate.next_arrival(state.position, state.clock, unit_exp,
                                                            factor, until_);
    // The clock is never negative, so truncation is the floor (and cheaper).
    pending_[source] = std::isfinite(state.clock) ? static_cast<Time>(state.clock) : kNever;
}

void ArrivalProcess::advance_scripted(std::size_t source) {
    const auto& list = sources_.scripted[source].orders;
    const std::size_t next = cursor_[source];
    pending_[random_count_ + source] = next < list.size() ? list[next].entry : kNever;
}

NewOrder ArrivalProcess::take(std::size_t source) {
    const Time entry = pending_[source];
    const auto id = static_cast<std::uint32_t>(source);
    if (source < random_count_) {
        const auto& spec = sources_.random[source];
        sim::Stream& draws = random_[source].attributes;
        const int zone =
            spec.zones
                ? static_cast<int>((*spec.zones)(draws))
                : static_cast<int>(draws.below(static_cast<std::uint64_t>(sources_.zone_count)));
        const Time work = spec.work(draws);
        const std::uint8_t product = spec.products(draws);
        const std::uint8_t customer_class = spec.classes(draws);
        advance_random(source);
        return NewOrder{spec.kind, product, customer_class, zone, entry, work, id};
    }
    const std::size_t scripted = source - random_count_;
    const ScriptedOrder& order = sources_.scripted[scripted].orders[cursor_[scripted]++];
    advance_scripted(scripted);
    return NewOrder{order.kind, order.product, order.customer_class, order.zone, entry, order.work,
                    id};
}

} // namespace fieldsim::models
