// The kinds of order: installs and repairs, each with its own promise,
// compensation, piece rate and work time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fieldsim::models {

enum class OrderKind : std::uint8_t { install = 0, repair = 1 };
inline constexpr std::size_t kKindCount = 2;
inline constexpr std::array<std::string_view, kKindCount> kKindNames{"install", "repair"};
inline std::string_view kind_name(OrderKind kind) {
    return kKindNames[static_cast<std::size_t>(kind)];
}

// Something held per order kind.
template <class T> using PerKind = std::array<T, kKindCount>;

} // namespace fieldsim::models
