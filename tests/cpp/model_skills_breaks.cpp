// Skills and breaks (city-rules.md section 5), worked by hand to the second
// on a one-zone branch (tests/cpp/one_zone_branch.h).
#include "clock.h"
#include "one_zone_branch.h"

#include <catch2/catch.hpp>

using namespace fieldsim;
using namespace fieldsim::models;
using namespace fieldsim::testing;
using sim::kMinute;

namespace {

json enterprise(int day, const char* clock, double work_min) {
    json order = job(day, clock, "repair", work_min);
    order["product"] = "enterprise_circuit";
    return order;
}

// A general technician (id 0) and one who holds "enterprise" (id 1).
json skilled_branch(json orders) {
    json general = group("general", 1, "08:00", "18:00");
    json circuits = group("circuits", 1, "08:00", "18:00");
    circuits["skills"] = {"enterprise"};
    json doc = branch({general, circuits}, std::move(orders));
    doc["skills"] = {{{"skill", "enterprise"}, {"when", {{"product", "enterprise_circuit"}}}}};
    return doc;
}

} // namespace

TEST_CASE("skills: only a holder takes an order whose segment needs one", "[workforce][skills]") {
    const auto result = run(skilled_branch(
        {enterprise(0, "09:00", 60), repair(0, "09:00"), enterprise(0, "09:10", 30)}));
    REQUIRE(result.orders.size() == 3);
    // Technician 0 is idle and first in line, but lacks the skill.
    CHECK(result.orders[0].technician == 1);
    CHECK(result.orders[0].departure == at(0, 9, 0));
    CHECK(result.orders[1].technician == 0);
    // The second circuit waits for the only holder, busy until 10:00, while
    // technician 0 is idle from 09:30.
    CHECK(result.orders[2].technician == 1);
    CHECK(result.orders[2].departure == at(0, 10, 0));
}

TEST_CASE("skills: a holder also takes orders that need none", "[workforce][skills]") {
    const auto result = run(skilled_branch({repair(0, "09:00"), repair(0, "09:00")}));
    CHECK(result.orders[0].technician == 0);
    CHECK(result.orders[1].technician == 1);
    CHECK(result.orders[1].departure == at(0, 9, 0));
}

TEST_CASE("skills: bad input is named", "[workforce][skills][bad]") {
    json doc = skilled_branch({repair(0, "09:00"), enterprise(0, "10:00", 30)});
    doc["technicians"]["groups"][1]["skills"] = {"fibre"};
    CHECK_THROWS_WITH(run(doc), Catch::StartsWith("groups.json: /skills/0/skill: skill "
                                                  "\"enterprise\" is needed by district ") &&
                                    Catch::Contains("product enterprise_circuit") &&
                                    Catch::EndsWith("(by /skills/0), which the orders can have, "
                                                    "but no technician group holds it"));
    // A rule no order can match needs nothing of anyone.
    doc["orders"][0]["scripted"].erase(1);
    CHECK_NOTHROW(run(doc));
    doc = skilled_branch({repair(0, "09:00")});
    doc["technicians"]["groups"][0]["emergency"] = true;
    CHECK_THROWS_WITH(run(doc), "groups.json: /technicians/groups/0: the emergency group "
                                "\"general\" holds no skill; give it \"skills\": the skills of "
                                "the orders it may take");
}

namespace {

// One technician, 08:00-18:00, a 60-minute break to start between 12:00 and
// 14:00; repairs of `expected_min` expected work.
json with_break(json orders, double expected_min = 30) {
    json day = group("day", 1, "08:00", "18:00");
    day["shift"]["break"] = {{"length_min", 60},
                             {"window", {{"start", "12:00"}, {"end", "14:00"}}}};
    json doc = branch({day}, std::move(orders));
    doc["orders"][0]["expected_work_min"]["repair"] = expected_min;
    return doc;
}

} // namespace

TEST_CASE("a break starts at the first idle moment inside its window", "[workforce][breaks]") {
    // Idle at 12:00: the break runs 12:00-13:00, and the repair entered at
    // 12:10 waits for its end.
    auto result = run(with_break({repair(0, "12:10")}));
    CHECK(result.orders[0].departure == at(0, 13, 0));
    CHECK(result.technicians[0].breaks == 60 * kMinute);
    // Busy at 12:00 until 12:20: the break runs 12:20-13:20.
    result = run(with_break({repair(0, "11:50"), repair(0, "12:00")}));
    CHECK(result.orders[0].finish == at(0, 12, 20));
    CHECK(result.orders[1].departure == at(0, 13, 20));
}

TEST_CASE("a break window opening at the shift's start comes before the work waiting then",
          "[workforce][breaks]") {
    // Window 08:00-10:00, the shift from 08:00, a repair waiting since 07:00:
    // idle in the window as it begins, the technician takes its break
    // 08:00-09:00 and sets out at 09:00, under every policy.
    json doc = with_break({repair(0, "07:00")});
    doc["technicians"]["groups"][0]["shift"]["break"]["window"] = {{"start", "08:00"},
                                                                   {"end", "10:00"}};
    for (const char* policy : {"edf", "nearest_feasible", "cheapest_insertion"}) {
        INFO(policy);
        doc["dispatch"] = {{"policy", policy}};
        const auto result = run(doc);
        CHECK(result.orders[0].departure == at(0, 9, 0));
        CHECK(result.technicians[0].breaks == 60 * kMinute);
    }
}

TEST_CASE("no job may end past the window's end while the break is untaken",
          "[workforce][breaks]") {
    // Three hours expected from 11:00:00 ends at 14:00:00: allowed.
    auto result = run(with_break({job(0, "11:00", "repair", 180)}, 180));
    CHECK(result.orders[0].departure == at(0, 11, 0));
    // One second later it would end at 14:00:01: refused. The technician
    // takes its break at 12:00 and starts the job at 13:00.
    result = run(with_break({job(0, "11:00:01", "repair", 180)}, 180));
    CHECK(result.orders[0].departure == at(0, 13, 0));
}

TEST_CASE("continuous duty: each day's break window binds a technician idle since the day before",
          "[workforce][breaks]") {
    // On a 24-hour shift the day's break window opens at midnight for one
    // who waits idle across it (its day-0 break long taken): on day 1 the
    // window's end binds as it does in a day shift.
    const auto day_one = [](const char* clock) {
        json doc = with_break({job(1, clock, "repair", 180)}, 180);
        doc["technicians"]["groups"][0]["shift"]["start"] = "00:00";
        doc["technicians"]["groups"][0]["shift"]["end"] = "24:00";
        doc.erase("evening");
        return run(doc);
    };
    CHECK(day_one("11:00").orders[0].departure == at(1, 11, 0));
    const auto result = day_one("11:00:01");
    CHECK(result.orders[0].departure == at(1, 13, 0));
    CHECK(result.technicians[0].breaks == 2 * 60 * kMinute);
}

TEST_CASE("a job that runs past the window is followed by the break", "[workforce][breaks]") {
    // Expected 180 min from 11:00, took 240: ends 15:00, past the window's
    // end; the break runs 15:00-16:00, and the install entered at 14:30 waits.
    const auto result =
        run(with_break({job(0, "11:00", "repair", 240), job(0, "14:30", "install", 30)}, 180));
    CHECK(result.orders[0].finish == at(0, 15, 0));
    CHECK(result.orders[1].departure == at(0, 16, 0));
    CHECK(result.technicians[0].breaks == 60 * kMinute);
}

TEST_CASE("a job that runs past the shift's end is not followed by the break",
          "[workforce][breaks]") {
    // Expected 180 min from 11:00, took 420: ends 18:00:01, past the shift's
    // end. The break is forgone: none is counted, and with an evening
    // taken up the technician sets out at once for the install waiting
    // since 17:00.
    json doc = with_break(
        {job(0, "11:00", "repair", 420 + 1.0 / 60), job(0, "17:00", "install", 30)}, 180);
    doc["evening"] = {{"start", "18:00"}, {"end", "21:00"},   {"p0", 1.0},
                      {"p1", 0.0},        {"premium_cny", 0}, {"premium_full_cny", 30}};
    const auto result = run(doc);
    CHECK(result.orders[0].finish == at(0, 18, 0) + 1);
    CHECK(result.orders[1].departure == at(0, 18, 0) + 1);
    CHECK(result.technicians[0].breaks == 0);
    // Ended at 17:59, within the shift, the job is followed by the break.
    doc["orders"][0]["scripted"][0]["work_min"] = 419;
    const auto within = run(doc);
    CHECK(within.orders[1].departure == at(0, 18, 59));
    CHECK(within.technicians[0].breaks == 60 * kMinute);
}

TEST_CASE("breaks: bad input is named", "[workforce][breaks][bad]") {
    json doc = with_break({repair(0, "09:00")});
    doc["technicians"]["groups"][0]["shift"]["break"]["length_min"] = 150;
    CHECK_THROWS_WITH(run(doc), "groups.json: /technicians/groups/0/shift/break/length_min: "
                                "expected a break no longer than its window of 120 min, got 150");
    doc = with_break({repair(0, "09:00")});
    doc["technicians"]["groups"][0]["shift"]["break"]["window"]["start"] = "07:00";
    CHECK_THROWS_WITH(run(doc), "groups.json: /technicians/groups/0/shift/break/window/start: "
                                "expected a time inside the shift 08:00-18:00, got \"07:00\"");
    doc = with_break({repair(0, "09:00")});
    doc["technicians"]["groups"][0]["shift"]["break"]["window"]["end"] = "19:00";
    CHECK_THROWS_WITH(run(doc), "groups.json: /technicians/groups/0/shift/break/window/end: "
                                "expected a time after the window's start and no later than the "
                                "shift's end 18:00, got \"19:00\"");
}

namespace {

// A regular technician (id 0) busy from 08:00 with an install expected to
// take `install_min`, an emergency team of one (id 1), and a repair entered
// at 09:00 due within 3 h, at 12:00. It is checked for escalation at 10:30:
// its latest start (11:30) less the 60-minute lead.
json emergency_branch(double install_min) {
    json rescue = group("rescue", 1, "08:00", "18:00");
    rescue["emergency"] = true;
    rescue["skills"] = {"rescue"};
    json doc = branch({group("day", 1, "08:00", "18:00"), rescue},
                      {job(0, "08:00", "install", install_min), repair(0, "09:00")});
    doc["orders"][0]["expected_work_min"]["install"] = install_min;
    doc["sla"] = {{"cutoff", "16:00"},
                  {"before_cutoff", {{"install", "same_day"}, {"repair", {{"within_h", 3}}}}},
                  {"after_cutoff", {{"install", "next_day"}, {"repair", {{"within_h", 24}}}}}};
    return doc;
}

} // namespace

TEST_CASE("the emergency team takes only escalated orders", "[workforce][emergency]") {
    // At 10:30 the regular technician is expected to be busy until 16:00:
    // nobody regular can finish the repair by 12:00, so it is escalated, and
    // the team, idle since 08:00, sets out at once.
    const auto result = run(emergency_branch(480));
    CHECK(result.orders[1].technician == 1);
    CHECK(result.orders[1].departure == at(0, 10, 30));
    CHECK_FALSE(result.orders[1].late);
    CHECK(result.value(Output::escalations) == 1.0);
    CHECK(result.value(Output::escalations_late) == 0.0);
}

TEST_CASE("an order a regular technician can still finish in time is not escalated",
          "[workforce][emergency]") {
    // At 10:30 the regular technician is expected free at 11:00 and could
    // finish by 11:30: no escalation, and it takes the repair at 11:00.
    const auto result = run(emergency_branch(180));
    CHECK(result.orders[1].technician == 0);
    CHECK(result.orders[1].departure == at(0, 11, 0));
    CHECK(result.value(Output::escalations) == 0.0);
}

TEST_CASE("an order is escalated when the break a technician takes after its job leaves no time",
          "[workforce][emergency]") {
    // As above, but the regular technician's hour of break may start from
    // 10:30: free at 11:00, it breaks until 12:00 and could finish only at
    // 12:30, after the due. At 10:30 the repair is escalated and the team
    // sets out at once; the regular technician takes its break at 11:00.
    json doc = emergency_branch(180);
    doc["technicians"]["groups"][0]["shift"]["break"] = {
        {"length_min", 60}, {"window", {{"start", "10:30"}, {"end", "12:00"}}}};
    const auto result = run(doc);
    CHECK(result.value(Output::escalations) == 1.0);
    CHECK(result.orders[1].technician == 1);
    CHECK(result.orders[1].departure == at(0, 10, 30));
    CHECK_FALSE(result.orders[1].late);
    CHECK(result.technicians[0].breaks == 60 * kMinute);
}

TEST_CASE("an order a regular technician could finish is checked again when it takes other work",
          "[workforce][emergency]") {
    // The install, expected 45 min, runs 08:00-11:00. At 10:30 the regular
    // technician, expected free since 08:45, could still finish the repair
    // by 11:30: it is not escalated. An install entered at 10:45, due at
    // 11:45, comes first at 11:00: the regular technician takes it,
    // expected to 11:45, and from then on could finish the repair only at
    // 12:15. The repair is escalated at 11:00, and the team finishes it by
    // 11:30.
    json doc = emergency_branch(45);
    json& scripted = doc["orders"][0]["scripted"];
    scripted[0]["work_min"] = 180;
    scripted.push_back(job(0, "10:45", "install", 45));
    doc["sla"]["before_cutoff"]["install"] = {{"within_h", 1}};
    const auto result = run(doc);
    REQUIRE(result.orders.size() == 3);
    CHECK(result.orders[2].technician == 0);
    CHECK(result.orders[2].departure == at(0, 11, 0));
    CHECK(result.value(Output::escalations) == 1.0);
    CHECK(result.orders[1].technician == 1);
    CHECK(result.orders[1].departure == at(0, 11, 0));
    CHECK_FALSE(result.orders[1].late);
}

TEST_CASE("an order relying on a technician whose job runs long is escalated after its last chance",
          "[workforce][emergency]") {
    // The install, expected 45 min, runs 08:00-11:40. At 10:30 the regular
    // technician could still set out for the repair until 11:30 and finish
    // by 12:00; at 11:30:01 it is still busy, nobody regular could finish
    // by 12:00, and the repair is escalated: the team finishes it 1 s late.
    json doc = emergency_branch(45);
    doc["orders"][0]["scripted"][0]["work_min"] = 220;
    const auto result = run(doc);
    CHECK(result.value(Output::escalations) == 1.0);
    CHECK(result.orders[1].technician == 1);
    CHECK(result.orders[1].departure == at(0, 11, 30) + 1);
    CHECK(result.orders[1].finish == at(0, 12, 0) + 1);
    CHECK(result.value(Output::escalations_late) == 1.0);
}

TEST_CASE("an appointment is checked, and found within reach, from the start of its work",
          "[workforce][emergency]") {
    // An install entered Wednesday 16:00 gets Thursday's first window,
    // 10:00-12:00 (opening 10:00), 30 min of work, offered from 09:00 (a
    // 60-minute lead). The regular technician takes a repair entered at
    // 08:00, expected to take 165 min, to 10:45. The install's latest start
    // is 11:30: it is checked at 10:30, when the regular technician could
    // set out at 10:45 and finish by 11:15. No escalation: it takes the
    // install at 10:45 (the lead is a wait before the window, not work
    // after it starts).
    json rescue = group("rescue", 1, "08:00", "18:00");
    rescue["emergency"] = true;
    rescue["skills"] = {"rescue"};
    json doc = branch({group("day", 1, "08:00", "18:00"), rescue},
                      {job(0, "16:00", "install", 30), job(1, "08:00", "repair", 165)});
    doc["orders"][0]["expected_work_min"] = {{"install", 30}, {"repair", 165}};
    doc["sla"]["after_cutoff"]["install"] = "appointment";
    doc["sla"]["business_hours"] = {{"open", "10:00"}, {"close", "18:00"}};
    doc["sla"]["appointments"] = {{"slot_h", 2}, {"slots", 1}, {"lead_min", 60}};
    const auto result = run(doc);
    REQUIRE(result.orders.size() == 2);
    CHECK(result.orders[0].due == at(1, 12, 0));
    CHECK(result.orders[1].finish == at(1, 10, 45));
    CHECK(result.value(Output::escalations) == 0.0);
    CHECK(result.orders[0].technician == 0);
    CHECK(result.orders[0].departure == at(1, 10, 45));
    CHECK(result.orders[0].finish == at(1, 11, 15));
}

TEST_CASE("a check armed before a failed visit does not escalate the order it held back",
          "[workforce][emergency]") {
    // The repair waits from 09:00 (the install runs to 09:05), so its check
    // is armed for 10:30. The regular technician sets out at 09:05 (no
    // travel in the town) and finds nobody home at 09:20: the order is
    // rebooked to Thursday's 08:00-10:00 window and held back until 07:00.
    // The regular shift ends at 10:00, so at 10:30 no regular technician
    // could finish it; but the repair is no longer waiting, and the check
    // armed for its first wait is void: the team does not set out for it.
    json doc = emergency_branch(65);
    doc["technicians"]["groups"][0]["shift"]["end"] = "10:00";
    doc["sla"]["after_cutoff"]["repair"] = "appointment";
    doc["sla"]["business_hours"] = {{"open", "08:00"}, {"close", "18:00"}};
    doc["sla"]["appointments"] = {{"slot_h", 2}, {"slots", 1}, {"lead_min", 60}};
    doc["visits"] = {{"no_show", {{"repair", 1.0}}}, {"no_show_min", 15}};
    doc["horizon"] = {{"days", 1}, {"max_drain_days", 0}};
    const auto result = run(doc);
    CHECK(result.orders[1].due == at(1, 10, 0));
    CHECK(result.value(Output::escalations) == 0.0);
    CHECK(result.technicians[0].failed_visits == 1);
    CHECK(result.technicians[1].failed_visits == 0);
    CHECK(result.technicians[1].jobs == 0);
}
