// Hand-worked cases of every rule of the same-day promise, checked event by
// event on tiny scenarios: one or a few technicians, two zones 30 minutes
// apart, scripted orders with fixed work times.
#include "models/engine/run.h"
#include "models/engine/simulation.h"
#include "models/money/compensation.h"
#include "models/scenario/load.h"
#include "models/service/sla.h"

#include "clock.h"
#include "one_zone_branch.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <nlohmann/json.hpp>

using namespace fieldsim;
using namespace fieldsim::models;
using fieldsim::testing::at;
using nlohmann::json;
using sim::kDay;
using sim::kHour;
using sim::kMinute;

namespace {

// Two zones joined by a 30-minute road; technicians live in zone 0 and work
// 08:00-18:00; the 2017 same-day policy as refcity reads it; no evening work
// unless asked.
json tiny_city(int technicians, json scripted_orders) {
    return json{
        {"extends", json::array({"refcity/promise.json"})},
        {"name", "tiny"},
        {"horizon", {{"days", 2}, {"max_drain_days", 30}}},
        {"network",
         {{"zones", 2}, {"roads", json::array({{{"from", 0}, {"to", 1}, {"travel_min", 30}}})}}},
        {"orders", json::array({{{"scripted", scripted_orders},
                                 {"expected_work_min", {{"install", 80}, {"repair", 45}}}}})},
        {"technicians",
         {{"count", technicians},
          {"home", json::array({0})},
          {"shift", {{"start", "08:00"}, {"end", "18:00"}}}}},
        {"pay", {{"piece_rate_cny", {{"install", 60}, {"repair", 40}}}}}};
}

json order(int day, const char* clock, int zone, const char* kind, double work_min) {
    return json{
        {"day", day}, {"at", clock}, {"zone", zone}, {"kind", kind}, {"work_min", work_min}};
}

json always_evening(json scenario, double premium) {
    scenario["evening"] = {{"start", "18:00"}, {"end", "21:00"},         {"p0", 1.0},
                           {"p1", 0.0},        {"premium_cny", premium}, {"premium_full_cny", 30}};
    return scenario;
}

ReplicationResult simulate_json(const json& doc) {
    const Scenario scenario =
        parse_scenario(doc, "tiny.json", std::string(FIELDSIM_SOURCE_DIR) + "/scenarios");
    const World world(scenario);
    return simulate(world, 1, 0, true);
}

struct Expected {
    int technician;
    Time departure;
    Time work_start;
    Time finish;
    bool late;
    double compensation;
};

void check(const OrderRecord& row, const Expected& e) {
    INFO("order " << row.id);
    CHECK(row.technician == e.technician);
    CHECK(row.departure == e.departure);
    CHECK(row.work_start == e.work_start);
    CHECK(row.finish == e.finish);
    CHECK(row.late == e.late);
    CHECK(row.compensation_cny == Approx(e.compensation));
}

} // namespace

TEST_CASE("the cutoff: an order entered at 15:59 is due today, at 16:00 later", "[rules]") {
    using Form = DueForm::Type;
    SlaSpec spec;
    spec.rules = {{"install", SegmentFilter::of_kind(kInstall, 2),
                   Promise{16 * kHour, {Form::end_of_day, 0}, {Form::end_of_day, 1}}},
                  {"repair", SegmentFilter::of_kind(kRepair, 2),
                   Promise{16 * kHour, {Form::end_of_day, 0}, {Form::within, 0, 24 * kHour}}}};
    const CalendarSpec calendar;
    const SegmentSpace space(1, 2);
    const SlaBook sla(spec, calendar, space);
    const auto due = [&](KindId kind, Time entry) {
        return sla.due(space.cell({0, kind, 0, 0}), 0, entry, false, nullptr).due;
    };
    CHECK(due(kInstall, at(3, 15, 59)) == at(4, 0, 0));
    CHECK(due(kInstall, at(3, 16, 0)) == at(5, 0, 0));
    CHECK(due(kRepair, at(3, 15, 59)) == at(4, 0, 0));
    CHECK(due(kRepair, at(3, 16, 0)) == at(4, 16, 0));
    CHECK(due(kRepair, at(3, 23, 59)) == at(4, 23, 59));
}

TEST_CASE("repair compensation counts started days and stops at the cap", "[rules]") {
    const CompensationRule repair(CompensationSpec{0.0, 10.0, 100.0});
    CHECK(repair.amount(0) == 0.0);
    CHECK(repair.amount(1) == 10.0);
    CHECK(repair.amount(23 * kHour + 59 * kMinute) == 10.0);
    CHECK(repair.amount(kDay) == 10.0);
    CHECK(repair.amount(kDay + 1) == 20.0);
    CHECK(repair.amount(9 * kDay + 1) == 100.0);
    CHECK(repair.amount(15 * kDay) == 100.0);
    const CompensationRule install(CompensationSpec{20.0, 0.0, std::nullopt});
    CHECK(install.amount(1) == 20.0);
    CHECK(install.amount(40 * kDay) == 20.0);
}

TEST_CASE("evening response follows p0 + p1 * min(1, premium / full)", "[rules]") {
    EveningSpec spec{true, EveningModel::per_evening, 18 * kHour, 21 * kHour, 0.3, 0.5, 20.0, 30.0,
                     {}};
    CHECK(EveningResponse(spec).probability() == Approx(0.3 + 0.5 * 20.0 / 30.0));
    spec.premium_cny = 45.0;
    CHECK(EveningResponse(spec).probability() == Approx(0.8));
    spec.enabled = false;
    CHECK(EveningResponse(spec).probability() == 0.0);
}

TEST_CASE("per-job acceptance: a half at the base money after 8 h, elasticity 1.2 there, "
          "rising with money and falling with hours worked",
          "[rules]") {
    EveningSpec spec;
    spec.per_job.base_money_cny = 40.0;
    const EveningResponse response(spec);
    CHECK(response.accepts(40.0, 8.0) == Approx(0.5));
    // d ln p / d ln money = b (1 - p) = 2.4 x 0.5 at p = 0.5.
    const double h = 1e-6;
    const double elasticity = (std::log(response.accepts(40.0 * std::exp(h), 8.0)) -
                               std::log(response.accepts(40.0 * std::exp(-h), 8.0))) /
                              (2 * h);
    CHECK(elasticity == Approx(1.2).epsilon(1e-6));
    CHECK(response.accepts(0.0, 8.0) == 0.0);
    for (double hours = 0; hours <= 14; hours += 0.5)
        for (double money = 1; money <= 400; money *= 1.25) {
            CHECK(response.accepts(money * 1.25, hours) > response.accepts(money, hours));
            CHECK(response.accepts(money, hours + 0.5) < response.accepts(money, hours));
        }
}

TEST_CASE("one technician, five orders, followed event by event", "[simulation]") {
    const auto result = simulate_json(tiny_city(1, json::array({
                                                       order(0, "09:00", 1, "repair", 60),
                                                       order(0, "15:59", 1, "repair", 10),
                                                       order(0, "16:00", 0, "install", 90),
                                                       order(0, "17:00", 0, "repair", 30),
                                                       order(0, "17:10", 1, "install", 20),
                                                   })));
    const auto& log = result.orders;
    REQUIRE(log.size() == 5);
    // Idle at home at 09:00: sets out at once, 30 min on the road.
    check(log[0], {0, at(0, 9, 0), at(0, 9, 30), at(0, 10, 30), false, 0});
    // Still in zone 1: no travel.
    check(log[1], {0, at(0, 15, 59), at(0, 15, 59), at(0, 16, 9), false, 0});
    // Waits until 16:09; 16:09 + 30 + 80 (expected) = 17:59 <= 18:00, so it goes,
    // and the actual 90 minutes run past the shift end.
    check(log[2], {0, at(0, 16, 9), at(0, 16, 39), at(0, 18, 9), false, 0});
    CHECK(log[2].due == at(2, 0, 0));
    // Entered after 16:00: due 24 h later; the technician is off at 18:29 and
    // starts from home the next morning, taking the earlier deadline first.
    // (At 17:00 and 17:10 it was busy; neither order could be finished by
    // 18:00 anyway.)
    CHECK(log[3].due == at(1, 17, 0));
    check(log[3], {0, at(1, 8, 0), at(1, 8, 0), at(1, 8, 30), false, 0});
    check(log[4], {0, at(1, 8, 30), at(1, 9, 0), at(1, 9, 20), false, 0});

    CHECK(result.value(Output::orders_install) == 2);
    CHECK(result.value(Output::orders_repair) == 3);
    CHECK(result.value(Output::late_install) == 0);
    CHECK(result.value(Output::piece_pay_cny) == 2 * 60 + 3 * 40);
    CHECK(result.value(Output::premium_pay_cny) == 0);
    CHECK(result.value(Output::overtime_min) == Approx(9));
    CHECK(result.value(Output::mean_tat_install_min) == Approx((129.0 + 970.0) / 2));
    CHECK(result.value(Output::mean_tat_repair_min) == Approx((90.0 + 10.0 + 930.0) / 3));
}

TEST_CASE("a technician refuses a job it could not finish by its shift end", "[simulation]") {
    // 17:20 + 80 expected minutes > 18:00, although the job itself takes 30.
    const auto result =
        simulate_json(tiny_city(1, json::array({order(0, "17:20", 0, "install", 30)})));
    check(result.orders.at(0), {0, at(1, 8, 0), at(1, 8, 0), at(1, 8, 30), false, 0});
    CHECK(result.value(Output::overtime_min) == 0);
}

TEST_CASE("the evening: refused at 17:30, taken at 18:00 with the premium", "[simulation]") {
    const auto result = simulate_json(
        always_evening(tiny_city(1, json::array({order(0, "17:30", 0, "repair", 60)})), 25));
    check(result.orders.at(0), {0, at(0, 18, 0), at(0, 18, 0), at(0, 19, 0), false, 0});
    CHECK(result.value(Output::premium_pay_cny) == 25);
    CHECK(result.value(Output::overtime_min) == Approx(60));
    CHECK(result.value(Output::evening_share) == 1.0);
}

TEST_CASE("only work on site from 18:00 earns the premium", "[simulation]") {
    // The daytime repair earns none; the 17:45 one cannot be done by 18:00
    // (30 min road + 45 expected), so it waits for the evening shift.
    const auto result = simulate_json(
        always_evening(tiny_city(1, json::array({order(0, "10:00", 0, "repair", 30),
                                                 order(0, "17:45", 1, "repair", 60)})),
                       25));
    check(result.orders.at(0), {0, at(0, 10, 0), at(0, 10, 0), at(0, 10, 30), false, 0});
    check(result.orders.at(1), {0, at(0, 18, 0), at(0, 18, 30), at(0, 19, 30), false, 0});
    CHECK(result.value(Output::premium_pay_cny) == 25);
    CHECK(result.value(Output::piece_pay_cny) == 80);
}

TEST_CASE("late installs cost a flat amount, late repairs per started day", "[simulation]") {
    // Four technicians at home take one order each at 15:00 (lowest id first).
    // Due 24:00; work times chosen to finish 1 s, 23 h 59 min, 24 h 1 s and
    // 15 days late; the install finishes 90 minutes late.
    const double to_midnight_min = 9 * 60;
    const auto result = simulate_json(tiny_city(
        5, json::array({order(0, "15:00", 0, "repair", to_midnight_min + 1.0 / 60),
                        order(0, "15:00", 0, "repair", to_midnight_min + 23 * 60 + 59),
                        order(0, "15:00", 0, "repair", to_midnight_min + 24 * 60 + 1.0 / 60),
                        order(0, "15:00", 0, "repair", to_midnight_min + 15 * 24 * 60),
                        order(0, "15:00", 0, "install", to_midnight_min + 90)})));
    const auto& log = result.orders;
    REQUIRE(log.size() == 5);
    check(log[0], {0, at(0, 15, 0), at(0, 15, 0), at(1, 0, 0) + 1, true, 10});
    check(log[1], {1, at(0, 15, 0), at(0, 15, 0), at(1, 23, 59), true, 10});
    check(log[2], {2, at(0, 15, 0), at(0, 15, 0), at(2, 0, 0) + 1, true, 20});
    check(log[3], {3, at(0, 15, 0), at(0, 15, 0), at(16, 0, 0), true, 100});
    check(log[4], {4, at(0, 15, 0), at(0, 15, 0), at(1, 1, 30), true, 20});
    CHECK(result.value(Output::late_repair) == 4);
    CHECK(result.value(Output::late_install) == 1);
    CHECK(result.value(Output::compensation_cny) == 10 + 10 + 20 + 100 + 20);
    CHECK(result.value(Output::breach_rate_repair) == 1.0);
}

TEST_CASE("an order finished exactly at its due time is not late", "[simulation]") {
    const auto result =
        simulate_json(tiny_city(1, json::array({order(0, "15:00", 0, "repair", 9 * 60)})));
    check(result.orders.at(0), {0, at(0, 15, 0), at(0, 15, 0), at(1, 0, 0), false, 0});
}

TEST_CASE("the earliest deadline goes first, ties by arrival", "[simulation]") {
    // Entered in the evening while nobody works. At 08:00 the repair (due 24 h
    // after 20:00) beats the two installs (due at the end of the next day),
    // which then go in order of entry.
    const auto result = simulate_json(tiny_city(
        1, json::array({order(0, "18:30", 0, "install", 10), order(0, "19:00", 0, "install", 10),
                        order(0, "20:00", 0, "repair", 10)})));
    const auto& log = result.orders;
    CHECK(log[2].due == at(1, 20, 0));
    CHECK(log[2].departure == at(1, 8, 0));
    CHECK(log[0].departure == at(1, 8, 10));
    CHECK(log[1].departure == at(1, 8, 20));
}

TEST_CASE("nearest_feasible takes the nearest order, ties by deadline then arrival",
          "[simulation]") {
    // Entered in the evening while nobody works; at 08:00 the technician is
    // at home in zone 0. Repairs are due 24 h after entry, installs at the
    // end of the next day. edf goes by deadline: A, C (zone 1), then D, B, E
    // back in zone 0. nearest_feasible stays in zone 0 while it has work
    // there, the earlier deadline first (D, then B and E in order of entry),
    // then crosses once for A and C.
    json scenario = tiny_city(1, json::array({order(0, "18:30", 1, "repair", 10),     // A
                                              order(0, "19:00", 0, "install", 10),    // B
                                              order(0, "20:00", 1, "repair", 10),     // C
                                              order(0, "21:00", 0, "repair", 10),     // D
                                              order(0, "22:00", 0, "install", 10)})); // E
    const auto edf = simulate_json(scenario);
    check(edf.orders[0], {0, at(1, 8, 0), at(1, 8, 30), at(1, 8, 40), false, 0});
    check(edf.orders[2], {0, at(1, 8, 40), at(1, 8, 40), at(1, 8, 50), false, 0});
    check(edf.orders[3], {0, at(1, 8, 50), at(1, 9, 20), at(1, 9, 30), false, 0});
    check(edf.orders[1], {0, at(1, 9, 30), at(1, 9, 30), at(1, 9, 40), false, 0});
    check(edf.orders[4], {0, at(1, 9, 40), at(1, 9, 40), at(1, 9, 50), false, 0});

    scenario["dispatch"] = {{"policy", "nearest_feasible"}};
    const auto nearest = simulate_json(scenario);
    CHECK(nearest.orders[3].due == at(1, 21, 0));
    CHECK(nearest.orders[1].due == at(2, 0, 0));
    check(nearest.orders[3], {0, at(1, 8, 0), at(1, 8, 0), at(1, 8, 10), false, 0});
    check(nearest.orders[1], {0, at(1, 8, 10), at(1, 8, 10), at(1, 8, 20), false, 0});
    check(nearest.orders[4], {0, at(1, 8, 20), at(1, 8, 20), at(1, 8, 30), false, 0});
    check(nearest.orders[0], {0, at(1, 8, 30), at(1, 9, 0), at(1, 9, 10), false, 0});
    check(nearest.orders[2], {0, at(1, 9, 10), at(1, 9, 10), at(1, 9, 20), false, 0});
    // The same work, an hour less on the road.
    CHECK(nearest.value(Output::piece_pay_cny) == edf.value(Output::piece_pay_cny));
}

TEST_CASE("nearest_feasible sends the idle technician nearest a new order", "[simulation]") {
    // Technician 0 ends its 09:00 job in zone 0, technician 1 its 09:05 job in
    // zone 1. The 11:00 order in zone 1 goes to technician 0 under edf (the
    // lowest id), to technician 1, already there, under nearest_feasible.
    json scenario = tiny_city(
        2, json::array({order(0, "09:00", 0, "repair", 60), order(0, "09:05", 1, "repair", 10),
                        order(0, "11:00", 1, "repair", 10)}));
    check(simulate_json(scenario).orders[2],
          {0, at(0, 11, 0), at(0, 11, 30), at(0, 11, 40), false, 0});
    scenario["dispatch"] = {{"policy", "nearest_feasible"}};
    const auto nearest = simulate_json(scenario);
    check(nearest.orders[1], {1, at(0, 9, 5), at(0, 9, 35), at(0, 9, 45), false, 0});
    check(nearest.orders[2], {1, at(0, 11, 0), at(0, 11, 0), at(0, 11, 10), false, 0});
}

TEST_CASE("cheapest_insertion plans a route as orders come in", "[simulation]") {
    // A (09:00, zone 1, 60 min) goes at once to the idle technician, who is
    // expected free at 09:30 + 45 = 10:15 in zone 1. The others come while
    // it works and are planned from there, every one on time:
    //   B 09:10 zone 0: [B]
    //   C 09:20 zone 1: first adds no travel (1-1-0 instead of 1-0): [C B]
    //   D 09:30 zone 0: after C or after B adds none; the earlier: [C D B]
    //   E 09:40 zone 1: first adds none: [E C D B]
    // A ends at 10:30, E (80 min expected) at 10:40, early, which re-plans
    // C, D, B in due order to the same route. (edf would go B C D E from
    // 10:30, crossing three times; nearest_feasible C E B D.)
    json scenario = tiny_city(1, json::array({order(0, "09:00", 1, "repair", 60),     // A
                                              order(0, "09:10", 0, "repair", 10),     // B
                                              order(0, "09:20", 1, "repair", 10),     // C
                                              order(0, "09:30", 0, "repair", 10),     // D
                                              order(0, "09:40", 1, "install", 10)})); // E
    scenario["dispatch"] = {{"policy", "cheapest_insertion"}};
    const auto result = simulate_json(scenario);
    const auto& log = result.orders;
    check(log[0], {0, at(0, 9, 0), at(0, 9, 30), at(0, 10, 30), false, 0});
    check(log[4], {0, at(0, 10, 30), at(0, 10, 30), at(0, 10, 40), false, 0});
    check(log[2], {0, at(0, 10, 40), at(0, 10, 40), at(0, 10, 50), false, 0});
    check(log[3], {0, at(0, 10, 50), at(0, 11, 20), at(0, 11, 30), false, 0});
    check(log[1], {0, at(0, 11, 30), at(0, 11, 30), at(0, 11, 40), false, 0});
}

TEST_CASE("cheapest_insertion hands a late-running technician's route to the others",
          "[simulation]") {
    // Technician 0 (zone 1) takes A at 08:00, expected to 08:45; B (08:10,
    // zone 1, due within 2 h at 10:10) is planned after it, which adds no
    // travel. At 08:45 A is still running (to 13:00): B goes to the empty
    // route of technician 1, idle in zone 0, which keeps it on time; woken,
    // it sets out at once and finishes at 09:45.
    json scenario = tiny_city(1, json::array({order(0, "08:00", 1, "repair", 300),   // A
                                              order(0, "08:10", 1, "repair", 30)})); // B
    json zone1 = fieldsim::testing::group("zone1", 1, "08:00", "18:00");
    json zone0 = fieldsim::testing::group("zone0", 1, "08:00", "18:00");
    zone1["home"] = {1};
    zone0["home"] = {0};
    scenario["technicians"] = {{"groups", {zone1, zone0}}};
    scenario["sla"]["before_cutoff"]["repair"] = {{"within_h", 2}};
    scenario["dispatch"] = {{"policy", "cheapest_insertion"}};
    const auto log = simulate_json(scenario).orders;
    check(log[1], {1, at(0, 8, 45), at(0, 9, 15), at(0, 9, 45), false, 0});
}

TEST_CASE("cheapest_insertion plans a job after a break still to be taken", "[simulation]") {
    // At 11:50 a repair (45 min) comes in zone 1. Technician 1 is idle
    // there, its 30-minute break due in the window 12:00-12:30: the job
    // would end at 12:35, past the window, so it may not start before the
    // break. Planned after it (the break as the window opens, the job
    // 12:30-13:15) it adds no travel, where technician 0, idle in zone 0
    // without a break, would drive 30 minutes: technician 1 gets it.
    json scenario = tiny_city(1, json::array({order(0, "11:50", 1, "repair", 45)}));
    json zone0 = fieldsim::testing::group("zone0", 1, "08:00", "18:00");
    json zone1 = fieldsim::testing::group("zone1", 1, "08:00", "18:00");
    zone0["home"] = {0};
    zone1["home"] = {1};
    zone1["shift"]["break"] = {{"length_min", 30},
                               {"window", {{"start", "12:00"}, {"end", "12:30"}}}};
    scenario["technicians"] = {{"groups", {zone0, zone1}}};
    scenario["dispatch"] = {{"policy", "cheapest_insertion"}};
    const auto result = simulate_json(scenario);
    check(result.orders[0], {1, at(0, 12, 30), at(0, 12, 30), at(0, 13, 15), false, 0});
    CHECK(result.technicians[1].breaks == 30 * kMinute);
}

TEST_CASE("a run gives the same numbers for any thread count", "[determinism]") {
    Scenario scenario =
        load_scenario(std::string(FIELDSIM_SOURCE_DIR) + "/scenarios/refcity/month.json");
    scenario.horizon.days = 5;
    RunOptions options;
    options.replications = 4;
    options.seed = 7;
    options.control.threads = 1;
    const RunResult one = run(scenario, options);
    options.control.threads = 2;
    const RunResult two = run(scenario, options);
    options.control.threads = 8;
    const RunResult eight = run(scenario, options);
    // The same numbers, NaN in the same places (a lateness quantile without a late order).
    const auto same = [](const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
        return ((a.array() == b.array()) || (a.array().isNaN() && b.array().isNaN())).all();
    };
    CHECK(same(one.values, two.values));
    CHECK(same(one.values, eight.values));
    // And the replications differ among themselves.
    CHECK(one.values(0, 0) != one.values(1, 0));
}

TEST_CASE("staffing changes do not reshuffle the orders (common random numbers)", "[determinism]") {
    Scenario scenario =
        load_scenario(std::string(FIELDSIM_SOURCE_DIR) + "/scenarios/refcity/month.json");
    scenario.horizon.days = 3;
    const World small(scenario);
    scenario.technicians.groups[0].count = 200;
    const World large(scenario);
    const auto a = simulate(small, 3, 0, true);
    const auto b = simulate(large, 3, 0, true);
    REQUIRE(a.orders.size() == b.orders.size());
    for (std::size_t i = 0; i < a.orders.size(); ++i) {
        CHECK(a.orders[i].entry == b.orders[i].entry);
        CHECK(a.orders[i].zone == b.orders[i].zone);
        CHECK(a.orders[i].cell == b.orders[i].cell);
    }
}

TEST_CASE("utilisation counts shift time up to the end of the run", "[simulation]") {
    // On shift 08:00-10:00 (the run ends when the only job does), busy 09:00-10:00.
    const auto result =
        simulate_json(tiny_city(1, json::array({order(0, "09:00", 0, "repair", 60)})));
    CHECK(result.technicians.at(0).on_shift == 2 * kHour);
    CHECK(result.value(Output::utilisation) == Approx(0.5));
}

TEST_CASE("nobody works on a rest day, orders still arrive and wait", "[simulation]") {
    // Day 0 is a Friday and Saturday is a rest day: the 17:30 repair (due
    // Saturday 17:30) is done on Sunday at 08:00, 15 hours late.
    json scenario = tiny_city(
        1, json::array({order(0, "17:30", 0, "repair", 30), order(1, "09:00", 0, "install", 30)}));
    scenario["calendar"] = {{"first_weekday", "fri"},
                            {"workdays", {"mon", "tue", "wed", "thu", "fri", "sun"}}};
    const auto result = simulate_json(scenario);
    check(result.orders.at(0), {0, at(2, 8, 0), at(2, 8, 0), at(2, 8, 30), true, 10});
    // Entered Saturday 09:00, due at the end of Saturday: late too.
    check(result.orders.at(1), {0, at(2, 8, 30), at(2, 8, 30), at(2, 9, 0), true, 20});
    CHECK(result.technicians.at(0).on_shift == 10 * kHour + 1 * kHour);
}

TEST_CASE("orders the drain limit leaves open count late up to the stop", "[simulation]") {
    // Arrivals on days 0-1, drain limit one day: the run stops at the start of
    // day 3 with the 10-day repair still running, two days after it was due.
    json scenario = tiny_city(1, json::array({order(0, "09:00", 0, "repair", 10 * 24 * 60)}));
    scenario["horizon"]["max_drain_days"] = 1;
    const auto result = simulate_json(scenario);
    CHECK(result.value(Output::orders_unfinished) == 1);
    CHECK(result.value(Output::late_repair) == 1);
    CHECK(result.value(Output::compensation_cny) == 20);
    CHECK(result.value(Output::lateness_max_min) == Approx(2 * 24 * 60).epsilon(0.01));
    // The run ends at the stop, where the open order was settled.
    CHECK(result.value(Output::days_simulated) == 3.0);
}
