// Night safety (city-rules.md section 5): no visit starts after the night
// limit; an order it delays is not exempt (8.9). Worked by hand to the second
// on a one-zone branch (tests/cpp/one_zone_branch.h), where travel takes no
// time, so that setting out and arriving are the same moment.
#include "clock.h"
#include "one_zone_branch.h"

#include <catch2/catch.hpp>

using namespace fieldsim;
using namespace fieldsim::models;
using namespace fieldsim::testing;

namespace {

// One technician on 12:00-23:00 with a night limit at 21:00. A repair at
// 12:00 (30 min expected) takes `first_min`; an install entered at 15:00 is
// due at 24:00 the same day and expects 60 min.
json late_shift(double first_min, bool limit = true) {
    json doc = branch({group("late", 1, "12:00", "23:00")},
                      {job(0, "12:00", "repair", first_min), job(0, "15:00", "install", 60)});
    if (limit) doc["technicians"]["night_limit"] = "21:00";
    return doc;
}

} // namespace

TEST_CASE("night safety: a visit may start exactly at the night limit", "[workforce][night]") {
    // The repair ends at 21:00:00: the install starts then, ends at 22:00.
    const auto result = run(late_shift(540));
    CHECK(result.orders[1].departure == at(0, 21, 0));
    CHECK(result.orders[1].finish == at(0, 22, 0));
    CHECK_FALSE(result.orders[1].late);
}

TEST_CASE("night safety: one second after the limit the visit waits for the next shift",
          "[workforce][night]") {
    // The repair ends at 21:00:01. The shift (to 23:00) would allow the
    // install, the night limit does not: it starts at 12:00 the next day,
    // late, and nothing exempts it.
    const double first_min = 540 + 1.0 / 60;
    auto result = run(late_shift(first_min));
    CHECK(result.orders[0].finish == at(0, 21, 0, 1));
    CHECK(result.orders[1].departure == at(1, 12, 0));
    CHECK(result.orders[1].late);
    CHECK(result.orders[1].cause == Cause::capacity);
    CHECK(result.orders[1].compensation_cny == 20.0);
    // Without the limit it starts at once.
    result = run(late_shift(first_min, false));
    CHECK(result.orders[1].departure == at(0, 21, 0, 1));
    CHECK_FALSE(result.orders[1].late);
}

TEST_CASE("night safety: bad input is named", "[workforce][night][bad]") {
    json doc = late_shift(30);
    doc["technicians"]["night_limit"] = "11:00";
    CHECK_THROWS_WITH(run(doc), "groups.json: /technicians/night_limit: expected a time after "
                                "every group's shift start (group \"late\" starts at 12:00), "
                                "got \"11:00\"");
    doc = late_shift(30);
    doc["technicians"]["groups"][0]["shift"] = {{"start", "00:00"}, {"end", "24:00"}};
    CHECK_THROWS_WITH(run(doc), "groups.json: /technicians/night_limit: a night limit needs "
                                "shifts that end: group \"late\" works 24 hours");
    // Visits wait on site for their windows: 2-hour windows to 23:00 open
    // as late as 21:00, which a 21:00 limit allows, and 20:59 does not.
    doc = late_shift(30);
    doc["sla"]["after_cutoff"]["install"] = "appointment";
    doc["sla"]["business_hours"] = {{"open", "09:00"}, {"close", "23:00"}};
    doc["sla"]["appointments"] = {{"slot_h", 2}, {"slots", 1}};
    CHECK_NOTHROW(run(doc));
    doc["technicians"]["night_limit"] = "20:59";
    CHECK_THROWS_WITH(run(doc), "groups.json: /technicians/night_limit: appointment windows "
                                "open as late as 21:00 (business hours to 23:00), after the "
                                "night limit 20:59: no visit may start in them; close business "
                                "hours earlier or set the limit later");
}

TEST_CASE("the working-hours preset: the law's limits and a 21:00 night limit",
          "[workforce][night][presets]") {
    json doc = late_shift(30, false);
    doc["extends"].push_back("policies/working-hours.json");
    const Scenario scenario =
        parse_scenario(doc, "groups.json", std::string(FIELDSIM_SOURCE_DIR) + "/scenarios");
    CHECK(scenario.night_safety.limit == at(0, 21, 0));
    REQUIRE(scenario.law);
    CHECK(scenario.law->daily_overtime == 3600);
    CHECK(scenario.law->daily_overtime_special == 3 * 3600);
    CHECK(scenario.law->monthly_overtime == 36 * 3600);
    // The group's own shift is kept: the preset adds a key beside "groups".
    REQUIRE(scenario.technicians.groups.size() == 1);
    CHECK(scenario.technicians.groups[0].name == "late");
}
