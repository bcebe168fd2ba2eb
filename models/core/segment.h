// Who and where an order is: its segment (district, kind, product, customer
// class), and the dense cell index that the loop uses for every per-segment
// table (promises, totals). Kinds are data: "install" and "repair" always
// come first, a scenario may add more (e.g. "move"). Products, customer
// classes and area classes are fixed vocabularies (city-rules.md section 1).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fieldsim::models {

using KindId = std::uint8_t;
inline constexpr KindId kInstall = 0;
inline constexpr KindId kRepair = 1;
inline constexpr std::size_t kMaxKinds = 16;

// Something held per order kind, indexed by KindId.
template <class T> using PerKind = std::vector<T>;

inline constexpr std::array<std::string_view, 3> kProductNames{"broadband", "iptv",
                                                               "enterprise_circuit"};
inline constexpr std::array<std::string_view, 10> kClassNames{
    "public", "vip", "campus", "AAA", "AA", "A", "maint_I", "maint_II", "maint_III", "quality"};

enum class Area : std::uint8_t { urban, county_town, suburban, rural };
inline constexpr std::array<std::string_view, 4> kAreaNames{"urban", "county_town", "suburban",
                                                            "rural"};

struct Segment {
    std::uint16_t district = 0;
    KindId kind = kInstall;
    std::uint8_t product = 0;        // index into kProductNames
    std::uint8_t customer_class = 0; // index into kClassNames
};

// The names behind a scenario's segment codes.
struct SegmentNames {
    std::vector<std::string> districts;
    std::vector<Area> areas; // per district
    std::vector<std::string> kinds;

    // "district Chikan, kind repair, product iptv, class vip": for messages.
    std::string describe(const Segment& s) const {
        return "district " + districts[s.district] + ", kind " + kinds[s.kind] + ", product " +
               std::string(kProductNames[s.product]) + ", class " +
               std::string(kClassNames[s.customer_class]);
    }
};

// Cells number every segment: district-major, then kind, product and class.
class SegmentSpace {
  public:
    SegmentSpace(std::size_t districts, std::size_t kinds) : districts_(districts), kinds_(kinds) {}

    std::size_t kinds() const { return kinds_; }
    std::size_t size() const {
        return districts_ * kinds_ * kProductNames.size() * kClassNames.size();
    }
    std::uint32_t cell(const Segment& s) const {
        return static_cast<std::uint32_t>(
            ((s.district * kinds_ + s.kind) * kProductNames.size() + s.product) *
                kClassNames.size() +
            s.customer_class);
    }
    Segment segment(std::size_t cell) const {
        Segment s;
        s.customer_class = static_cast<std::uint8_t>(cell % kClassNames.size());
        cell /= kClassNames.size();
        s.product = static_cast<std::uint8_t>(cell % kProductNames.size());
        cell /= kProductNames.size();
        s.kind = static_cast<KindId>(cell % kinds_);
        s.district = static_cast<std::uint16_t>(cell / kinds_);
        return s;
    }

  private:
    std::size_t districts_;
    std::size_t kinds_;
};

} // namespace fieldsim::models
