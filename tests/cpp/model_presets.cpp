// The policy presets of scenarios/policies, each run in a small full city
// (tests/scenarios/policies/*-city.json) whose scripted orders hit every rule
// of the preset. Every due time below is worked out by hand from the seed's
// rule as city-rules.md sections 2 and 8 read it; the test checks it twice,
// from the promise book and in the engine's order log, and checks that the
// rule an order falls under cites the seed clause it comes from.
#include "models/engine/simulation.h"
#include "models/scenario/load.h"
#include "models/service/sla.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace fieldsim;
using namespace fieldsim::models;
using sim::kDay;
using sim::kHour;
using sim::kMinute;

namespace {

const std::filesystem::path kCities =
    std::filesystem::path(FIELDSIM_SOURCE_DIR) / "tests" / "scenarios" / "policies";

constexpr Time at(int day, int hour, int minute, int second = 0) {
    return day * kDay + hour * kHour + minute * kMinute + second;
}

// One scripted order of a city file and what its preset makes of it.
struct Case {
    const char* why; // the hand working
    Time entry;
    int zone;
    KindId kind;
    const char* product;
    const char* customer_class;
    const char* clause; // cited in the name of the rule that must match
    Time due;
};

template <class Names> std::uint8_t index_of(const Names& names, std::string_view name) {
    const auto it = std::find(names.begin(), names.end(), name);
    REQUIRE(it != names.end());
    return static_cast<std::uint8_t>(it - names.begin());
}

struct City {
    explicit City(const char* file) : world(load_scenario(kCities / file)) {
        result = simulate(world, 1, 0, true);
    }
    World world;
    ReplicationResult result;

    Segment segment(const Case& c) const {
        return Segment{world.district_of_zone[static_cast<std::size_t>(c.zone)], c.kind,
                       index_of(kProductNames, c.product), index_of(kClassNames, c.customer_class)};
    }
    std::uint32_t cell(const Case& c) const { return world.segments.cell(segment(c)); }

    // The name of the first rule that matches the case's segment.
    std::string rule_name(const Case& c) const {
        for (const auto& rule : world.scenario.sla.rules)
            if (rule.when.matches(segment(c))) return rule.name;
        return "(no rule)";
    }

    // The order-log row of the case: the one order entered then, there, in
    // that segment.
    const OrderRecord& row(const Case& c) const {
        const auto matches = [&](const OrderRecord& r) {
            return r.entry == c.entry && r.zone == c.zone && r.cell == cell(c);
        };
        const auto it = std::find_if(result.orders.begin(), result.orders.end(), matches);
        REQUIRE(it != result.orders.end());
        REQUIRE(std::count_if(result.orders.begin(), result.orders.end(), matches) == 1);
        return *it;
    }

    void check_due(const std::vector<Case>& cases) const {
        // Every scripted order of the city is one of the hand-worked cases.
        REQUIRE(result.orders.size() == cases.size());
        // Windows booked in the cases' order, an empty book's first ones.
        std::optional<AppointmentBook> book;
        if (const auto& spec = world.scenario.sla.appointments)
            book.emplace(*spec, world.scenario.sla.hours, world.scenario.calendar,
                         world.scenario.districts.size(), world.scenario.horizon.days + 1);
        for (const Case& c : cases) {
            INFO(c.why);
            const std::size_t district = world.district_of_zone[static_cast<std::size_t>(c.zone)];
            CHECK(world.sla.due(cell(c), district, c.entry, false, book ? &*book : nullptr).due ==
                  c.due);
            CHECK(row(c).due == c.due);
            CHECK(rule_name(c).find(c.clause) != std::string::npos);
        }
    }
};

constexpr KindId I = kInstall;
constexpr KindId R = kRepair;

// Day 0 is Monday 2025-03-03; Saturdays and Sundays are not working days;
// Wednesday 2025-03-12 (day 9) is a holiday. Business hours 08:00-18:00.
enum Day { Mon0, Tue1, Wed2, Thu3, Fri4, Sat5, Sun6, Mon7, Tue8, Wed9, Thu10 };
enum AreaZone { centre, town, fringe, hills }; // urban, county town, suburban, rural

const std::vector<Case> kAreaLimits{
    // Urban 4 h, business clock, clock cutoff 17:00 (seed 002 7(1), 8(1)).
    {"urban Fri 17:30 is after the 17:00 clock cutoff: Mon 08:00 + 4 h", at(Fri4, 17, 30), centre,
     R, "broadband", "public", "7(1)", at(Mon7, 12, 0)},
    {"urban Fri 16:59:59 starts at entry: 1:00:01 to closing, 2:59:59 from Mon 08:00",
     at(Fri4, 16, 59, 59), centre, R, "broadband", "public", "7(1)", at(Mon7, 10, 59, 59)},
    {"urban Sat 10:00 is on a day off: Mon 08:00 + 4 h", at(Sat5, 10, 0), centre, R, "broadband",
     "public", "7(1)", at(Mon7, 12, 0)},
    {"urban Tue 06:30 is before opening: Tue 08:00 + 4 h", at(Tue1, 6, 30), centre, R, "broadband",
     "public", "7(1)", at(Tue1, 12, 0)},
    {"urban Tue 15:00: 3 h to closing, 1 h from Wed 08:00", at(Tue1, 15, 0), centre, R, "broadband",
     "public", "7(1)", at(Wed2, 9, 0)},
    {"urban Tue 17:45 (day 8): Wed is a holiday, so Thu 08:00 + 4 h", at(Tue8, 17, 45), centre, R,
     "broadband", "public", "7(1)", at(Thu10, 12, 0)},
    {"county town reads as urban: Wed 17:00 at the cutoff, Thu 08:00 + 4 h", at(Wed2, 17, 0), town,
     R, "broadband", "public", "7(1)", at(Thu3, 12, 0)},
    // Suburban 8 h, clock cutoff 17:00 (7(2), 8(2)).
    {"suburban Wed 16:59: 1:01 to closing, 6:59 from Thu 08:00", at(Wed2, 16, 59), fringe, R,
     "broadband", "public", "7(2)", at(Thu3, 14, 59)},
    {"suburban Wed 17:00 at the cutoff: Thu 08:00 + 8 h", at(Wed2, 17, 0), fringe, R, "broadband",
     "public", "7(2)", at(Thu3, 16, 0)},
    {"suburban Thu 10:00 + 8 h runs out exactly at closing: due at closing (8.2)", at(Thu3, 10, 0),
     fringe, R, "broadband", "public", "7(2)", at(Thu3, 18, 0)},
    // Rural 12 h, clock cutoff 16:00 (7(3), 8(3)).
    {"rural Tue 15:59 starts at entry: 2:01 to closing, 9:59 from Wed 08:00", at(Tue1, 15, 59),
     hills, R, "broadband", "public", "7(3)", at(Wed2, 17, 59)},
    {"rural Tue 16:00 at the cutoff: Wed 08:00-18:00 gives 10 h, 2 h from Thu 08:00",
     at(Tue1, 16, 0), hills, R, "broadband", "public", "7(3)", at(Thu3, 10, 0)},
    {"rural Thu 15:00: 3 h to closing, 9 h from Fri 08:00", at(Thu3, 15, 0), hills, R, "broadband",
     "public", "7(3)", at(Fri4, 17, 0)},
    {"rural Fri 15:30: 2:30 to closing, the weekend off, 9:30 from Mon 08:00", at(Fri4, 15, 30),
     hills, R, "broadband", "public", "7(3)", at(Mon7, 17, 30)},
    // VIP and key accounts 2 h, natural clock (7(4), 11); private network 1 h (7(5)).
    {"VIP Mon 09:10 + 2 h", at(Mon0, 9, 10), centre, R, "broadband", "vip", "7(4)",
     at(Mon0, 11, 10)},
    {"VIP in the rural district, Sat 23:15 + 2 h natural: across midnight and the weekend",
     at(Sat5, 23, 15), hills, R, "broadband", "vip", "7(4)", at(Sun6, 1, 15)},
    {"an enterprise tier is a key account (大客户): Wed 10:00 + 2 h", at(Wed2, 10, 0), centre, R,
     "broadband", "AAA", "7(4)", at(Wed2, 12, 0)},
    {"private network (enterprise circuit) Tue 20:00 + 1 h natural", at(Tue1, 20, 0), fringe, R,
     "enterprise_circuit", "public", "7(5)", at(Tue1, 21, 0)},
    // Installs: 3 days including the dispatch day (6(1)), rural 4 (6(3)); calendar days (8.3).
    {"urban install Mon 10:00: Mon, Tue, Wed -> 24:00 Wed", at(Mon0, 10, 0), centre, I, "broadband",
     "public", "6(1)", at(Thu3, 0, 0)},
    {"urban install Fri 23:59: Fri, Sat, Sun -> 24:00 Sun (weekends count)", at(Fri4, 23, 59),
     centre, I, "broadband", "public", "6(1)", at(Mon7, 0, 0)},
    {"suburban install Thu 08:00 -> 24:00 Sat", at(Thu3, 8, 0), fringe, I, "broadband", "public",
     "6(1)", at(Sun6, 0, 0)},
    {"rural install Fri 09:00: Fri .. Mon -> 24:00 Mon", at(Fri4, 9, 0), hills, I, "broadband",
     "public", "6(3)", at(Tue8, 0, 0)},
    {"a VIP install has no limit of its own: county town Wed 12:00 -> 24:00 Fri", at(Wed2, 12, 0),
     town, I, "broadband", "vip", "6(1)", at(Sat5, 0, 0)},
};

} // namespace

TEST_CASE("area-limits: due times by area, class and calendar, to the second", "[presets]") {
    const City city("area-limits-city.json");
    for (const auto& rule : city.world.scenario.sla.rules)
        CHECK(rule.name.rfind("seed 002 ", 0) == 0);
    city.check_due(kAreaLimits);
}

TEST_CASE("area-limits: seed 002 states no compensation, so none is paid", "[presets]") {
    const City city("area-limits-city.json");
    for (const Case& c : kAreaLimits) {
        const CompensationSpec& amounts = city.world.scenario.compensation.of(city.segment(c));
        CHECK(amounts.per_order_cny == 0.0);
        CHECK(amounts.per_started_day_cny == 0.0);
    }
    for (const OrderRecord& row : city.result.orders)
        CHECK(row.compensation_cny == 0.0);
    CHECK(city.result.value(Output::compensation_cny) == 0.0);
}

namespace {

const std::vector<Case> kEnterpriseSla{
    {"AAA Mon 23:30 + 60 min: across midnight", at(Mon0, 23, 30), 1, R, "enterprise_circuit", "AAA",
     "AAA级(优质标准)", at(Tue1, 0, 30)},
    {"AAA Tue 09:00 + 60 min", at(Tue1, 9, 0), 0, R, "enterprise_circuit", "AAA", "AAA级(优质标准)",
     at(Tue1, 10, 0)},
    {"AA Mon 17:00 + 90 min: past the office's closing", at(Mon0, 17, 0), 0, R,
     "enterprise_circuit", "AA", "AA级(较优标准)", at(Mon0, 18, 30)},
    {"AA Sat 23:00 + 90 min: 7x24, the weekend does not stop the clock", at(Sat5, 23, 0), 1, R,
     "enterprise_circuit", "AA", "AA级(较优标准)", at(Sun6, 0, 30)},
    {"A Tue 22:00 + 180 min", at(Tue1, 22, 0), 0, R, "enterprise_circuit", "A", "A级(普通标准)",
     at(Wed2, 1, 0)},
    {"maint_I Wed 16:00 + 240 min", at(Wed2, 16, 0), 0, R, "enterprise_circuit", "maint_I",
     "维护质量保证服务", at(Wed2, 20, 0)},
    {"maint_II Sat 22:00 + 240 min", at(Sat5, 22, 0), 1, R, "enterprise_circuit", "maint_II",
     "维护质量保证服务", at(Sun6, 2, 0)},
    {"maint_III Thu 03:15 + 240 min", at(Thu3, 3, 15), 0, R, "enterprise_circuit", "maint_III",
     "维护质量保证服务", at(Thu3, 7, 15)},
    {"quality Thu 20:00 + 360 min", at(Thu3, 20, 0), 1, R, "enterprise_circuit", "quality",
     "质量水平承诺服务", at(Fri4, 2, 0)},
    {"AAA install Mon 10:00 + 72 h", at(Mon0, 10, 0), 0, I, "enterprise_circuit", "AAA", "72小时",
     at(Thu3, 10, 0)},
    {"quality install Fri 16:30 + 72 h: over the weekend", at(Fri4, 16, 30), 1, I,
     "enterprise_circuit", "quality", "72小时", at(Mon7, 16, 30)},
};

} // namespace

TEST_CASE("enterprise-sla: restoration by tier on the natural clock, 7x24", "[presets]") {
    const City city("enterprise-sla-city.json");
    for (const auto& rule : city.world.scenario.sla.rules)
        CHECK(rule.name.rfind("seed 004 ", 0) == 0);
    city.check_due(kEnterpriseSla);
    // Seed 004 gives no amounts: every tier costs nothing.
    for (const OrderRecord& row : city.result.orders)
        CHECK(row.compensation_cny == 0.0);
}

TEST_CASE("enterprise-sla: AAA 60 minutes across midnight, finished late in the log", "[presets]") {
    // Technicians work 08:00-18:00 from zone 0: the AAA fault entered Mon
    // 23:30 in zone 1 waits for Tue 08:00, sets out then (25 min away) and
    // after 40 min on site is done at 09:05, 8:35 after its 00:30 deadline;
    // the contract's degradation payment is not in the seed, so it costs 0.
    const City city("enterprise-sla-city.json");
    const OrderRecord& aaa = city.row(kEnterpriseSla[0]);
    CHECK(aaa.due == at(Tue1, 0, 30));
    CHECK(aaa.departure == at(Tue1, 8, 0));
    CHECK(aaa.work_start == at(Tue1, 8, 25));
    CHECK(aaa.finish == at(Tue1, 9, 5));
    CHECK(aaa.late);
    CHECK(aaa.cause == Cause::capacity);
    CHECK(aaa.compensation_cny == 0.0);
}

namespace {

// Two districts: a town (urban, zone 0) and a village (rural, zone 1, 30
// minutes away). No calendar: every day is a working day.
const std::vector<Case> kSameDay{
    {"install 15:59 is before the cutoff: 24:00 today", at(0, 15, 59), 0, I, "broadband", "public",
     "install", at(1, 0, 0)},
    {"install 16:00 is at the cutoff (8.1): tomorrow's 08:00-10:00 window", at(0, 16, 0), 0, I,
     "broadband", "public", "install", at(1, 10, 0)},
    {"repair 15:59:59: 24:00 today", at(0, 15, 59, 59), 0, R, "broadband", "public", "repair",
     at(1, 0, 0)},
    {"repair 16:00: 24 h natural", at(0, 16, 0), 0, R, "broadband", "public", "repair",
     at(1, 16, 0)},
    {"repair 23:30: 24 h natural", at(0, 23, 30), 0, R, "broadband", "public", "repair",
     at(1, 23, 30)},
    {"repair day 1 09:00: 24:00 today", at(1, 9, 0), 0, R, "broadband", "public", "repair",
     at(2, 0, 0)},
    {"rural install day 1 14:00: 24:00 today", at(1, 14, 0), 1, I, "broadband", "public", "install",
     at(2, 0, 0)},
    {"install day 1 15:00: 24:00 today", at(1, 15, 0), 0, I, "broadband", "public", "install",
     at(2, 0, 0)},
    {"repair day 1 15:30: 24:00 today", at(1, 15, 30), 0, R, "broadband", "public", "repair",
     at(2, 0, 0)},
};

} // namespace

TEST_CASE("same-day-2017: the cutoff, the forms and the amounts of seed 000", "[presets]") {
    const City city("same-day-2017-city.json");
    city.check_due(kSameDay);
    struct Money {
        std::size_t which;
        Time finish;
        bool late;
        Cause cause;
        double cny;
    };
    // Five technicians at home in the town, 08:00-18:00; each order is taken
    // at entry (the 23:30 repair at 08:00 the next day) by an idle technician.
    // The install booked into tomorrow's first window waits for it: offered
    // at 07:00, taken at the shift's start, 08:00, as the window opens, it
    // is worked 08:00-09:20.
    const std::vector<Money> money{
        {0, at(0, 17, 19), false, Cause::none, 0.0},
        {1, at(1, 9, 20), false, Cause::none, 0.0},
        {4, at(1, 8, 45), false, Cause::none, 0.0},
        // 15 days of work from day 1 09:00: 14 d 9 h late, 15 started days
        // at 10 CNY, capped at 100.
        {5, at(16, 9, 0), true, Cause::capacity, 100.0},
        // The village is 30 min away: on site 14:30, 600 min, done 00:30,
        // late but rural (exempt, 三(二)2).
        {6, at(2, 0, 30), true, Cause::rural, 0.0},
        // 600 min from 15:00: one hour late, 20 CNY per late install.
        {7, at(2, 1, 0), true, Cause::capacity, 20.0},
        // 1,500 min from 15:30: 16:30 the next day, 16.5 h late, one started
        // day: 10 CNY.
        {8, at(2, 16, 30), true, Cause::capacity, 10.0},
    };
    for (const Money& m : money) {
        const Case& c = kSameDay[m.which];
        INFO(c.why);
        const OrderRecord& row = city.row(c);
        CHECK(row.finish == m.finish);
        CHECK(row.late == m.late);
        CHECK(row.cause == m.cause);
        CHECK(row.compensation_cny == m.cny);
    }
}
