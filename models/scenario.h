// The validated description of one run. Everything the field-service rules
// need is data here, read from a scenario file (see scenarios/schema.json);
// the simulation holds no amount, hour or probability of its own.
//
// All times are integer seconds (sim::Time); times of day are seconds after
// midnight; money is CNY.
#pragma once

#include "sim/time.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldsim::models {

using sim::Time;

enum class OrderKind : std::uint8_t { install = 0, repair = 1 };
inline constexpr std::size_t kKindCount = 2;
inline constexpr std::array<std::string_view, kKindCount> kKindNames{"install", "repair"};
inline std::string_view kind_name(OrderKind kind) {
    return kKindNames[static_cast<std::size_t>(kind)];
}

// Something held per order kind.
template <class T> using PerKind = std::array<T, kKindCount>;

struct Horizon {
    int days = 1;             // orders arrive on days 0 .. days-1
    int max_drain_days = 365; // the drain stops after this many extra days
};

// Which days of the week technicians work; orders arrive on every day.
struct CalendarSpec {
    int first_weekday = 0; // of day 0: 0 Monday .. 6 Sunday
    std::array<bool, 7> workdays{true, true, true, true, true, true, true}; // Monday first
    bool is_workday(std::int64_t day) const {
        return workdays[static_cast<std::size_t>((first_weekday + day) % 7)];
    }
};

struct Road {
    int from = 0;
    int to = 0;
    Time travel = 0;
};

struct Zone {
    std::string name;
    bool rural = false; // compensation is waived in rural zones
};

struct RoadNetworkSpec {
    std::vector<Zone> zones;
    std::vector<Road> roads; // two-way
};

enum class WorkTimeShape : std::uint8_t { lognormal, exponential, deterministic, uniform };

struct WorkTimeSpec {
    WorkTimeShape shape = WorkTimeShape::deterministic;
    double mean_s = 0.0; // lognormal, exponential, deterministic
    double sd_s = 0.0;   // lognormal
    double lo_s = 0.0;   // uniform
    double hi_s = 0.0;   // uniform
    double expected_s() const {
        return shape == WorkTimeShape::uniform ? (lo_s + hi_s) / 2 : mean_s;
    }
};

// One Poisson stream of orders with a daily rate profile.
struct RandomOrderStream {
    OrderKind kind = OrderKind::install;
    // Mean orders per second on [bounds[i], bounds[i+1]) of every day
    // (bounds in seconds of the day, 0 .. 86400), before the day factor.
    std::vector<double> bounds;
    std::vector<double> rates;
    std::vector<double> zone_weights; // empty: uniform over zones
    WorkTimeSpec work;
};

struct ScriptedOrder {
    Time entry = 0;
    int zone = 0;
    OrderKind kind = OrderKind::install;
    Time work = 0;
};

// Orders given one by one: hand-worked cases and replays of history.
struct ScriptedOrderStream {
    std::vector<ScriptedOrder> orders; // sorted by entry
    PerKind<Time> expected_work{};     // what dispatch assumes when deciding to start
};

// Busy and quiet days: every stream's rate on day d is multiplied by F_d,
// lognormal with this mean and sd, independent across days (sd 0: F_d = mean).
struct DayFactorSpec {
    double mean = 1.0;
    double sd = 0.0;
};

struct TechnicianSpec {
    int count = 0;
    std::vector<int> home_zones; // technician k lives in home_zones[k % size]; empty: k mod zones
    Time shift_start = 0;        // times of day; every one comes from the scenario
    Time shift_end = 0;
};

// After the normal shift each technician decides once a day whether to stay:
// p = p0 + p1 * min(1, premium / premium_full).
struct EveningSpec {
    bool enabled = false;
    Time start = 0; // decision time; work starting from here earns the premium
    Time end = 0;   // shift end of those who stay
    double p0 = 0.0;
    double p1 = 0.0;
    double premium_cny = 0.0;
    double premium_full_cny = 1.0;
};

struct DispatchSpec {
    std::string policy = "edf";
};

// When an order is due, by whether it was entered before the cutoff.
struct DueRule {
    enum class Type : std::uint8_t { end_of_day, within };
    Type type = Type::end_of_day;
    int day_offset = 0; // end_of_day: 0 same day, 1 next day, ...
    Time within = 0;    // within: this long after entry
};

struct SlaSpec {
    Time cutoff = 0;
    PerKind<DueRule> before_cutoff{};
    PerKind<DueRule> after_cutoff{};
};

// amount = per_order + per_started_day * ceil(late / 1 day), at most cap.
struct CompensationSpec {
    double per_order_cny = 0.0;
    double per_started_day_cny = 0.0;
    std::optional<double> cap_cny;
};

struct PaySpec {
    PerKind<double> piece_rate_cny{};
};

struct Scenario {
    std::string name;
    Horizon horizon;
    CalendarSpec calendar;
    RoadNetworkSpec network;
    std::vector<RandomOrderStream> random_streams;
    std::vector<ScriptedOrderStream> scripted_streams;
    DayFactorSpec day_factor;
    TechnicianSpec technicians;
    EveningSpec evening;
    DispatchSpec dispatch;
    SlaSpec sla;
    PerKind<CompensationSpec> compensation{};
    bool exempt_rural_zones = true; // no compensation for orders in rural zones (seed 000)
    PaySpec pay;
    bool order_log = false; // keep the per-order log (opt-in: it costs memory)
};

} // namespace fieldsim::models
