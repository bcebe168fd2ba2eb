// Weather events (city-rules.md section 4): by date, or drawn per year. Each
// kind of event multiplies the repair rate and travel times on its days, and
// may be force majeure: a late order due during such an event, or within
// `grace_days` after it, is late at no cost (reading 8.7).
#pragma once

#include "models/city/calendar.h"
#include "models/engine/horizon.h"
#include "models/scenario/fields.h"
#include "sim/random.h"

#include <string>
#include <vector>

namespace fieldsim::models {

struct WeatherKind {
    std::string name;
    double repair_rate_x = 1.0;
    double travel_time_x = 1.0;
    bool force_majeure = false;
};

// Run days [first, last], both included.
struct WeatherEvent {
    std::size_t kind;
    std::int64_t first;
    std::int64_t last;
};

struct WeatherDraw {
    std::size_t kind;
    double per_year; // events a year, Poisson
    int days;        // each lasting this long
};

struct WeatherSpec {
    std::vector<WeatherKind> kinds;
    std::vector<WeatherEvent> events;
    std::vector<WeatherDraw> drawn;
    int grace_days = 0;
    bool any() const { return !events.empty() || !drawn.empty(); }
};

// {"kinds": {name: {...}}, "events": [{"kind", "from", "to"}], "drawn":
// [{"kind", "per_year", "days"}], "grace_days"}; dates need calendar.start_date.
WeatherSpec parse_weather(const JsonReader& node, const CalendarSpec& calendar,
                          const Horizon& horizon);

// The weather of one replication: given events and those drawn for it.
class Weather {
  public:
    // `days`: the run's days and drain.
    Weather(const WeatherSpec& spec, std::int64_t days, sim::Stream draws);

    double repair_rate_x(std::int64_t day) const { return at(repair_x_, day); }
    double travel_time_x(std::int64_t day) const { return at(travel_x_, day); }
    // Whether an order due at `due` is exempt as force majeure.
    bool force_majeure(Time due) const;
    // Whether a force-majeure event covers the day (for the daily overtime limit).
    bool force_majeure_day(std::int64_t day) const {
        return day >= 0 && day < static_cast<std::int64_t>(force_majeure_day_.size()) &&
               force_majeure_day_[static_cast<std::size_t>(day)];
    }
    const std::vector<WeatherEvent>& events() const { return events_; }

  private:
    static double at(const std::vector<double>& by_day, std::int64_t day) {
        return day >= 0 && day < static_cast<std::int64_t>(by_day.size())
                   ? by_day[static_cast<std::size_t>(day)]
                   : 1.0;
    }

    std::vector<WeatherEvent> events_;
    std::vector<double> repair_x_; // per day
    std::vector<double> travel_x_;
    std::vector<std::pair<Time, Time>> exempt_; // (start, end]: force-majeure events with grace
    std::vector<bool> force_majeure_day_;       // per day
};

} // namespace fieldsim::models
