// Who pays compensation and when (city-rules.md section 3, readings 8.10 and
// 8.11), worked by hand to the fen: the contractor's threshold rule on a
// month's counts, the split of each day's cash, and the engine's books on a
// tiny branch whose day 0 is Wednesday 1 January 2025.
#include "models/engine/simulation.h"
#include "models/engine/tally.h"
#include "models/money/settlement.h"
#include "models/scenario/load.h"
#include "models/workforce/hours.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "clock.h"
#include "one_zone_branch.h"

#include <numeric>

using namespace fieldsim;
using namespace fieldsim::models;
using fieldsim::testing::at;
using nlohmann::json;

namespace {

constexpr int kJan31 = 30; // a Friday
constexpr int kFeb1 = 31;

// One contractor, Tongda, at the 5 % threshold, paying within 7 days.
PayersSpec one_contractor() {
    PayersSpec payers = default_payers(2);
    payers.contractors.push_back(ContractorSpec{"Tongda", 0.05});
    payers.of_district[1] = 1;
    return payers;
}

CalendarSpec january_2025() {
    CalendarSpec calendar;
    calendar.start_date = sim::days_from_civil(sim::Date{2025, 1, 1});
    return calendar;
}

// Books for `days` run days of two payers, empty.
std::vector<DayBook> books(std::size_t days) {
    return std::vector<DayBook>(2 * days);
}

DayBook& of(std::vector<DayBook>& b, int day, PayerId payer) {
    return b[static_cast<std::size_t>(day) * 2 + payer];
}

const SettlementRow& row(const Settlement& s, std::int64_t period, PayerId payer) {
    for (const auto& r : s.periods)
        if (r.period == period && r.payer == payer) return r;
    FAIL("no settlement row for period " << period << " payer " << payer);
    throw std::logic_error("unreachable");
}

double cash_of(const Settlement& s, PayerId payer) {
    return std::accumulate(s.cash.begin(), s.cash.end(), 0.0, [&](double sum, const CashRow& c) {
        return c.payer == payer ? sum + c.cny : sum;
    });
}

} // namespace

TEST_CASE("the contractor pays above its threshold only, strictly", "[money]") {
    CHECK(contractor_part(100, 7, 0.05) == Approx(2.0 / 7.0));
    CHECK(contractor_part(100, 5, 0.05) == 0.0); // exactly 5 %: nothing
    CHECK(contractor_part(100, 6, 0.05) == Approx(1.0 / 6.0));
    CHECK(contractor_part(20, 1, 0.05) == 0.0); // 1/20 is 5 % too
    CHECK(contractor_part(0, 0, 0.05) == 0.0);
    CHECK(contractor_part(100, 0, 0.0) == 0.0);
    CHECK(contractor_part(100, 3, 0.0) == 1.0); // no threshold: all of C_tech
    CHECK(contractor_part(100, 30, 1.0) == 0.0);
}

TEST_CASE("a contractor month of 100 orders, 7 late by technicians: it pays 2/7 of theirs",
          "[money]") {
    // January: Tongda's district completes 100 orders, 7 of them late by a
    // technician's choice (20 CNY each: C_tech 140) and 1 late for capacity
    // (20 CNY); the branch's district 50 orders, 2 late (10 and 30 CNY).
    auto b = books(40);
    for (int day = 0; day < 20; ++day)
        of(b, day, 1).completed = 5;
    for (const int day : {2, 2, 5, 9, 9, 9, 19}) {
        ++of(b, day, 1).technician_late;
        of(b, day, 1).technician_cny += 20.0;
    }
    of(b, 19, 1).other_cny += 20.0;
    of(b, 3, kBranch).completed = 50;
    of(b, 3, kBranch).other_cny = 10.0;
    of(b, 4, kBranch).technician_late = 1;
    of(b, 4, kBranch).technician_cny = 30.0;
    const Settlement s = settle(b, one_contractor(), january_2025());
    const std::int64_t january = 2025 * 12;

    const SettlementRow& tongda = row(s, january, 1);
    CHECK(tongda.completed == 100);
    CHECK(tongda.technician_late == 7);
    CHECK(tongda.technician_cny == 140.0);
    CHECK(tongda.compensation_cny == 160.0);
    CHECK(tongda.pays_cny == Approx(40.0).margin(0.005)); // 140 x (0.07 - 0.05) / 0.07
    const SettlementRow& branch = row(s, january, kBranch);
    CHECK(branch.completed == 50);
    CHECK(branch.pays_cny == Approx(10.0 + 30.0 + 160.0 - 40.0).margin(0.005));
    // February (days 31 .. 39) has rows, empty.
    CHECK(row(s, january + 1, 1).pays_cny == 0.0);
    CHECK(row(s, january + 1, kBranch).pays_cny == 0.0);

    // Each technician-caused amount is paid 7 days after its day, 2/7 by
    // Tongda: day 2's two orders (40 CNY) give Tongda 11.43 on day 9.
    // Days 2, 3, 4, 5, 9 and 19: a branch row each, and Tongda's on its 4 days.
    REQUIRE(s.cash.size() == 10);
    CHECK(s.cash[0].pay_day == 9);
    CHECK(s.cash[0].payer == kBranch);
    CHECK(s.cash[0].cny == Approx(40.0 * 5.0 / 7.0).margin(0.005));
    CHECK(s.cash[1].pay_day == 9);
    CHECK(s.cash[1].payer == 1);
    CHECK(s.cash[1].cny == Approx(11.43).margin(0.005));
    CHECK(cash_of(s, 1) == Approx(40.0).margin(0.005));
    CHECK(cash_of(s, kBranch) == Approx(160.0).margin(0.005));
}

TEST_CASE("at exactly 5 % the contractor pays nothing and the branch all", "[money]") {
    auto b = books(31);
    of(b, 10, 1).completed = 100;
    of(b, 10, 1).technician_late = 5;
    of(b, 10, 1).technician_cny = 100.0;
    const Settlement s = settle(b, one_contractor(), january_2025());
    CHECK(row(s, 2025 * 12, 1).pays_cny == 0.0);
    CHECK(row(s, 2025 * 12, kBranch).pays_cny == 100.0);
    REQUIRE(s.cash.size() == 1);
    CHECK(s.cash[0].payer == kBranch);
    CHECK(s.cash[0].cny == 100.0);
    CHECK(s.cash[0].pay_day == 17);
}

TEST_CASE("the settlement period is the month of completion, not of payment", "[money]") {
    // Tongda: 10 completed in January, 2 of them late by technicians on the
    // 31st (share 20 %: it pays 3/4); February's 100 orders have none late.
    auto b = books(45);
    of(b, kJan31, 1).completed = 10;
    of(b, kJan31, 1).technician_late = 2;
    of(b, kJan31, 1).technician_cny = 50.0;
    of(b, kFeb1, 1).completed = 100;
    const Settlement s = settle(b, one_contractor(), january_2025());
    CHECK(row(s, 2025 * 12, 1).pays_cny == Approx(37.5));
    CHECK(row(s, 2025 * 12 + 1, 1).completed == 100);
    REQUIRE(s.cash.size() == 2);
    CHECK(s.cash[1].pay_day == kJan31 + 7); // 7 February
    CHECK(s.cash[1].cny == Approx(37.5));
    CHECK(s.cash[0].cny == Approx(12.5));
    CHECK(month_of(s.cash[1].pay_day, january_2025()) == 2025 * 12 + 1);
}

namespace {

// A tally of one technician over two districts: the branch's (0) and Tongda's (1).
struct TwoDistricts {
    SegmentSpace space{2, 2};
    PayersSpec payers = one_contractor();
    CalendarSpec calendar = january_2025();
    Tally tally{std::vector<int>{0}, space, payers, calendar, 60};
    std::uint64_t next_id = 0;

    Order order(std::uint16_t district, Time due) {
        return Order{next_id++, due - sim::kHour,
                     due,       0,
                     0,         0,
                     district,  space.cell(Segment{district}),
                     kInstall,  0,
                     0,         false};
    }
    // A job finished at `finish`; late when `finish` is after `due`.
    void finish(std::uint16_t district, Time due, Time finish, Cause cause, double owed) {
        const Order o = order(district, due);
        if (finish > due) tally.late(o, finish - due, cause, owed);
        tally.finished(JobDone{
            o,
            {0, finish - 2 * sim::kHour, finish - sim::kHour, finish - sim::kHour, finish, finish},
            0.0,
            0.0});
    }
};

} // namespace

TEST_CASE("the tally counts a contractor month of 100 orders, 7 late by technicians", "[money]") {
    // January, Tongda's district: 5 installs a day from the 1st to the 19th,
    // the first of every third day until the 16th late by a technician's
    // choice (6, at 20 CNY each); on the 31st five more, one of them late by
    // a technician, finished at 23:00, one rural-exempt. The branch's
    // district: 50 installs, one late for capacity (10 CNY). February: 10 of
    // Tongda's, on time.
    TwoDistricts t;
    for (int day = 0; day < 19; ++day) {
        if (day == 3) t.finish(0, at(3, 12, 0), at(3, 14, 0), Cause::capacity, 10.0);
        if (day == 4)
            for (int k = 0; k < 49; ++k)
                t.finish(0, at(4, 12, 0), at(4, 10, k), Cause::none, 0.0);
        for (int k = 0; k < 5; ++k) {
            const bool late = day % 3 == 0 && day < 18 && k == 0;
            t.finish(1, at(day, 12, 0), at(day, late ? 13 : 10, k), Cause::technician, 20.0);
        }
    }
    for (int k = 0; k < 3; ++k)
        t.finish(1, at(kJan31, 12, 0), at(kJan31, 10, k), Cause::none, 0.0);
    t.finish(1, at(kJan31, 22, 0), at(kJan31, 23, 0), Cause::rural, 0.0);
    t.finish(1, at(kJan31, 22, 0), at(kJan31, 23, 0), Cause::technician, 20.0);
    for (int k = 0; k < 10; ++k)
        t.finish(1, at(kFeb1 + 2, 12, 0), at(kFeb1 + 2, 10, k), Cause::none, 0.0);

    const Settlement s = t.tally.settlement();
    const SettlementRow& tongda = row(s, 2025 * 12, 1);
    CHECK(tongda.completed == 100);
    CHECK(tongda.technician_late == 7);
    CHECK(tongda.technician_cny == 140.0);
    CHECK(tongda.pays_cny == Approx(40.0).margin(0.005)); // 2/7 of 140
    CHECK(row(s, 2025 * 12, kBranch).completed == 50);
    CHECK(row(s, 2025 * 12, kBranch).pays_cny == Approx(110.0).margin(0.005));
    CHECK(row(s, 2025 * 12 + 1, 1).completed == 10);
    CHECK(row(s, 2025 * 12 + 1, 1).pays_cny == 0.0);
    // The 31st's late order is January's, paid on 7 February, 2/7 by Tongda.
    REQUIRE(s.cash.size() >= 2);
    const CashRow& last_branch = s.cash[s.cash.size() - 2];
    const CashRow& last_tongda = s.cash.back();
    CHECK(last_branch.pay_day == kJan31 + 7);
    CHECK(last_branch.cny == Approx(20.0 * 5 / 7).margin(0.005));
    CHECK(last_tongda.pay_day == kJan31 + 7);
    CHECK(last_tongda.payer == 1);
    CHECK(last_tongda.cny == Approx(5.71).margin(0.005));
    // The exempt order costs nothing: all cash is the 150 CNY owed.
    CHECK(cash_of(s, 1) == Approx(40.0).margin(0.005));
    CHECK(cash_of(s, kBranch) == Approx(110.0).margin(0.005));
}

namespace {

json order(int day, const char* clock, int zone, const char* kind, double work_min) {
    return json{
        {"day", day}, {"at", clock}, {"zone", zone}, {"kind", kind}, {"work_min", work_min}};
}

// The town (zone 0) is the branch's; the village (zone 1) is Tongda's, or
// rural and exempt. One technician in town, 08:00-18:00 every day.
json branch(json orders, const char* village_area = "suburban") {
    if (orders.is_object()) orders = json::array({orders});
    return json{
        {"name", "branch"},
        {"horizon", {{"days", 31}, {"max_drain_days", 10}}},
        {"calendar", {{"start_date", "2025-01-01"}}},
        {"network",
         {{"zones", json::array({{{"name", "town"}}, {{"name", "village"}}})},
          {"roads", json::array({{{"from", 0}, {"to", 1}, {"travel_min", 30}}})}}},
        {"districts",
         json::array({{{"name", "town"}, {"area", "urban"}, {"zones", {"town"}}},
                      {{"name", "village"}, {"area", village_area}, {"zones", {"village"}}}})},
        {"orders", json::array({{{"scripted", orders},
                                 {"expected_work_min", {{"install", 60}, {"repair", 30}}}}})},
        {"technicians",
         {{"count", 1}, {"home", {0}}, {"shift", {{"start", "08:00"}, {"end", "18:00"}}}}},
        {"sla",
         {{"cutoff", "16:00"},
          {"before_cutoff", {{"install", "same_day"}, {"repair", "same_day"}}},
          {"after_cutoff", {{"install", "next_day"}, {"repair", {{"within_h", 24}}}}}}},
        {"compensation",
         {{"install", {{"per_order_cny", 20}}},
          {"repair", {{"per_started_day_cny", 10}, {"cap_cny", 100}}}}},
        {"payers",
         {{"contractors", json::array({{{"name", "Tongda"}}})},
          {"served_by", {{"village", "Tongda"}}}}}};
}

ReplicationResult run(const json& doc) {
    const Scenario scenario = parse_scenario(doc, "branch.json", FIELDSIM_SOURCE_DIR);
    const World world(scenario);
    return simulate(world, 1, 0, true);
}

} // namespace

TEST_CASE("an order finished on 31 January at 23:00 is paid on 7 February", "[money]") {
    // A repair entered Thursday 30 January at 18:30, after the shift: due in
    // 24 h, Friday 18:30. The technician starts it at 08:00; 15 hours on site
    // end at 23:00, 4 h 30 min late: one started day, 10 CNY, for capacity.
    const auto result = run(branch(order(kJan31 - 1, "18:30", 0, "repair", 15 * 60)));
    REQUIRE(result.orders.size() == 1);
    CHECK(result.orders[0].finish == kJan31 * sim::kDay + 23 * sim::kHour);
    CHECK(result.orders[0].cause == Cause::capacity);
    const Settlement& s = result.settlement;
    REQUIRE(s.cash.size() == 1);
    CHECK(s.cash[0].pay_day == kJan31 + 7);
    CHECK(s.cash[0].payer == kBranch);
    CHECK(s.cash[0].cny == 10.0);
    const SettlementRow& january = row(s, 2025 * 12, kBranch);
    CHECK(january.completed == 1);
    CHECK(january.pays_cny == 10.0);
    CHECK(row(s, 2025 * 12 + 1, kBranch).pays_cny == 0.0);
    CHECK(result.value(Output::contractor_compensation_cny) == 0.0);
}

TEST_CASE("exempt late orders never appear in cash", "[money]") {
    // The 10-hour town job keeps the technician busy all Wednesday: both
    // installs entered at 08:00 finish on Thursday, late. The village is
    // rural: its install is exempt; the town's costs 20 CNY.
    const json orders = {order(0, "08:00", 0, "repair", 600),
                         order(0, "08:00:01", 1, "install", 60),
                         order(0, "08:00:02", 0, "install", 60)};
    const auto result = run(branch(orders, "rural"));
    REQUIRE(result.orders.size() == 3);
    CHECK(result.orders[1].late);
    CHECK(result.orders[1].cause == Cause::rural);
    CHECK(result.orders[2].late);
    const Settlement& s = result.settlement;
    REQUIRE(s.cash.size() == 1);
    CHECK(s.cash[0].payer == kBranch);
    CHECK(s.cash[0].cny == 20.0);
    CHECK(s.cash[0].pay_day == 1 + 7);
    // The village's completed install counts for Tongda, its cost for nobody.
    const SettlementRow& tongda = row(s, 2025 * 12, 1);
    CHECK(tongda.completed == 1);
    CHECK(tongda.compensation_cny == 0.0);
    CHECK(tongda.pays_cny == 0.0);
}

TEST_CASE("premium and overtime pay are kept per technician", "[money]") {
    // An install entered at 17:00 is taken at once and runs 90 minutes: 30 past
    // 18:00, at the hourly wage x 1.5 on a working day.
    json doc = branch(order(0, "17:00", 0, "install", 90));
    doc["pay"] = {{"piece_rate_cny", {{"install", 60}}},
                  {"overtime", fieldsim::testing::overtime_pay(40)}};
    const auto result = run(doc);
    REQUIRE(result.technicians.size() == 1);
    CHECK(result.technicians[0].overtime_pay_cny == Approx(40.0 * 1.5 * 0.5));
    CHECK(result.technicians[0].overtime_pay_cny == result.value(Output::overtime_pay_cny));
}

TEST_CASE("limit stops count in the month of the second they happen", "[money][workforce]") {
    // One technician on shift on 31 January and 1 February; starts stopped
    // at the last second of January, at midnight, and again on 31 January
    // after February's (the tally's day at hand goes back too).
    TwoDistricts t;
    t.tally.on_shift(0, at(kJan31, 8, 0), 10 * sim::kHour, false);
    t.tally.on_shift(0, at(kFeb1, 8, 0), 10 * sim::kHour, false);
    t.tally.limit_stopped(0, at(kJan31, 0, 0), true);
    t.tally.limit_stopped(0, at(kFeb1, 0, 0) - 1, false);
    t.tally.limit_stopped(0, at(kFeb1, 0, 0), true);
    t.tally.limit_stopped(0, at(kFeb1, 23, 59), true);
    t.tally.limit_stopped(0, at(kJan31, 21, 0), false);
    const std::vector<TechnicianRecord> months = t.tally.take_technicians();
    REQUIRE(months.size() == 2);
    CHECK(months[0].month == 202501);
    CHECK(months[0].stopped_daily == 1);
    CHECK(months[0].stopped_monthly == 2);
    CHECK(months[1].month == 202502);
    CHECK(months[1].stopped_daily == 2);
    CHECK(months[1].stopped_monthly == 0);
}

TEST_CASE("without an evening the evening coefficient changes nothing", "[money]") {
    json doc = branch(order(0, "09:00", 0, "repair", 30));
    doc["pay"] = {{"piece_rate_cny", {{"repair", 10}}}, {"coefficients", {{"evening", 2.0}}}};
    CHECK(run(doc).value(Output::piece_pay_cny) == 10.0);
    // With an evening from 18:00 the 09:00 repair is day work all the same.
    doc["evening"] = {{"start", "18:00"}, {"end", "21:00"}, {"premium_cny", 5},
                      {"p0", 0.0},        {"p1", 0.0},      {"premium_full_cny", 30}};
    CHECK(run(doc).value(Output::piece_pay_cny) == 10.0);
}

TEST_CASE("a job set out before midnight and started after it earns the premium and the "
          "evening coefficient alike",
          "[money]") {
    // A round-the-clock technician sets out at 23:50 for the village, 30 min
    // away, and starts on site at 00:20: evening work of the day it set out.
    json doc = branch(order(0, "23:50", 1, "repair", 30));
    doc["technicians"] = {{"groups",
                           {{{"name", "day"},
                             {"count", 1},
                             {"home", {0}},
                             {"shift", {{"start", "08:00"}, {"end", "18:00"}}}},
                            {{"name", "round"},
                             {"count", 1},
                             {"home", {0}},
                             {"shift", {{"start", "00:00"}, {"end", "24:00"}}}}}}};
    doc["evening"] = {{"start", "18:00"}, {"end", "21:00"}, {"premium_cny", 5},
                      {"p0", 0.0},        {"p1", 0.0},      {"premium_full_cny", 30}};
    doc["pay"] = {{"piece_rate_cny", {{"repair", 10}}}, {"coefficients", {{"evening", 2.0}}}};
    const auto result = run(doc);
    REQUIRE(result.orders.size() == 1);
    CHECK(result.orders[0].technician == 1);
    CHECK(result.orders[0].work_start == at(1, 0, 20));
    CHECK(result.value(Output::premium_pay_cny) == 5.0);
    CHECK(result.value(Output::piece_pay_cny) == 20.0);
}
