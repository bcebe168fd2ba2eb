// Why a late order was late. An order carries the reasons that apply to it
// as bits (resolved at entry where they can be: a rural or no-promise
// district; set later by the events that cause them); when it turns out
// late, its cause is the first reason in the order of city-rules.md section 3,
// which is the order of the Cause enum, or `capacity` when none applies.
#pragma once

#include "models/core/cause.h"

#include <bit>
#include <cstdint>

namespace fieldsim::models {

using Reasons = std::uint8_t;

inline constexpr Reasons reason(Cause cause) {
    return static_cast<Reasons>(1u << static_cast<unsigned>(cause));
}

inline constexpr Cause first_cause(Reasons reasons) {
    return reasons ? static_cast<Cause>(std::countr_zero(reasons)) : Cause::capacity;
}

} // namespace fieldsim::models
