// The largest sizes a scenario may ask for (scenarios/README.md "Limits").
// They are checked when the scenario is read, so that nothing a user can type
// overflows a clock in integer seconds, a count or an index, or asks for more
// memory than a planning run can need, after the run has started.
#pragma once

#include <cstddef>

namespace fieldsim::models {

// horizon.days and horizon.max_drain_days: ten years each. Clocks are
// seconds in 64 bits, so this is for memory (day tables) and sanity.
inline constexpr int kMaxDays = 3660;
inline constexpr int kMaxDrainDays = 3660;
// Any duration given in minutes (work times, their spread, road and travel
// times, expected work): one year.
inline constexpr double kMaxMinutes = 525600;
// Orders a day of one random stream, before the day factor.
inline constexpr double kMaxPerDay = 1e6;
// A relative weight (hourly profile, zones, product and class mixes).
inline constexpr double kMaxWeight = 1e9;
// The day factor's mean and standard deviation.
inline constexpr double kMaxDayFactor = 10;
inline constexpr int kMaxTechnicians = 100000;
// Named skills: each is a bit of a technician's mask, beside "none needed".
inline constexpr std::size_t kMaxSkills = 63;
// A money amount (a unit price, a piece rate, a compensation amount or cap, a
// premium, an hourly wage, a monthly cost): a million yuan. Larger is a slip
// of the keyboard; at most this per order, the totals of kMaxExpectedOrders
// orders stay below 2e13 yuan, where a double still counts single fen.
inline constexpr double kMaxAmountCny = 1e6;
// A multiple of pay (the coefficients, the overtime multiples), as the
// weather's factors.
inline constexpr double kMaxPayMultiple = 100;
// Orders one replication is expected to see (random streams at their mean
// rates, times the day factor's mean and the heaviest weather's repair
// factor, plus scripted orders): each costs memory while it is open and in
// the order log.
inline constexpr double kMaxExpectedOrders = 2e7;
// Arrays and objects inside one another in a JSON document.
inline constexpr int kMaxNesting = 64;
// A scenario's name titles tables and files; its description is prose.
inline constexpr std::size_t kMaxNameLength = 200;
inline constexpr std::size_t kMaxDescriptionLength = 20000;

} // namespace fieldsim::models
