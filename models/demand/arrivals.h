// Where orders come from: Poisson streams with a daily rate profile scaled by
// a busy/quiet factor per day, and scripted lists of given orders.
#pragma once

#include "models/city/weather.h"
#include "models/demand/work_time.h"
#include "models/scenario/scenario.h"
#include "sim/distributions.h"
#include "sim/random.h"

#include <limits>
#include <optional>
#include <vector>

namespace fieldsim::models {

// Names of the random streams of one replication; keeping purposes apart is
// what lets two scenarios share their orders (common random numbers).
enum class Purpose : std::uint64_t {
    day_factor = 1,
    arrival_times = 2,
    order_attributes = 3,
    evening_decisions = 4,
    customer_decisions = 5,
    weather = 6,
    visits = 7,
    third_party = 8,
    evening_jobs = 9, // per_job acceptance: a stream per technician and day
    technician_faults = 10,
};

using sim::kNever;

struct NewOrder {
    KindId kind;
    std::uint8_t product;
    std::uint8_t customer_class;
    int zone;
    Time entry;
    Time work;
    std::uint32_t source;
};

// The read-only part of a scenario's order sources, built once per run and
// shared by all replications.
struct OrderSources {
    // A draw among names by weight, or the one name with all the weight
    // (drawing nothing, so a scenario that names no mix draws as before).
    struct Mix {
        explicit Mix(const std::vector<double>& weights);
        std::uint8_t operator()(sim::Stream& s) const {
            return table ? static_cast<std::uint8_t>((*table)(s)) : only;
        }
        std::optional<sim::AliasTable> table;
        std::uint8_t only = 0;
    };
    struct Random {
        KindId kind;
        sim::PeriodicPiecewiseRate rate;
        std::optional<sim::AliasTable> zones; // empty: uniform
        Mix products;
        Mix classes;
        WorkTimeSampler work;
        Time expected_work;
    };
    std::vector<Random> random;
    const std::vector<ScriptedOrderStream>& scripted; // the scenario's own: it must outlive this
    DayFactorSpec day_factor;
    std::size_t kinds = 0;
    int first_weekday = 0; // of day 0, for the weekday factors
    int zone_count = 0;
    int days = 0;

    OrderSources(const Scenario& scenario);
    std::size_t count() const { return random.size() + scripted.size(); }
};

// One replication's stream of new orders, source by source.
class ArrivalProcess {
  public:
    // `weather`, if any, multiplies the rate of repairs on its days.
    ArrivalProcess(const OrderSources& sources, std::uint64_t seed, std::uint64_t replication,
                   const Weather* weather = nullptr);

    std::size_t source_count() const { return pending_.size(); }
    // Entry time of the source's next order; kNever once it has no more.
    Time next_time(std::size_t source) const { return pending_[source]; }
    // Hands out the source's pending order and draws the one after it.
    NewOrder take(std::size_t source);

  private:
    void resolve_kind_factors(const Weather* weather);
    void advance_random(std::size_t source);
    void advance_scripted(std::size_t source);

    const OrderSources& sources_;
    std::vector<double> day_factors_;
    // Per kind whose days differ from the day factors (by weekday, or by the
    // weather's repair rate); empty for the others.
    std::vector<std::vector<double>> kind_factors_;
    // A random source in this replication, in one place: an arrival reads
    // all of it.
    struct RandomState {
        sim::Stream times;                  // its arrival times
        sim::Stream attributes;             // its orders' zone, work, product and class
        const std::vector<double>* factors; // its kind's factor per day
        double clock = 0.0;                 // continuous time of its last arrival
        sim::PeriodicPiecewiseRate::Position position{}; // ... and where it falls
    };
    std::vector<RandomState> random_;
    double until_; // the end of the days with arrivals, in seconds
    // sources_.random.size(), kept: read at every arrival, and the size of a
    // vector whose elements' size is not a power of two costs a division.
    std::size_t random_count_;
    std::vector<std::size_t> cursor_; // next index into each scripted list
    std::vector<Time> pending_;
};

} // namespace fieldsim::models
