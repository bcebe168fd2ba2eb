// The real city's rules (city-rules.md sections 1-4 and 8), each worked by
// hand to the second on a tiny branch: two zones 30 minutes apart, the town
// (zone 0, urban) and the village (zone 1), one technician living in the
// town, 08:00-18:00, scripted orders with fixed work times. Day 0 is
// Wednesday 1 January 2025; Saturday and Sunday are the weekend.
#include "models/engine/simulation.h"
#include "models/scenario/load.h"

#include "clock.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>

using namespace fieldsim;
using namespace fieldsim::models;
using fieldsim::testing::at;
using nlohmann::json;
using sim::kDay;
using sim::kHour;
using sim::kMinute;

namespace {

// Day numbers of the first week.
constexpr int kWed = 0, kThu = 1, kFri = 2, kSat = 3, kMon = 5;

json order(int day, const char* clock, int zone, const char* kind, double work_min) {
    return json{
        {"day", day}, {"at", clock}, {"zone", zone}, {"kind", kind}, {"work_min", work_min}};
}

// The town is urban with the promise; the village's area and promise vary.
json branch(json orders, json sla, const char* village_area = "suburban",
            bool village_promise = true) {
    // branch({order(...)}, ...): clang makes that one order, not a list of one.
    if (orders.is_object()) orders = json::array({orders});
    return json{
        {"name", "branch"},
        {"horizon", {{"days", 10}, {"max_drain_days", 30}}},
        {"calendar", {{"start_date", "2025-01-01"}, {"weekend", {"sat", "sun"}}}},
        {"network",
         {{"zones", json::array({{{"name", "town"}}, {{"name", "village"}}})},
          {"roads", json::array({{{"from", 0}, {"to", 1}, {"travel_min", 30}}})}}},
        {"districts", json::array({{{"name", "town"}, {"area", "urban"}, {"zones", {"town"}}},
                                   {{"name", "village"},
                                    {"area", village_area},
                                    {"promise", village_promise},
                                    {"zones", {"village"}}}})},
        {"orders", json::array({{{"scripted", orders},
                                 {"expected_work_min", {{"install", 60}, {"repair", 30}}}}})},
        {"technicians",
         {{"count", 1}, {"home", {0}}, {"shift", {{"start", "08:00"}, {"end", "18:00"}}}}},
        {"sla", sla},
        {"compensation",
         {{"install", {{"per_order_cny", 20}}},
          {"repair", {{"per_started_day_cny", 10}, {"cap_cny", 100}}}}}};
}

// The 2017 promise as one rule per kind.
json same_day_2017() {
    return json{{"cutoff", "16:00"},
                {"before_cutoff", {{"install", "same_day"}, {"repair", "same_day"}}},
                {"after_cutoff", {{"install", "next_day"}, {"repair", {{"within_h", 24}}}}}};
}

// Installs entered at or after 16:00 by appointment, on `appointments`
// (and `sla`'s other keys); everything else the same day.
json installs_by_appointment(json appointments, json sla = json::object()) {
    sla["appointments"] = std::move(appointments);
    sla["rules"] = {{{"when", {{"kind", "install"}}},
                     {"cutoff", "16:00"},
                     {"before_cutoff", "same_day"},
                     {"after_cutoff", "appointment"}},
                    {{"due", "same_day"}}};
    return sla;
}

ReplicationResult run(const json& doc) {
    const Scenario scenario = parse_scenario(doc, "branch.json", FIELDSIM_SOURCE_DIR);
    const World world(scenario);
    return simulate(world, 1, 0, true);
}

} // namespace

TEST_CASE("business clock: an urban repair entered Friday 17:30 is due Monday 12:00",
          "[city_rules][sla]") {
    // Clock-start cutoff 17:00 (seed 002): the clock starts at the next
    // working day's opening, Monday 08:00, and runs 4 h.
    const json sla = {
        {"business_hours", {{"open", "08:00"}, {"close", "18:00"}}},
        {"rules",
         {{{"due", {{"within_h", 4}, {"clock", "business"}, {"clock_cutoff", "17:00"}}}}}}};
    const auto result =
        run(branch({order(kFri, "17:30", 0, "repair", 30), order(kFri, "16:59:59", 0, "repair", 30),
                    order(kFri, "07:00", 0, "repair", 30)},
                   sla));
    REQUIRE(result.orders.size() == 3);
    // Sorted by entry: 07:00 (clock from 08:00: due 12:00); 16:59:59 (before
    // the cutoff: 1 h 0 min 1 s until closing, then 2 h 59 min 59 s on
    // Monday); 17:30.
    CHECK(result.orders[0].due == at(kFri, 12, 0));
    CHECK(result.orders[1].due == at(kMon, 10, 59, 59));
    CHECK(result.orders[2].due == at(kMon, 12, 0));
}

TEST_CASE("business clock: holidays are skipped, make-up working days count", "[city_rules][sla]") {
    json doc = branch({order(kThu, "15:00", 0, "repair", 30)},
                      {{"business_hours", {{"open", "08:00"}, {"close", "18:00"}}},
                       {"rules", {{{"due", {{"within_h", 8}, {"clock", "business"}}}}}}});
    // Friday is a holiday and Saturday a make-up working day: 3 h on
    // Thursday, then 5 h on Saturday from 08:00.
    doc["calendar"]["holidays"] = {"2025-01-03"};
    doc["calendar"]["makeup_workdays"] = {"2025-01-04"};
    CHECK(run(doc).orders[0].due == at(kSat, 13, 0));
    // A holiday on the make-up date wins: Monday 08:00 + 5 h.
    doc["calendar"]["holidays"] = {"2025-01-03", "2025-01-04"};
    CHECK(run(doc).orders[0].due == at(kMon, 13, 0));
}

TEST_CASE("business clock: a holiday after the run's last day still moves a due time",
          "[city_rules][sla]") {
    // Two days (Wednesday, Thursday) and no drain; a year's holiday list.
    // Entered Thursday 17:30, 16 business hours: 30 min on Thursday, 10 h on
    // Friday, then 5 h 30 min from the next working day's opening. Monday
    // 6 January is past the run's days: with it a holiday, that is Tuesday.
    json doc = branch({order(kThu, "17:30", 0, "repair", 30)},
                      {{"business_hours", {{"open", "08:00"}, {"close", "18:00"}}},
                       {"rules", {{{"due", {{"within_h", 16}, {"clock", "business"}}}}}}});
    doc["horizon"] = {{"days", 2}, {"max_drain_days", 0}};
    CHECK(run(doc).orders[0].due == at(kMon, 13, 30));
    doc["calendar"]["holidays"] = {"2025-01-06", "2025-05-01", "2025-10-01"};
    CHECK(run(doc).orders[0].due == at(kMon + 1, 13, 30));
}

TEST_CASE("the calendar's table of run days answers as its lists do", "[city_rules][sla]") {
    CalendarSpec calendar;
    calendar.first_weekday = 2; // Wednesday
    calendar.weekend = {false, false, false, false, false, true, true};
    calendar.holidays = {2, 10, 11};   // Friday, Saturday, Sunday
    calendar.makeup_days = {3, 4, 11}; // the weekend after the first; a holiday wins on day 11
    std::vector<bool> by_lists;
    for (std::int64_t day = -3; day < 40; ++day)
        by_lists.push_back(calendar.is_working_day(day));
    calendar.index_days(20);
    REQUIRE(calendar.working_days.size() == 21);
    for (std::int64_t day = -3; day < 40; ++day)
        CHECK(calendar.is_working_day(day) == by_lists[static_cast<std::size_t>(day + 3)]);
    CHECK_FALSE(calendar.is_working_day(2));
    CHECK(calendar.is_working_day(3));
    CHECK_FALSE(calendar.is_working_day(11));
    CHECK_FALSE(calendar.is_working_day(24)); // a Saturday past the table
}

TEST_CASE("appointments default to two-hour windows from 08:00", "[city_rules][sla]") {
    // Neither business_hours nor slot_h: 08:00-18:00 and 2 h (section 2).
    const json sla = installs_by_appointment({{"slots", 1}});
    const auto result = run(branch(
        {order(kWed, "16:00", 0, "install", 30), order(kWed, "16:01", 0, "install", 30)}, sla));
    REQUIRE(result.orders.size() == 2);
    CHECK(result.orders[0].due == at(kThu, 10, 0));
    CHECK(result.orders[1].due == at(kThu, 12, 0));
}

TEST_CASE("end_of_day counts calendar days: within 3 days including the dispatch day",
          "[city_rules][sla]") {
    const json sla = {{"rules", {{{"due", {{"end_of_day", 2}}}}}}};
    // Friday: Friday, Saturday, Sunday; weekends count (8.3).
    const auto result = run(branch({order(kFri, "10:00", 0, "install", 60)}, sla));
    CHECK(result.orders[0].due == at(kMon, 0, 0));
}

TEST_CASE("appointments: an install entered at 16:00:00 gets the next day's first free window",
          "[city_rules][sla]") {
    const json sla =
        installs_by_appointment({{"slot_h", 2}, {"slots", 1}, {"lead_min", 60}},
                                {{"business_hours", {{"open", "08:00"}, {"close", "18:00"}}}});
    const auto result = run(
        branch({order(kWed, "16:00", 0, "install", 30), order(kWed, "16:00:05", 0, "install", 30),
                order(kWed, "15:59:59", 1, "install", 30)},
               sla));
    REQUIRE(result.orders.size() == 3);
    const auto& before = result.orders[0]; // 15:59:59: same day, in the village
    CHECK(before.due == at(kThu, 0, 0));
    CHECK(before.work_start == at(kWed, 16, 29, 59)); // set out at entry, 30 min drive
    // 16:00:00 is at or after the cutoff: window 08:00-10:00 on Thursday,
    // offered at 07:00, taken at the 08:00 shift start; no wait in town.
    const auto& first = result.orders[1];
    CHECK(first.due == at(kThu, 10, 0));
    CHECK(first.departure == at(kThu, 8, 0));
    CHECK(first.work_start == at(kThu, 8, 0));
    CHECK(first.finish == at(kThu, 8, 30));
    // One slot per window: the next order gets 10:00-12:00, is offered at
    // 09:00 to the technician idle in town since 08:30, who sets out (no
    // drive in town) to be there 10 minutes before the window opens
    // (early_min's default), and waits on site.
    const auto& second = result.orders[2];
    CHECK(second.due == at(kThu, 12, 0));
    CHECK(second.departure == at(kThu, 9, 50));
    CHECK(second.work_start == at(kThu, 10, 0));
    CHECK(second.finish == at(kThu, 10, 30));
    CHECK_FALSE(second.late);
}

TEST_CASE("appointments: once the window is open, work starts on arrival, with no lead to wait",
          "[city_rules][sla]") {
    // Two installs share Thursday's 16:00-18:00 window (two slots), offered
    // from 15:00 (a 60-minute lead); 60 min of expected work each, 40 min
    // done. The first is taken at 15:00 in town, set out for at 15:50 (10
    // minutes early) and waits on site until 16:00: it would end by 17:00.
    // Done at 16:40, the technician is in the
    // open window: the second would end at 17:40, by 18:00, and starts at
    // once (8.4: arriving early is waiting; arriving late waits for nothing).
    const json sla =
        installs_by_appointment({{"slot_h", 2}, {"slots", 2}, {"lead_min", 60}},
                                {{"business_hours", {{"open", "16:00"}, {"close", "18:00"}}}});
    const auto result = run(branch(
        {order(kWed, "16:00", 0, "install", 40), order(kWed, "16:01", 0, "install", 40)}, sla));
    REQUIRE(result.orders.size() == 2);
    CHECK(result.orders[0].departure == at(kThu, 15, 50));
    CHECK(result.orders[0].work_start == at(kThu, 16, 0));
    CHECK(result.orders[0].finish == at(kThu, 16, 40));
    CHECK(result.orders[1].due == at(kThu, 18, 0));
    CHECK(result.orders[1].departure == at(kThu, 16, 40));
    CHECK(result.orders[1].work_start == at(kThu, 16, 40));
    CHECK(result.orders[1].finish == at(kThu, 17, 20));
    CHECK_FALSE(result.orders[1].late);
}

TEST_CASE("appointments: the technician sets out to be on site early_min before the window",
          "[city_rules][sla]") {
    // Thursday's first window opens at 10:00; the install is in the village,
    // 30 minutes from the technician idle in town since 08:00. Seed 001 asks
    // it to be there 10 minutes before: offered at 09:00 (a 60-minute lead)
    // it sets out at 09:20, is there at 09:50 and works from 10:00. Offered
    // only 10 minutes before, it sets out at once and is late for the
    // opening by 20 minutes, working from 10:20. Asked to be there on time
    // (early_min 0), it sets out at 09:30.
    const auto visit = [](double lead_min, double early_min) {
        const json sla = installs_by_appointment(
            {{"slot_h", 2}, {"slots", 1}, {"lead_min", lead_min}, {"early_min", early_min}},
            {{"business_hours", {{"open", "10:00"}, {"close", "18:00"}}}});
        const auto result = run(branch({order(kWed, "16:00", 1, "install", 40)}, sla));
        REQUIRE(result.orders.size() == 1);
        CHECK(result.orders[0].due == at(kThu, 12, 0));
        return result.orders[0];
    };
    const auto early = visit(60, 10);
    CHECK(early.departure == at(kThu, 9, 20));
    CHECK(early.work_start == at(kThu, 10, 0));
    CHECK(early.finish == at(kThu, 10, 40));
    const auto hurried = visit(10, 10);
    CHECK(hurried.departure == at(kThu, 9, 50));
    CHECK(hurried.work_start == at(kThu, 10, 20));
    const auto on_time = visit(60, 0);
    CHECK(on_time.departure == at(kThu, 9, 30));
    CHECK(on_time.work_start == at(kThu, 10, 0));
}

TEST_CASE("appointments: an order rebooked into a window waits for it under the start rule",
          "[city_rules][sla]") {
    // A same-day install finds nobody home at 10:00 Wednesday and is rebooked
    // into Thursday's first window, 17:30-19:30, offered from 16:30. Its work
    // (60 min expected) could start no sooner than 17:30 and end no sooner
    // than 18:30, past the 18:00 shift end: no visit is started for it on
    // Thursday, though setting out at 16:30 and working at once would have
    // ended at 17:30. (Overdue on Friday, it may be started at once.)
    json doc = branch(
        order(kWed, "10:00", 0, "install", 30),
        installs_by_appointment({{"slot_h", 2}, {"slots", 1}, {"lead_min", 60}},
                                {{"business_hours", {{"open", "17:30"}, {"close", "19:30"}}}}));
    doc["visits"] = {{"no_show", {{"install", 1.0}}}, {"no_show_min", 15}};
    doc["horizon"] = {{"days", 2}, {"max_drain_days", 0}}; // to Thursday's end
    const auto result = run(doc);
    REQUIRE(result.orders.size() == 1);
    CHECK(result.orders[0].due == at(kThu, 19, 30));
    CHECK(result.orders[0].failed_visits == 1);
    CHECK(result.orders[0].finish < 0); // still open when the drain limit stopped the run
}

TEST_CASE("appointments: a full day moves the search to the day after, working days only",
          "[city_rules][sla]") {
    json sla = {{"business_hours", {{"open", "08:00"}, {"close", "12:00"}}},
                {"appointments", {{"slot_h", 2}, {"slots", 1}, {"working_days_only", true}}},
                {"rules", {{{"due", "appointment"}}}}};
    // Two windows a day (08-10, 10-12); Friday's entries fill Monday's, the
    // third goes to Tuesday (the weekend is skipped).
    const auto result =
        run(branch({order(kFri, "09:00", 0, "repair", 30), order(kFri, "09:01", 0, "repair", 30),
                    order(kFri, "09:02", 0, "repair", 30)},
                   sla));
    CHECK(result.orders[0].due == at(kMon, 10, 0));
    CHECK(result.orders[1].due == at(kMon, 12, 0));
    CHECK(result.orders[2].due == at(kMon + 1, 10, 0));
}

TEST_CASE("causes: rural wins over no promise, both cost nothing, capacity costs",
          "[city_rules][causes]") {
    // The technician is busy in town all day with a 10-hour job: the orders
    // entered at 08:00 are finished the next day, late.
    const json orders = {order(kWed, "08:00", 0, "repair", 600),
                         order(kWed, "08:00:01", 1, "install", 60),
                         order(kWed, "08:00:02", 0, "install", 60)};
    for (const auto& [area, promise, cause] :
         {std::tuple{"rural", true, Cause::rural}, std::tuple{"rural", false, Cause::rural},
          std::tuple{"suburban", false, Cause::no_promise},
          std::tuple{"suburban", true, Cause::capacity}}) {
        INFO(area << " promise " << promise);
        const auto result = run(branch(orders, same_day_2017(), area, promise));
        REQUIRE(result.orders.size() == 3);
        const auto& village = result.orders[1];
        CHECK(village.late);
        CHECK(village.cause == cause);
        CHECK(village.compensation_cny == (exempt(cause) ? 0.0 : 20.0));
        const auto& town = result.orders[2];
        CHECK(town.late);
        CHECK(town.cause == Cause::capacity);
        CHECK(town.compensation_cny == 20.0);
    }
}

TEST_CASE("the promise may not be switched off in urban and county-town districts",
          "[city_rules][bad]") {
    const json orders = {order(kWed, "08:00", 1, "install", 60)};
    for (const char* area : {"urban", "county_town"}) {
        INFO(area);
        CHECK_THROWS_WITH(run(branch(orders, same_day_2017(), area, false)),
                          "branch.json: /districts/1/promise: the same-day promise must apply in "
                          "urban and county-town districts (seed 000); only suburban and rural "
                          "ones may go without");
    }
}

TEST_CASE("causes: a declined same-day service is due by the after-cutoff form, at no cost",
          "[city_rules][causes]") {
    json sla = same_day_2017();
    sla["decline_same_day"] = {{"install", 1.0}};
    // Declined: due Thursday 24:00 instead of Wednesday 24:00. The technician
    // works Mondays only: done Monday 08:00-09:00, late with cause customer.
    json doc = branch({order(kWed, "08:00:01", 0, "install", 60)}, sla);
    doc["calendar"]["workdays"] = {"mon"};
    const auto result = run(doc);
    const auto& install = result.orders[0];
    CHECK(install.due == at(kFri, 0, 0));
    CHECK(install.finish == at(kMon, 9, 0));
    CHECK(install.cause == Cause::customer);
    CHECK(install.compensation_cny == 0.0);
}

TEST_CASE("causes: force majeure covers the event and its grace days", "[city_rules][causes]") {
    // A typhoon on Wednesday and Thursday, one grace day: due after Wednesday
    // 00:00 and no later than Saturday 00:00 is exempt (8.7). The technician
    // works Mondays only, so every order of the week is late.
    const json orders = {order(kWed, "10:00", 0, "install", 60),
                         order(kFri, "10:00", 0, "install", 60),
                         order(kSat, "10:00", 0, "install", 60)};
    json doc = branch(orders, same_day_2017());
    doc["calendar"]["workdays"] = {"mon"};
    doc["weather"] = {
        {"kinds", {{"typhoon", {{"force_majeure", true}, {"travel_time_x", 1.5}}}}},
        {"events", {{{"kind", "typhoon"}, {"from", "2025-01-01"}, {"to", "2025-01-02"}}}},
        {"grace_days", 1}};
    const auto result = run(doc);
    REQUIRE(result.orders.size() == 3);
    CHECK(result.orders[0].cause == Cause::force_majeure); // due Thursday 00:00
    CHECK(result.orders[1].due == at(kSat, 0, 0));         // exactly at the end of grace
    CHECK(result.orders[1].cause == Cause::force_majeure);
    CHECK(result.orders[1].compensation_cny == 0.0);
    CHECK(result.orders[2].cause == Cause::capacity); // due Sunday 00:00: one day too late
    CHECK(result.orders[2].compensation_cny == 20.0);
    CHECK(result.value(Output::compensation_cny) == 20.0);
}

TEST_CASE("causes: typhoons, floods, rainstorms and hail are force majeure unless said not",
          "[city_rules][causes]") {
    // One event a day from Wednesday, one install entered each day at 10:00
    // and due at 24:00: all late (the technician works Mondays only), exempt
    // where the kind is force majeure. Heavy rain is not, nor a typhoon that
    // the scenario says is not.
    const char* kinds[] = {"typhoon", "flood", "rainstorm", "hail", "heavy_rain"};
    for (const bool said_not : {false, true}) {
        json orders = json::array();
        json doc_kinds = json::object();
        json events = json::array();
        for (int k = 0; k < 5; ++k) {
            orders.push_back(order(kWed + k, "10:00", 0, "install", 60));
            doc_kinds[kinds[k]] = json::object();
            if (said_not) doc_kinds[kinds[k]]["force_majeure"] = false;
            const std::string date = "2025-01-0" + std::to_string(1 + k);
            events.push_back({{"kind", kinds[k]}, {"from", date}, {"to", date}});
        }
        json doc = branch(orders, same_day_2017());
        doc["calendar"]["workdays"] = {"mon"};
        doc["weather"] = {{"kinds", doc_kinds}, {"events", events}};
        const auto result = run(doc);
        REQUIRE(result.orders.size() == 5);
        for (int k = 0; k < 5; ++k) {
            INFO(kinds[k] << (said_not ? ", said not" : ""));
            const bool exempt = !said_not && k < 4;
            CHECK(result.orders[k].cause == (exempt ? Cause::force_majeure : Cause::capacity));
        }
    }
}

TEST_CASE("weather slows travel on its days", "[city_rules][weather]") {
    json doc =
        branch({order(kWed, "09:00", 1, "repair", 30), order(kFri, "09:00", 1, "repair", 30)},
               same_day_2017());
    doc["weather"] = {
        {"kinds", {{"rainstorm", {{"travel_time_x", 1.5}}}}},
        {"events", {{{"kind", "rainstorm"}, {"from", "2025-01-01"}, {"to", "2025-01-01"}}}}};
    const auto result = run(doc);
    CHECK(result.orders[0].work_start == at(kWed, 9, 45)); // 30 min x 1.5
    CHECK(result.orders[1].work_start == at(kFri, 9, 30)); // the roads are dry again

    // A year's events: those outside the run's days are taken and change nothing.
    doc["weather"]["events"] = {
        {{"kind", "rainstorm"}, {"from", "2024-12-30"}, {"to", "2024-12-31"}},
        {{"kind", "rainstorm"}, {"from", "2025-08-01"}, {"to", "2025-08-03"}}};
    const auto dry = run(doc);
    CHECK(dry.orders[0].work_start == at(kWed, 9, 30));
    CHECK(dry.orders[1].work_start == at(kFri, 9, 30));
}

TEST_CASE("a visit nobody is at home for costs its time and starts the promise again",
          "[city_rules][visits]") {
    json doc = branch({order(kWed, "07:00", 1, "repair", 30)}, same_day_2017());
    doc["visits"] = {{"no_show", {{"repair", 1.0}}}, {"no_show_min", 15}};
    doc["horizon"]["max_drain_days"] = 0;
    // Every visit fails: 08:00 set out, 08:30 on site, 08:45 give up; the
    // order is due 24 h later (the after-cutoff form from 08:45) and the
    // technician, now in the village, tries again at once, every 15 minutes,
    // as long as a 30-minute repair still fits before 18:00: visits start at
    // 08:00, 08:45, 09:00, ..., 17:30, 37 a day, for the 10 days of the run.
    const auto result = run(doc);
    const auto& row = result.orders[0];
    CHECK(row.finish == -1);
    CHECK(row.due == at(9, 17, 45) + kDay); // 24 h after the last failure
    const auto& tech = result.technicians[0];
    CHECK(tech.jobs == 0);
    CHECK(tech.failed_visits == 370);
    CHECK(tech.travel == 10 * 30 * kMinute);
    CHECK(result.value(Output::orders_unfinished) == 1);
    CHECK(result.value(Output::late_repair) == 0); // still within its moved promise
}

TEST_CASE("a third party holds an order back from entry", "[city_rules][visits]") {
    json doc = branch({order(kWed, "09:00", 0, "install", 60)}, same_day_2017());
    doc["visits"] = {
        {"third_party", {{"p", 1.0}, {"delay", {{"dist", "deterministic"}, {"mean_min", 600}}}}}};
    // Held until 19:00, after the shift: done Thursday 08:00-09:00, late,
    // cause third party, at no cost.
    const auto result = run(doc);
    const auto& row = result.orders[0];
    CHECK(row.departure == at(kThu, 8, 0));
    CHECK(row.finish == at(kThu, 9, 0));
    CHECK(row.cause == Cause::third_party);
    CHECK(row.compensation_cny == 0.0);
}

TEST_CASE("weather multiplies the repair rate on its days", "[city_rules][weather]") {
    json doc = branch(json::array(), same_day_2017());
    doc["orders"] = {{{"kind", "repair"},
                      {"per_day", 100},
                      {"work_time", {{"dist", "deterministic"}, {"mean_min", 30}}}},
                     {{"kind", "install"},
                      {"per_day", 100},
                      {"work_time", {{"dist", "deterministic"}, {"mean_min", 30}}}}};
    doc["horizon"] = {{"days", 40}, {"max_drain_days", 0}};
    doc["weather"] = {
        {"kinds", {{"flood", {{"repair_rate_x", 3}}}}},
        {"events", {{{"kind", "flood"}, {"from", "2025-01-11"}, {"to", "2025-01-20"}}}}};
    const auto result = run(doc);
    const Scenario scenario = parse_scenario(doc, "branch.json", FIELDSIM_SOURCE_DIR);
    const World world(scenario);
    std::array<std::array<double, 2>, 2> count{}; // [flood day][kind]
    for (const auto& row : result.orders) {
        const auto day = sim::day_index(row.entry);
        count[day >= 10 && day < 20][world.segments.segment(row.cell).kind] += 1;
    }
    // Ten flood days and thirty others; Poisson counts within four sd.
    const auto near = [](double got, double mean) {
        return std::abs(got - mean) < 4 * std::sqrt(mean);
    };
    CHECK(near(count[1][kRepair], 10 * 300));
    CHECK(near(count[0][kRepair], 30 * 100));
    CHECK(near(count[1][kInstall], 10 * 100)); // installs are not repairs
    CHECK(near(count[0][kInstall], 30 * 100));
}

TEST_CASE("weather drawn per year: a Poisson number of events a replication, the same for a seed",
          "[city_rules][weather]") {
    WeatherSpec spec;
    spec.kinds = {{"rainstorm", 2.0, 1.5, true}};
    spec.drawn = {{0, 4.0, 2}};
    const auto events = [&](std::uint64_t replication) {
        return Weather(spec, 3 * 365, sim::Stream(7, replication, 6)).events().size();
    };
    CHECK(events(0) == events(0));
    double total = 0;
    for (std::uint64_t r = 0; r < 200; ++r)
        total += static_cast<double>(events(r));
    // 3 years x 4 a year = 12 a replication; 2,400 in 200, sd about 49.
    CHECK(std::abs(total - 2400) < 4 * std::sqrt(2400.0));
    const Weather one(spec, 365, sim::Stream(7, 0, 6));
    for (const auto& e : one.events()) {
        CHECK(e.last == e.first + 1);
        CHECK(one.repair_rate_x(e.first) == 2.0);
        CHECK(one.travel_time_x(e.last) == 1.5);
        CHECK(one.force_majeure(sim::start_of_day(e.first) + 1));
    }
}

TEST_CASE("travel_time_x scales the roads, and the weather slows them further",
          "[city_rules][weather]") {
    json doc =
        branch({order(kWed, "09:00", 1, "repair", 30), order(kFri, "09:00", 1, "repair", 30)},
               same_day_2017());
    doc["network"]["travel_time_x"] = 1.2;
    doc["weather"] = {
        {"kinds", {{"rainstorm", {{"travel_time_x", 1.5}}}}},
        {"events", {{{"kind", "rainstorm"}, {"from", "2025-01-01"}, {"to", "2025-01-01"}}}}};
    const auto result = run(doc);
    CHECK(result.orders[0].work_start == at(kWed, 9, 54)); // 30 min x 1.2 x 1.5
    CHECK(result.orders[1].work_start == at(kFri, 9, 36)); // 30 min x 1.2
}

namespace {

// Orders per weekday (Monday first) and kind of every arrival of one replication.
std::array<std::array<double, 2>, 7> arrivals_by_weekday(const json& doc) {
    const Scenario scenario = parse_scenario(doc, "branch.json", FIELDSIM_SOURCE_DIR);
    const OrderSources sources(scenario);
    ArrivalProcess arrivals(sources, 3, 0);
    std::array<std::array<double, 2>, 7> count{};
    for (std::size_t source = 0; source < arrivals.source_count(); ++source)
        while (arrivals.next_time(source) != kNever) {
            const NewOrder order = arrivals.take(source);
            count[static_cast<std::size_t>(scenario.calendar.weekday(sim::day_index(order.entry)))]
                 [order.kind] += 1;
        }
    return count;
}

json two_streams(double per_day) {
    const json work = {{"dist", "deterministic"}, {"mean_min", 30}};
    return json::array({{{"kind", "install"}, {"per_day", per_day}, {"work_time", work}},
                        {{"kind", "repair"}, {"per_day", per_day}, {"work_time", work}}});
}

} // namespace

TEST_CASE("weekday factors: a kind's factor of 0 leaves its days without orders",
          "[city_rules][demand]") {
    json doc = branch(json::array(), same_day_2017());
    doc["orders"] = two_streams(50);
    doc["horizon"] = {{"days", 28}, {"max_drain_days", 0}};
    doc["demand"] = {{"weekday_factors", {{"install", {1, 1, 1, 1, 1, 1, 0}}}}};
    const auto count = arrivals_by_weekday(doc);
    CHECK(count[6][kInstall] == 0); // Sunday
    // The loader's estimate: 4 weeks of 6 x 50 installs and 7 x 50 repairs.
    CHECK(expected_orders(parse_scenario(doc, "branch.json", FIELDSIM_SOURCE_DIR)) ==
          Approx(4 * (300 + 350)));
    CHECK(count[5][kInstall] > 0);
    CHECK(count[6][kRepair] > 0); // repairs are not named: every day alike
}

TEST_CASE("weekday factors: the day's factor resolved once is the drawn one times the weekday's",
          "[city_rules][demand]") {
    const WeekdayFactors week{1.5, 1, 1, 1, 1, 0.8, 0.5};
    std::vector<double> factors{1, 2, 1, 1, 1, 1, 1, 1, 1};
    apply_weekdays(factors, week, 2); // day 0 a Wednesday: days 4 and 5 are Sunday and Monday
    CHECK(factors == std::vector<double>{1, 2, 1, 0.8, 0.5, 1.5, 1, 1, 1});
    DayFactorSpec spec;
    CHECK(weekday_mean(spec, kRepair) == 1.0);
    spec.weekday = {week, week};
    CHECK(weekday_mean(spec, kRepair) == Approx(6.8 / 7));
}

TEST_CASE("weekday factors: two years of Mondays and Sundays match their factors",
          "[city_rules][demand]") {
    json doc = branch(json::array(), same_day_2017());
    doc["orders"] = two_streams(100);
    doc["horizon"] = {{"days", 728}, {"max_drain_days", 0}}; // 104 of each weekday
    doc["demand"] = {{"weekday_factors", {1.5, 1, 1, 1, 1, 1, 0.5}}};
    const auto count = arrivals_by_weekday(doc);
    // Poisson counts within four sd of 104 days x 100 a day x the factor.
    const auto near = [](double got, double mean) {
        return std::abs(got - mean) < 4 * std::sqrt(mean);
    };
    for (const KindId kind : {kInstall, kRepair}) {
        CHECK(near(count[0][kind], 104 * 150));
        CHECK(near(count[3][kind], 104 * 100));
        CHECK(near(count[6][kind], 104 * 50));
    }
}
