// Keys that order by a time, then by a sequence number: an event by (time,
// insertion order), a waiting order by (deadline, id). Times are never
// negative, so both fit one unsigned 128-bit number, time in the high half,
// and one comparison orders two keys.
#pragma once

#include "sim/time.h"

#include <cstdint>

namespace fieldsim::sim {

using OrderKey = __uint128_t;

inline constexpr OrderKey order_key(Time time, std::uint64_t seq) {
    return (static_cast<OrderKey>(static_cast<std::uint64_t>(time)) << 64) | seq;
}
inline constexpr Time key_time(OrderKey key) {
    return static_cast<Time>(key >> 64);
}
inline constexpr std::uint64_t key_seq(OrderKey key) {
    return static_cast<std::uint64_t>(key);
}

// a < b, read off the borrow of a - b. Written as `<` the comparison of
// 128-bit numbers may compile to branches, and in a heap or a tournament
// which of two keys is earlier is a coin toss that the branch predictor
// loses half the time.
inline bool earlier(OrderKey a, OrderKey b) {
    OrderKey difference;
    return __builtin_sub_overflow(a, b, &difference);
}

} // namespace fieldsim::sim
