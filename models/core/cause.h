// Why an order was late: exactly one cause each, the first that applies
// (city-rules.md section 3). The first five are exempt: the order is late
// but costs nothing.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace fieldsim::models {

enum class Cause : std::uint8_t {
    none, // on time
    force_majeure,
    customer,
    third_party,
    rural,
    no_promise,
    technician,
    capacity,
};
inline constexpr std::size_t kCauseCount = 8;
inline constexpr std::array<std::string_view, kCauseCount> kCauseNames{
    "",      "force_majeure", "customer",   "third_party",
    "rural", "no_promise",    "technician", "capacity"};

inline constexpr bool exempt(Cause cause) {
    return cause != Cause::none && cause < Cause::technician;
}

} // namespace fieldsim::models
