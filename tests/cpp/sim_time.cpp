#include "sim/time.h"

#include <catch2/catch.hpp>

using namespace fieldsim::sim;

TEST_CASE("day_index floors, so times before day 0 belong to negative days", "[sim][time]") {
    CHECK(day_index(0) == 0);
    CHECK(day_index(kDay - 1) == 0);
    CHECK(day_index(kDay) == 1);
    CHECK(day_index(-1) == -1);
    CHECK(day_index(-kDay) == -1);
    CHECK(day_index(-kDay - 1) == -2);
}

TEST_CASE("time_of_day and start_of_day take a time apart and put it back together",
          "[sim][time]") {
    CHECK(time_of_day(kDay + 8 * kHour) == 8 * kHour);
    CHECK(time_of_day(-1) == kDay - 1);
    CHECK(start_of_day(-2) == -2 * kDay);
    // A step that is prime to a day visits every offset class around the day boundaries.
    for (Time t = -3 * kDay; t <= 3 * kDay; t += 1237) {
        const Time offset = time_of_day(t);
        REQUIRE(offset >= 0);
        REQUIRE(offset < kDay);
        REQUIRE(start_of_day(day_index(t)) + offset == t);
    }
}

TEST_CASE("parse_hhmm reads 00:00 to 24:00", "[sim][time]") {
    CHECK(parse_hhmm("00:00") == 0);
    CHECK(parse_hhmm("08:00") == 8 * kHour);
    CHECK(parse_hhmm("16:45") == 16 * kHour + 45 * kMinute);
    CHECK(parse_hhmm("24:00") == kDay);
}

TEST_CASE("parse_hhmm rejects anything but two digits, a colon and two digits in range",
          "[sim][time]") {
    for (const char* bad : {"8:00", "24:01", "25:00", "12:60", "ab:cd", "", "08-00", "08:00 ",
                            " 8:00", "-1:00", "0800"})
        CHECK(parse_hhmm(bad) == kBadClock);
}

TEST_CASE("format_hhmm and parse_hhmm are inverse on every minute of the day", "[sim][time]") {
    CHECK(format_hhmm(8 * kHour + 5 * kMinute) == "08:05");
    CHECK(format_hhmm(kDay) == "24:00");
    for (Time t = 0; t <= kDay; t += kMinute)
        REQUIRE(parse_hhmm(format_hhmm(t)) == t);
}
