#include "sim/date.h"

#include <catch2/catch.hpp>

using namespace fieldsim::sim;

TEST_CASE("dates convert to day numbers and back", "[date]") {
    CHECK(days_from_civil({1970, 1, 1}) == 0);
    CHECK(days_from_civil({2000, 3, 1}) == 11017);
    CHECK(days_from_civil({2025, 1, 1}) == 20089);
    CHECK(civil_from_days(20089) == Date{2025, 1, 1});
    CHECK(civil_from_days(-1) == Date{1969, 12, 31});
    for (std::int64_t z = -800000; z <= 800000; z += 997)
        CHECK(days_from_civil(civil_from_days(z)) == z);
}

TEST_CASE("weekdays count from Monday", "[date]") {
    CHECK(weekday(days_from_civil({2025, 1, 1})) == 2); // a Wednesday
    CHECK(weekday(days_from_civil({2024, 12, 30})) == 0);
    CHECK(weekday(days_from_civil({1969, 12, 28})) == 6); // before 1970: still right
}

TEST_CASE("ISO weeks: the week with the year's first Thursday is week 1", "[date]") {
    CHECK(iso_week(days_from_civil({2024, 12, 30})) == IsoWeek{2025, 1}); // city-rules 8.11
    CHECK(iso_week(days_from_civil({2025, 1, 1})) == IsoWeek{2025, 1});
    CHECK(iso_week(days_from_civil({2021, 1, 3})) == IsoWeek{2020, 53});
    CHECK(iso_week(days_from_civil({2026, 12, 31})) == IsoWeek{2026, 53});
    CHECK(iso_week(days_from_civil({2027, 1, 4})) == IsoWeek{2027, 1});
}

TEST_CASE("dates are parsed strictly", "[date]") {
    CHECK(parse_date("2024-02-29") == Date{2024, 2, 29});
    CHECK_FALSE(parse_date("2025-02-29"));
    CHECK_FALSE(parse_date("2025-04-31"));
    CHECK_FALSE(parse_date("2025-13-01"));
    CHECK_FALSE(parse_date("2025-1-01"));
    CHECK_FALSE(parse_date("25-01-01xx"));
    CHECK(format_date({2025, 8, 9}) == "2025-08-09");
}
