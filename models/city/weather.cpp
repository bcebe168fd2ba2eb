#include "models/city/weather.h"

#include "sim/distributions.h"

#include <algorithm>

namespace fieldsim::models {

namespace {

// Declared typhoons, floods, rainstorms and hail are force majeure unless the
// scenario says otherwise (city-rules.md section 4); other kinds are not.
bool force_majeure_by_name(const std::string& name) {
    return name == "typhoon" || name == "flood" || name == "rainstorm" || name == "hail";
}

WeatherKind parse_kind(const std::string& name, const JsonReader& node) {
    node.object({"repair_rate_x", "travel_time_x", "force_majeure"});
    // Above 0, and below anything that would overflow a clock in seconds.
    const Range factor{0, 100, true, false};
    return {name, node.get_or("repair_rate_x", 1.0, factor),
            node.get_or("travel_time_x", 1.0, factor),
            node.get_or("force_majeure", force_majeure_by_name(name))};
}

std::size_t kind_index(const JsonReader& node, const std::vector<WeatherKind>& kinds) {
    std::vector<std::string_view> names;
    for (const auto& kind : kinds)
        names.push_back(kind.name);
    return node.choice(names);
}

// An event outside the run's days is taken and has no effect (parse_run_date).
WeatherEvent parse_event(const JsonReader& node, const std::vector<WeatherKind>& kinds,
                         const CalendarSpec& calendar, const Horizon& horizon) {
    node.object({"kind", "from", "to"});
    WeatherEvent event{kind_index(node["kind"], kinds),
                       parse_run_date(node["from"], calendar, horizon), 0};
    const JsonReader to = node["to"];
    event.last = parse_run_date(to, calendar, horizon);
    if (event.last < event.first) to.fail("a date on or after from");
    return event;
}

WeatherDraw parse_draw(const JsonReader& node, const std::vector<WeatherKind>& kinds) {
    node.object({"kind", "per_year", "days"});
    return {kind_index(node["kind"], kinds), node.get<double>("per_year", between(0, 365)),
            node.get<int>("days", between(1, 366))};
}

} // namespace

WeatherSpec parse_weather(const JsonReader& node, const CalendarSpec& calendar,
                          const Horizon& horizon) {
    node.object({"kinds", "events", "drawn", "grace_days"});
    WeatherSpec spec;
    const JsonReader kinds = node["kinds"];
    if (!kinds.json().is_object() || kinds.json().empty())
        kinds.fail("an object of event kinds by name");
    for (const auto& item : kinds.json().items())
        spec.kinds.push_back(parse_kind(item.key(), kinds[item.key()]));
    if (const auto events = node.find("events"))
        for (std::size_t i = 0; i < events->array_size(); ++i)
            spec.events.push_back(parse_event((*events)[i], spec.kinds, calendar, horizon));
    if (const auto drawn = node.find("drawn"))
        for (std::size_t i = 0; i < drawn->array_size(); ++i)
            spec.drawn.push_back(parse_draw((*drawn)[i], spec.kinds));
    spec.grace_days = node.get_or("grace_days", 0, between(0, 30));
    return spec;
}

Weather::Weather(const WeatherSpec& spec, std::int64_t days, sim::Stream draws)
    : events_(spec.events), repair_x_(static_cast<std::size_t>(days), 1.0),
      travel_x_(static_cast<std::size_t>(days), 1.0),
      force_majeure_day_(static_cast<std::size_t>(days), false) {
    // Drawn events: a Poisson number per year and kind, each starting on a
    // uniformly drawn day of that year.
    for (std::int64_t year_start = 0; year_start < days; year_start += 365)
        for (const WeatherDraw& draw : spec.drawn) {
            const auto count = sim::poisson(draws, draw.per_year);
            for (std::uint64_t n = 0; n < count; ++n) {
                const auto first = year_start + static_cast<std::int64_t>(draws.below(365));
                events_.push_back({draw.kind, first, first + draw.days - 1});
            }
        }
    for (const WeatherEvent& e : events_) {
        const WeatherKind& kind = spec.kinds[e.kind];
        for (std::int64_t d = std::max<std::int64_t>(0, e.first); d <= e.last && d < days; ++d) {
            // Two events on one day: the stronger of each effect.
            repair_x_[static_cast<std::size_t>(d)] =
                std::max(repair_x_[static_cast<std::size_t>(d)], kind.repair_rate_x);
            travel_x_[static_cast<std::size_t>(d)] =
                std::max(travel_x_[static_cast<std::size_t>(d)], kind.travel_time_x);
            if (kind.force_majeure) force_majeure_day_[static_cast<std::size_t>(d)] = true;
        }
        if (kind.force_majeure)
            exempt_.emplace_back(sim::start_of_day(e.first),
                                 sim::start_of_day(e.last + 1 + spec.grace_days));
    }
}

bool Weather::force_majeure(Time due) const {
    return std::any_of(exempt_.begin(), exempt_.end(),
                       [due](const auto& span) { return due > span.first && due <= span.second; });
}

} // namespace fieldsim::models
