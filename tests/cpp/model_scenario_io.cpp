// Loading scenarios: the exact values of the reference files, the forms of
// the format, "extends", and one exact message per kind of bad input.
#include "models/scenario/load.h"

#include "models/scenario/files.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace fieldsim::models;
using fieldsim::sim::kDay;
using fieldsim::sim::kHour;
using fieldsim::sim::kMinute;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path kRoot = FIELDSIM_SOURCE_DIR;
const fs::path kFixtures = kRoot / "tests" / "scenarios";

// The what() of the ScenarioError that `load` throws ("" if none).
template <class Load> std::string error_of(Load&& load) {
    try {
        load();
    } catch (const ScenarioError& e) {
        return e.what();
    }
    return "";
}

bool same_rule(const DueForm& rule, DueForm::Type type, int day_offset, Time within) {
    return rule.type == type && rule.day_offset == day_offset && rule.within == within;
}

void check_refcity_common(const Scenario& s) {
    CHECK(s.horizon.max_drain_days == 365);
    REQUIRE(s.network.zones.size() == 64);
    CHECK(s.network.roads.size() == 2 * 8 * 7);
    for (const Road& road : s.network.roads)
        CHECK(road.travel == 6 * kMinute);
    for (const Zone& zone : s.network.zones)
        CHECK_FALSE(zone.rural);
    CHECK(s.day_factor.mean == 1.0);
    CHECK(s.day_factor.sd == 0.2);
    CHECK(s.scripted_streams.empty());
    REQUIRE(s.random_streams.size() == 2);
    const RandomOrderStream& install = s.random_streams[0];
    CHECK(install.kind == kInstall);
    CHECK(install.bounds == std::vector<double>{0, 8 * kHour, 20 * kHour, kDay});
    CHECK(install.zone_weights.empty());
    CHECK(install.work.shape == WorkTimeShape::lognormal);
    CHECK(install.work.mean_s == 4800.0);
    CHECK(install.work.sd_s == 1800.0);
    const RandomOrderStream& repair = s.random_streams[1];
    CHECK(repair.kind == kRepair);
    CHECK(repair.bounds == std::vector<double>{0, kDay});
    CHECK(repair.work.shape == WorkTimeShape::lognormal);
    CHECK(repair.work.mean_s == 2700.0);
    CHECK(repair.work.sd_s == 1200.0);
    CHECK(s.technicians.groups[0].home_zones.empty());
    CHECK(s.technicians.groups[0].shift_start == 8 * kHour);
    CHECK(s.technicians.groups[0].shift_end == 18 * kHour);
}

} // namespace

TEST_CASE("month.json loads with the reference model's exact values", "[scenario_io]") {
    const Scenario s = load_scenario(kRoot / "scenarios" / "refcity" / "month.json");
    check_refcity_common(s);
    CHECK(s.name == "refcity-month");
    CHECK(s.horizon.days == 30);
    CHECK(s.random_streams[0].rates == std::vector<double>{0, 350.0 / 43200.0, 0});
    CHECK(s.random_streams[1].rates == std::vector<double>{500.0 / 86400.0});
    CHECK(s.technicians.count() == 130);

    CHECK(s.evening.enabled);
    CHECK(s.evening.start == 18 * kHour);
    CHECK(s.evening.end == 21 * kHour);
    CHECK(s.evening.p0 == 0.3);
    CHECK(s.evening.p1 == 0.5);
    CHECK(s.evening.premium_cny == 20.0);
    CHECK(s.evening.premium_full_cny == 30.0);
    CHECK(s.dispatch.policy == "edf");

    using Type = DueForm::Type;
    REQUIRE(s.sla.rules.size() == 2);
    const Promise& install_promise = s.sla.rules[0].promise;
    const Promise& repair_promise = s.sla.rules[1].promise;
    CHECK(install_promise.cutoff == 16 * kHour);
    CHECK(same_rule(install_promise.before_cutoff, Type::end_of_day, 0, 0));
    CHECK(same_rule(repair_promise.before_cutoff, Type::end_of_day, 0, 0));
    CHECK(same_rule(install_promise.after_cutoff, Type::end_of_day, 1, 0));
    CHECK(same_rule(repair_promise.after_cutoff, Type::within, 0, 24 * kHour));

    const CompensationSpec& install = s.compensation.by_kind[0];
    CHECK(install.per_order_cny == 20.0);
    CHECK(install.per_started_day_cny == 0.0);
    CHECK_FALSE(install.cap_cny.has_value());
    const CompensationSpec& repair = s.compensation.by_kind[1];
    CHECK(repair.per_order_cny == 0.0);
    CHECK(repair.per_started_day_cny == 10.0);
    CHECK(repair.cap_cny == std::optional<double>(100.0));
    CHECK(s.compensation.exempt_rural_zones);

    CHECK(s.pay.piece_rate_cny == PerKind<double>{60.0, 40.0});
    CHECK_FALSE(s.order_log);
}

namespace {
// A preset that scales month.json: a year of days, `scale` times the order rates.
Scenario check_scaled_refcity(const char* file, const char* name, int technicians, double scale) {
    const Scenario s = load_scenario(kRoot / "scenarios" / "refcity" / file);
    check_refcity_common(s);
    CHECK(s.name == name);
    CHECK(s.horizon.days == 365);
    CHECK(s.technicians.count() == technicians);
    CHECK(s.random_streams[0].rates == std::vector<double>{0, scale * 350.0 / 43200.0, 0});
    CHECK(s.random_streams[1].rates == std::vector<double>{scale * 500.0 / 86400.0});
    return s;
}
} // namespace

TEST_CASE("year.json and metro-year.json scale month.json", "[scenario_io]") {
    const Scenario year = check_scaled_refcity("year.json", "refcity-year", 130, 1.0);
    CHECK(year.evening.enabled);
    const Scenario metro =
        check_scaled_refcity("metro-year.json", "refcity-metro-year", 1300, 10.0);
    CHECK(metro.evening.premium_cny == 20.0);
    CHECK(metro.compensation.by_kind[1].cap_cny == std::optional<double>(100.0));
}

TEST_CASE("every optional form of the format converts", "[scenario_io]") {
    const Scenario s = load_scenario(kFixtures / "features.json");
    CHECK(s.horizon.days == 3);
    CHECK(s.horizon.max_drain_days == 10);

    REQUIRE(s.network.zones.size() == 4);
    CHECK(s.network.zones[2].name == "village");
    std::vector<bool> rural;
    for (const Zone& zone : s.network.zones)
        rural.push_back(zone.rural);
    CHECK(rural == std::vector<bool>{false, false, true, true});
    REQUIRE(s.network.roads.size() == 3);
    CHECK(s.network.roads[1].from == 1);
    CHECK(s.network.roads[1].to == 2);
    CHECK(s.network.roads[1].travel == 750);
    CHECK(s.network.roads[2].travel == 0);
    CHECK(s.day_factor.mean == 1.0);
    CHECK(s.day_factor.sd == 0.1);

    REQUIRE(s.random_streams.size() == 2);
    const RandomOrderStream& repair = s.random_streams[0];
    REQUIRE(repair.bounds.size() == 25);
    CHECK(repair.bounds[13] == 13.0 * kHour);
    CHECK(repair.bounds[24] == kDay);
    CHECK(repair.rates[0] == 0.0);
    CHECK(repair.rates[12] == 48.0 * 2 / 16 / 3600);
    CHECK(repair.rates[19] == 48.0 * 1 / 16 / 3600);
    CHECK(repair.zone_weights == std::vector<double>{1, 1, 0, 2});
    CHECK(repair.work.shape == WorkTimeShape::uniform);
    CHECK(repair.work.lo_s == 1200.0);
    CHECK(repair.work.hi_s == 2400.0);
    CHECK(repair.work.expected_s() == 1800.0);
    const RandomOrderStream& install = s.random_streams[1];
    CHECK(install.bounds == std::vector<double>{0, kDay});
    CHECK(install.rates == std::vector<double>{6.0 / 86400});
    CHECK(install.work.shape == WorkTimeShape::deterministic);
    CHECK(install.work.mean_s == 5400.0);

    REQUIRE(s.scripted_streams.size() == 1);
    const ScriptedOrderStream& scripted = s.scripted_streams[0];
    CHECK(scripted.expected_work == PerKind<Time>{80 * kMinute, 45 * kMinute});
    REQUIRE(scripted.orders.size() == 3);
    // Sorted by entry; the two orders at the same second keep their file order.
    const Time second_day_0930_15 = kDay + 9 * kHour + 30 * kMinute + 15;
    CHECK(scripted.orders[0].entry == 17 * kHour);
    CHECK(scripted.orders[0].zone == 3);
    CHECK(scripted.orders[0].kind == kInstall);
    CHECK(scripted.orders[0].work == 75 * kMinute);
    CHECK(scripted.orders[1].entry == second_day_0930_15);
    CHECK(scripted.orders[1].zone == 2);
    CHECK(scripted.orders[1].work == 1812); // 30.2 min
    CHECK(scripted.orders[2].entry == second_day_0930_15);
    CHECK(scripted.orders[2].zone == 0);

    CHECK(s.technicians.count() == 3);
    CHECK(s.technicians.groups[0].shift_start == 7 * kHour + 30 * kMinute);
    CHECK(s.technicians.groups[0].shift_end == 16 * kHour);
    CHECK_FALSE(s.evening.enabled);
    CHECK(s.dispatch.policy == "edf");
    CHECK(s.sla.rules[0].promise.cutoff == 12 * kHour);
    CHECK(same_rule(s.sla.rules[0].promise.before_cutoff, DueForm::Type::end_of_day, 1, 0));
    CHECK(same_rule(s.sla.rules[1].promise.before_cutoff, DueForm::Type::within, 0, 4 * kHour));
    CHECK(same_rule(s.sla.rules[1].promise.after_cutoff, DueForm::Type::within, 0,
                    12 * kHour + 30 * kMinute));
    CHECK(s.compensation.by_kind[0].per_order_cny == 0.0);
    CHECK(s.compensation.by_kind[1].per_order_cny == 5.0);
    CHECK(s.compensation.by_kind[1].per_started_day_cny == 10.0);
    CHECK_FALSE(s.compensation.by_kind[1].cap_cny.has_value());
    CHECK_FALSE(s.compensation.exempt_rural_zones);
    CHECK(s.pay.piece_rate_cny == PerKind<double>{0.0, 40.0});
    CHECK(s.order_log);
}

TEST_CASE("orders replayed from CSV, also when inherited from another folder", "[scenario_io]") {
    for (const auto* file : {"scripted-csv.json", "extends/sub/child.json"}) {
        INFO(file);
        const Scenario s = load_scenario(kFixtures / file);
        CHECK(s.random_streams.empty());
        REQUIRE(s.scripted_streams.size() == 1);
        const auto& orders = s.scripted_streams[0].orders;
        REQUIRE(orders.size() == 3);
        CHECK(orders[0].entry == 8 * kHour);
        CHECK(orders[0].kind == kRepair);
        CHECK(orders[0].work == 45 * kMinute);
        CHECK(orders[1].entry == 16 * kHour + 30);
        CHECK(orders[1].zone == 0);
        CHECK(orders[1].work == 750);
        CHECK(orders[2].entry == kDay + 8 * kHour);
        CHECK(orders[2].zone == 5);
        CHECK(orders[2].kind == kInstall);
    }
}

TEST_CASE("a CSV's rows are counted without parsing, and too many are refused before it",
          "[scenario_io][limits]") {
    const fs::path folder = fs::temp_directory_path() / "fieldsim-csv-rows";
    fs::create_directories(folder);
    const auto rows_of = [&](const std::string& text) {
        std::ofstream(folder / "o.csv", std::ios::binary) << text;
        const json name = "o.csv";
        return CsvFile(JsonReader(name, "s.json"), folder).rows();
    };
    SECTION("blank lines are not rows, nor is the header; the last line may lack a newline") {
        CHECK(rows_of("day,at,zone,kind,work_min\r\n0,08:00,1,repair,5\r\n \t\r\n\n"
                      "1,09:00,2,install,60") == 2);
        CHECK(rows_of("") == 0);
    }
    SECTION("more rows than a replication may expect: refused unread (the header is wrong)") {
        std::string lines;
        for (double row = 0; row < kMaxExpectedOrders + 2; ++row)
            lines += "x\n";
        CHECK(rows_of(lines) == 20000001);
        const json stream = {{"csv", "o.csv"},
                             {"expected_work_min", {{"install", 60}, {"repair", 40}}}};
        const json doc = {{"extends", {(kFixtures / "base.json").string()}}, {"orders", {stream}}};
        CHECK(error_of([&] { parse_scenario(doc, "s.json", folder); }) ==
              "s.json: /orders/0/csv: 'o.csv' has 20000001 rows of orders; the limit is 20000000 "
              "orders in a replication (see scenarios/README.md \"Limits\")");
    }
    fs::remove_all(folder);
}

TEST_CASE("extends merges as RFC 7386 patches under the document", "[scenario_io][extends]") {
    SECTION("later files override earlier ones, the document overrides all, null removes") {
        const Scenario s = load_scenario(kFixtures / "extends" / "merged.json");
        CHECK(s.name == "merged");
        CHECK(s.horizon.days == 6);           // second.json over first.json
        CHECK(s.horizon.max_drain_days == 7); // objects merge key by key: kept from first.json
        CHECK(s.technicians.count() == 2);
        CHECK(s.technicians.groups[0].home_zones ==
              std::vector<int>{3, 4}); // arrays are replaced whole
        CHECK(s.technicians.groups[0].shift_start == 8 * kHour);
        CHECK(s.technicians.groups[0].shift_end == 19 * kHour);     // the document over both
        CHECK_FALSE(s.evening.enabled);                             // "evening": null
        CHECK(s.pay.piece_rate_cny == PerKind<double>{60.0, 40.0}); // base.json via second.json
        CHECK(s.random_streams.size() == 2);
    }
    SECTION("the resolved document has no extends and no nulls") {
        const json doc = resolve_document(kFixtures / "extends" / "merged.json");
        CHECK_FALSE(doc.contains("extends"));
        CHECK_FALSE(doc.contains("evening"));
        CHECK(doc["technicians"]["shift"] == json{{"start", "08:00"}, {"end", "19:00"}});
    }
    SECTION("an in-memory document extends files relative to base_dir") {
        const json doc = {
            {"extends", {"base.json"}}, {"name", "inline"}, {"horizon", {{"days", 9}}}};
        const Scenario s = parse_scenario(doc, "inline", kFixtures);
        CHECK(s.name == "inline");
        CHECK(s.horizon.days == 9);
        CHECK(s.technicians.count() == 4);
        const json resolved = resolve_extends(doc, kFixtures, "inline");
        CHECK(resolved["horizon"] == json{{"days", 9}});
        CHECK(resolved["name"] == "inline");
    }
    SECTION("a cycle is an error naming the chain, in the file where it closes") {
        // An extended file is named by its path as reached, the file loaded as given.
        const fs::path bad = kFixtures / "bad";
        CHECK(error_of([&] { load_scenario(bad / "cycle-a.json"); }) ==
              (bad / "cycle-b.json").lexically_normal().generic_string() +
                  ": /extends/0: extends cycle: cycle-a.json -> cycle-b.json -> cycle-a.json");
        CHECK(error_of([&] { resolve_document(bad / "self-extends.json"); }) ==
              (bad / "self-extends.json").generic_string() +
                  ": /extends/0: extends cycle: self-extends.json -> self-extends.json");
    }
    SECTION("a malformed base names its path, not only its name") {
        const fs::path dir = fs::temp_directory_path() / "fieldsim-malformed-base";
        fs::create_directories(dir / "a");
        fs::create_directories(dir / "b");
        std::ofstream(dir / "b" / "base.json") << "{\"name\": tru}";
        std::ofstream(dir / "a" / "base.json") << "{\"extends\": [\"../b/base.json\"]}";
        CHECK(error_of([&] {
                  resolve_document(dir / "a" / "base.json");
              }).starts_with((dir / "b" / "base.json").generic_string() + ": malformed JSON"));
        fs::remove_all(dir);
    }
}

TEST_CASE("a key given twice is named by its JSON path", "[scenario_io]") {
    // Inside arrays, after objects, arrays and values of every kind.
    const std::string text =
        R"({"a": [1, {"x": [2, 3]}, "s", {"b": {"c": null}, "d": true, "d": false}], "e": 0})";
    CHECK(error_of([&] { parse_json_text(text, "t"); }) ==
          "t: /a/3/d: the key \"d\" appears twice in one object; give it once");
    CHECK(error_of([] { parse_json_text(R"({"a/b": {"k": 1, "k": 2}})", "t"); }) ==
          "t: /a~1b/k: the key \"k\" appears twice in one object; give it once");
    CHECK(error_of([] { parse_json_text(R"({"k": 1, "k": 2})", "t"); }) ==
          "t: /k: the key \"k\" appears twice in one object; give it once");
    CHECK(parse_json_text(R"([{"k": 1}, {"k": 2}])", "t").size() == 2); // one each: fine
}

TEST_CASE("ScenarioError carries source and JSON path", "[scenario_io]") {
    try {
        load_scenario(kFixtures / "bad" / "negative-work-time.json");
        FAIL("no error");
    } catch (const ScenarioError& e) {
        CHECK(e.source() == (kFixtures / "bad" / "negative-work-time.json").generic_string());
        CHECK(e.json_path() == "/orders/1/work_time/mean_min");
    }
    const fs::path missing = kFixtures / "no-such-file.json";
    CHECK(error_of([&] { load_scenario(missing); }) ==
          missing.generic_string() + ": cannot open file '" + missing.string() + "'");
    CHECK(error_of([] { parse_json_text("{\"a\": tru}", "text"); }) ==
          "text: malformed JSON at line 1, column 10: syntax error while parsing value - invalid "
          "literal; last read: '\"a\": tru}'");
}

TEST_CASE("numbers built in code must be finite, and keys are escaped in paths", "[scenario_io]") {
    json doc = resolve_document(kFixtures / "base.json");
    doc["orders"][1]["per_day"] = std::numeric_limits<double>::quiet_NaN();
    CHECK(error_of([&] { parse_scenario(doc, "code", kFixtures); }) ==
          "code: /orders/1/per_day: expected a number in [0, 1000000], got NaN");
    doc["orders"][1]["per_day"] = std::numeric_limits<double>::infinity();
    CHECK(error_of([&] { parse_scenario(doc, "code", kFixtures); }) ==
          "code: /orders/1/per_day: expected a number in [0, 1000000], got inf");
    doc = resolve_document(kFixtures / "base.json");
    doc["demand"]["weekday_factors"] = {1, 1, 1, 1, 1, 1, std::numeric_limits<double>::quiet_NaN()};
    CHECK(error_of([&] { parse_scenario(doc, "code", kFixtures); }) ==
          "code: /demand/weekday_factors/6: expected a number in [0, 10], got NaN");
    doc = resolve_document(kFixtures / "base.json");
    doc["pay"]["a/b~c"] = 1;
    CHECK(error_of([&] { parse_scenario(doc, "code", kFixtures); }) ==
          "code: /pay/a~1b~0c: unknown key; expected one of piece_rate_cny, unit_price_cny, "
          "coefficients, overtime");
}

TEST_CASE("typed getters describe ranges and values", "[json_reader]") {
    CHECK(above(0).describe() == "> 0");
    CHECK(at_least(1).describe() == ">= 1");
    CHECK(between(0, 1).describe() == "in [0, 1]");
    CHECK(Range{}.describe().empty());
    CHECK(format_number(0.25) == "0.25");
    CHECK(format_number(-5.0) == "-5");

    const json doc = {{"n", 3.0}, {"t", "07:05:09"}, {"list", {1, 2}}};
    const JsonReader root(doc, "doc");
    CHECK(root.get<int>("n", at_least(1)) == 3); // an integral float is an integer
    CHECK(root.get_or("absent", 7, at_least(1)) == 7);
    CHECK(root["t"].clock(true) == 7 * kHour + 5 * kMinute + 9);
    CHECK(error_of([&] { root["t"].clock(); }) ==
          "doc: /t: expected a time \"HH:MM\" from 00:00 to 24:00, got \"07:05:09\"");
    CHECK(error_of([&] { root.get<double>("list"); }) ==
          "doc: /list: expected a number, got an array of 2 entries");
    CHECK(error_of([&] { root.get<bool>("n"); }) == "doc: /n: expected true or false, got 3.0");
}

// One bad file per row, each with its complete message. Most extend
// ../base.json (a good scenario) and break one thing.
TEST_CASE("bad scenarios are rejected with exact messages", "[scenario_io][bad]") {
    const std::vector<std::pair<std::string, std::string>> table = {
        {"negative-work-time.json",
         "negative-work-time.json: /orders/1/work_time/mean_min: expected a number in (0, "
         "525600], got -5"},
        {"string-for-number.json",
         "string-for-number.json: /orders/0/per_day: expected a number in [0, 1000000], got "
         "\"10\""},
        {"count-not-integral.json",
         "count-not-integral.json: /technicians/count: expected an integer in [1, 100000], got "
         "4.5"},
        {"grid-too-large.json", "grid-too-large.json: /network/grid: expected a grid of at most "
                                "10000 zones, got 100000 x 8 = 800000"},
        {"null-unknown-section.json",
         "null-unknown-section.json: /wether: unknown key; expected one of extends, name, "
         "description, order_kinds, horizon, calendar, network, districts, weather, demand, "
         "orders, visits, technicians, skills, law, evening, dispatch, sla, compensation, pay, "
         "payers, outputs"},
        {"unknown-key.json", "unknown-key.json: /technicians/cuont: unknown key; expected one of "
                             "count, home, shift, skills, "
                             "groups, monthly_cost_cny, night_limit"},
        {"key-of-other-dist.json", "key-of-other-dist.json: /orders/1/work_time/sd_min: unknown "
                                   "key; expected one of dist, mean_min"},
        {"missing-required.json",
         "missing-required.json: /technicians/count: required key is missing"},
        {"evening-missing-p1.json",
         "evening-missing-p1.json: /evening/p1: required key is missing"},
        {"days-zero.json",
         "days-zero.json: /horizon/days: expected an integer in [1, 3660], got 0"},
        {"no-orders.json", "no-orders.json: /orders: expected a non-empty array of order streams, "
                           "got an array of 0 entries"},
        {"shift-end-before-start.json", "shift-end-before-start.json: /technicians/shift/end: "
                                        "expected a time after the shift start 18:00, "
                                        "got \"08:00\""},
        {"evening-before-shift-end.json", "evening-before-shift-end.json: /evening/start: expected "
                                          "a time at or after the shift end 18:00, "
                                          "got \"17:00\""},
        {"p0-plus-p1.json", "p0-plus-p1.json: /evening/p1: expected a number in [0, 1] with p0 + "
                            "p1 <= 1 (p0 = 0.6), got 0.5"},
        {"clock-25.json", "clock-25.json: /technicians/shift/start: expected a time \"HH:MM\" from "
                          "00:00 to 24:00, got \"25:00\""},
        {"clock-one-digit.json", "clock-one-digit.json: /sla/cutoff: expected a time \"HH:MM\" "
                                 "from 00:00 to 24:00, got \"8:00\""},
        {"home-zone-out-of-range.json",
         "home-zone-out-of-range.json: /technicians/home/1: expected a zone id in [0, 5], got 6"},
        {"rural-zone-out-of-range.json", "rural-zone-out-of-range.json: /network/rural_zones/0: "
                                         "expected a zone id in [0, 5], got 7"},
        {"zone-weights-length.json", "zone-weights-length.json: /orders/0/zones: expected "
                                     "\"uniform\" or an array of 6 zone weights >= 0 "
                                     "with a positive sum, got an array of 3 entries"},
        {"zone-weights-zero.json", "zone-weights-zero.json: /orders/0/zones: expected "
                                   "\"uniform\" or an array of 6 zone weights >= 0 with a "
                                   "positive sum (these are all 0), got an array of 6 entries"},
        {"zone-weight-negative.json",
         "zone-weight-negative.json: /orders/0/zones/2: expected a number in [0, "
         "1000000000], got -1"},
        {"road-to-nowhere.json",
         "road-to-nowhere.json: /network/roads/1/to: expected a zone id in [0, 2], got 3"},
        {"disconnected-network.json", "disconnected-network.json: /network: zone 2 cannot be "
                                      "reached from zone 0; the road network must be "
                                      "connected"},
        {"grid-and-zones.json", "grid-and-zones.json: /network/zones: not allowed together with "
                                "grid; give either grid or zones and roads"},
        {"cap-below-one-day.json", "cap-below-one-day.json: /compensation/repair/cap_cny: expected "
                                   "a number >= 10 (per_order_cny + "
                                   "per_started_day_cny, the amount for one day late), got 5"},
        {"continuous-duty-rest-day.json",
         "continuous-duty-rest-day.json: /calendar/workdays: expected every day of the week with "
         "a 24-hour shift, got an array of 5 entries"},
        {"calendar-repeated-day.json",
         "calendar-repeated-day.json: /calendar/workdays/2: expected a weekday not listed before, "
         "got \"mon\""},
        {"calendar-unknown-weekday.json",
         "calendar-unknown-weekday.json: /calendar/first_weekday: expected one of \"mon\", "
         "\"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\", got \"monday\""},
        {"unknown-policy.json", "unknown-policy.json: /dispatch/policy: expected one of \"edf\", "
                                "\"nearest_feasible\", \"cheapest_insertion\", got \"fifo\""},
        {"unknown-kind.json",
         "unknown-kind.json: /orders/0/kind: expected \"install\" or \"repair\", got \"instal\""},
        {"unknown-dist.json", "unknown-dist.json: /orders/1/work_time/dist: expected one of "
                              "\"lognormal\", \"exponential\", "
                              "\"deterministic\", \"uniform\", got \"gamma\""},
        {"uniform-hi-below-lo.json",
         "uniform-hi-below-lo.json: /orders/1/work_time/hi_min: expected a number in (30, "
         "525600], got 20"},
        {"hours-and-profile.json",
         "hours-and-profile.json: /orders/0/profile: give either hours or profile, not both"},
        {"hours-reversed.json", "hours-reversed.json: /orders/0/hours/to: expected a time after "
                                "from (20:00), got \"08:00\""},
        {"profile-23.json", "profile-23.json: /orders/1/profile: expected an array of 24 hourly "
                            "weights >= 0 with a positive sum, "
                            "got an array of 23 entries"},
        {"within-zero.json", "within-zero.json: /sla/after_cutoff/repair/within_h: expected a "
                             "number in (0, 8784], got 0"},
        {"unknown-due-rule.json", "unknown-due-rule.json: /sla/before_cutoff/install: expected "
                                  "\"same_day\", \"next_day\", \"appointment\", "
                                  "{\"end_of_day\": days}, {\"within_h\": hours} or "
                                  "{\"within_h\": hours, \"clock\": \"business\"}, "
                                  "got \"tomorrow\""},
        {"scripted-past-horizon.json", "scripted-past-horizon.json: /orders/0/scripted/1/day: "
                                       "expected a day < 2 (horizon.days), got 2"},
        {"scripted-bad-clock.json", "scripted-bad-clock.json: /orders/0/scripted/0/at: expected a "
                                    "time \"HH:MM\" or \"HH:MM:SS\" from 00:00 "
                                    "to 24:00, got \"08:00:60\""},
        {"missing-csv.json", "missing-csv.json: /orders/0/csv: cannot open file 'nope.csv'"},
        {"csv-bad-zone.json", "bad-zone.csv:3: /zone: expected a zone id in [0, 5], got 9"},
        {"csv-bad-header.json", "bad-header.csv:1: expected the header day,at,zone,kind,work_min "
                                "(then any of product,class), "
                                "got 'day,time,zone,kind,work_min'"},
        {"missing-extends.json", "missing-extends.json: /extends/1: cannot open file 'nope.json'"},
        {"extends-not-array.json", "extends-not-array.json: /extends: expected an array of file "
                                   "names relative to this file, got "
                                   "\"../base.json\""},
        {"cycle-a.json",
         "cycle-b.json: /extends/0: extends cycle: cycle-a.json -> cycle-b.json -> cycle-a.json"},
        {"cycle-b.json",
         "cycle-a.json: /extends/1: extends cycle: cycle-b.json -> cycle-a.json -> cycle-b.json"},
        {"self-extends.json",
         "self-extends.json: /extends/0: extends cycle: self-extends.json -> self-extends.json"},
        {"malformed.json", "malformed.json: malformed JSON at line 3, column 15: syntax error "
                           "while parsing object separator - "
                           "unexpected string literal; expected ':'"},
        {"top-level-array.json", "top-level-array.json: expected a JSON object at the top level, "
                                 "got an array of 2 entries"},
        // The sections of segments, districts, the business calendar and the
        // promise as a rule table.
        {"order-kinds-repair-first.json",
         "order-kinds-repair-first.json: /order_kinds/0: expected \"install\" (order_kinds start "
         "with \"install\", \"repair\"), got \"repair\""},
        {"order-kinds-repeated.json", "order-kinds-repeated.json: /order_kinds/3: expected a kind "
                                      "name not listed before, got \"move\""},
        {"district-zone-in-none.json",
         "district-zone-in-none.json: /districts: zone r1c2 is in no district"},
        {"district-zone-in-two.json", "district-zone-in-two.json: /districts/1/zones/0: expected a "
                                      "zone in no other district (r1c0 is in north), got \"r1c0\""},
        {"district-no-zones.json", "district-no-zones.json: /districts/1/zones: expected a "
                                   "non-empty array of zone names or ids, got an array of 0 "
                                   "entries"},
        {"district-unknown-area.json", "district-unknown-area.json: /districts/1/area: expected "
                                       "one of \"urban\", \"county_town\", \"suburban\", "
                                       "\"rural\", got \"countryside\""},
        {"district-unknown-zone.json", "district-unknown-zone.json: /districts/1/zones/2: expected "
                                       "the name of a zone of the network, got \"r2c2\""},
        {"district-and-rural-zones.json",
         "district-and-rural-zones.json: /network: zone r1c2 is marked rural: with districts, "
         "give the district's area instead"},
        {"district-duplicate-name.json", "district-duplicate-name.json: /districts/1/name: "
                                         "expected a name no other district has, got \"north\""},
        {"product-weights-zero.json",
         "product-weights-zero.json: /orders/0/product: expected one name, or weights >= 0 by "
         "name with a positive sum, got an object"},
        {"stream-unknown-class.json",
         "stream-unknown-class.json: /orders/1/class/gold: unknown key; expected one of public, "
         "vip, campus, AAA, AA, A, maint_I, maint_II, maint_III, quality"},
        {"scripted-unknown-class.json",
         "scripted-unknown-class.json: /orders/0/scripted/0/class: expected one of \"public\", "
         "\"vip\", \"campus\", \"AAA\", \"AA\", \"A\", \"maint_I\", \"maint_II\", "
         "\"maint_III\", \"quality\", got \"VIP\""},
        {"csv-unknown-product.json",
         "unknown-product.csv:3: /product: expected one of \"broadband\", \"iptv\", "
         "\"enterprise_circuit\", got \"fibre\""},
        {"date-feb-30.json",
         "date-feb-30.json: /calendar/start_date: expected a date \"YYYY-MM-DD\" that exists, "
         "got \"2025-02-30\""},
        {"weekend-every-day.json",
         "weekend-every-day.json: /calendar/weekend: expected an array of at most 6 weekdays (the "
         "business calendar needs a working day every week), got an array of 7 entries"},
        {"first-weekday-contradicts-date.json",
         "first-weekday-contradicts-date.json: /calendar/first_weekday: expected \"wed\", the "
         "weekday of start_date, or no first_weekday, got \"mon\""},
        {"holiday-without-start-date.json",
         "holiday-without-start-date.json: /calendar/holidays/0: dates need calendar.start_date, "
         "the date of day 0"},
        {"weather-multiplier-zero.json",
         "weather-multiplier-zero.json: /weather/kinds/typhoon/travel_time_x: expected a number "
         "in (0, 100], got 0"},
        {"weather-unknown-kind.json",
         "weather-unknown-kind.json: /weather/events/0/kind: expected \"typhoon\", got "
         "\"hurricane\""},
        {"weather-event-reversed.json", "weather-event-reversed.json: /weather/events/0/to: "
                                        "expected a date on or after from, got \"2025-08-01\""},
        {"weather-without-start-date.json",
         "weather-without-start-date.json: /weather/events/0/from: dates need "
         "calendar.start_date, the date of day 0"},
        {"holiday-far-off.json",
         "holiday-far-off.json: /calendar/holidays/1: expected a date \"YYYY-MM-DD\" from "
         "2024-01-01 to 2026-12-31 (the years of the run's days and drain, and one either side), "
         "got "
         "\"2027-10-08\""},
        {"sla-segment-uncovered.json",
         "sla-segment-uncovered.json: /sla: no rule covers district south, kind repair, product "
         "broadband, class public, which the orders can have; add a rule (or a catch-all last)"},
        {"when-unknown-district.json", "when-unknown-district.json: /sla/rules/0/when/district/1: "
                                       "expected \"north\" or \"south\", got \"sout\""},
        {"rule-due-and-cutoff.json",
         "rule-due-and-cutoff.json: /sla/rules/0/cutoff: not allowed together with due"},
        {"rule-within-zero.json", "rule-within-zero.json: /sla/rules/1/due/within_h: expected a "
                                  "number in (0, 8784], got 0"},
        {"within-huge.json", "within-huge.json: /sla/after_cutoff/repair/within_h: expected a "
                             "number in (0, 8784], got 1e+308"},
        {"business-hours-reversed.json", "business-hours-reversed.json: /sla/business_hours/close: "
                                         "expected a time after open (17:00), got \"09:00\""},
        {"appointment-form-without-appointments.json",
         "appointment-form-without-appointments.json: /sla: the \"appointment\" form needs "
         "appointments (slots per district and window)"},
        {"appointment-slot-25.json",
         "appointment-slot-25.json: /sla/appointments/slot_h: expected a window of hours > 0 that "
         "fits between opening and closing (8 h), got 25"},
        {"appointment-slot-past-closing.json",
         "appointment-slot-past-closing.json: /sla/appointments/slot_h: expected a window of "
         "hours > 0 that fits between opening and closing (8 h), got 9"},
        {"appointment-slots-zero.json", "appointment-slots-zero.json: /sla/appointments/slots: "
                                        "expected an integer >= 1, got 0"},
        {"appointment-early-negative.json",
         "appointment-early-negative.json: /sla/appointments/early_min: expected a number in "
         "[0, 1440], got -5"},
        {"decline-above-one.json", "decline-above-one.json: /sla/decline_same_day/install: "
                                   "expected a number in [0, 1], got 1.5"},
        {"compensation-rule-without-when.json",
         "compensation-rule-without-when.json: /compensation/rules/1/when: required key is "
         "missing"}, // Absurd sizes and bad bytes (issue 15): refused at load, naming the limit.
        {"days-huge.json",
         "days-huge.json: /horizon/days: expected an integer in [1, 3660], got 1000000000"},
        {"drain-huge.json", "drain-huge.json: /horizon/max_drain_days: expected an integer in [0, "
                            "3660], got 2147483647"},
        {"work-min-huge.json", "work-min-huge.json: /orders/0/scripted/0/work_min: expected a "
                               "number in (0, 525600], got 1e+20"},
        {"work-mean-huge.json", "work-mean-huge.json: /orders/0/work_time/mean_min: expected a "
                                "number in (0, 525600], got 1e+308"},
        {"per-day-huge.json",
         "per-day-huge.json: /orders/0/per_day: expected a number in [0, 1000000], got 1e+308"},
        {"profile-weight-huge.json", "profile-weight-huge.json: /orders/0/profile/0: expected a "
                                     "number in [0, 1000000000], got 1e+308"},
        {"technicians-huge.json", "technicians-huge.json: /technicians/count: expected an integer "
                                  "in [1, 100000], got 100000000"},
        {"orders-expected-too-many.json",
         "orders-expected-too-many.json: /orders: about 3660000000 orders expected in a "
         "replication (3660 days at the streams' mean rates); the limit is 20000000 (see "
         "scenarios/README.md \"Limits\")"},
        {"travel-huge.json", "travel-huge.json: /network/roads/0/travel_min: expected a number in "
                             "[0, 525600], got 1e+308"},
        {"day-factor-huge.json",
         "day-factor-huge.json: /demand/day_factor/mean: expected a number in (0, 10], got 1e+300"},
        {"weekday-factors-six.json",
         "weekday-factors-six.json: /demand/weekday_factors: expected 7 factors, Monday first "
         "(numbers in [0, 10]), got an array of 6 entries"},
        {"weekday-factors-negative.json",
         "weekday-factors-negative.json: /demand/weekday_factors/repair/5: expected a number in "
         "[0, 10], got -0.5"},
        {"weekday-factors-unknown-kind.json",
         "weekday-factors-unknown-kind.json: /demand/weekday_factors/move: unknown key; expected "
         "one of install, repair"},
        {"weekday-factors-number.json",
         "weekday-factors-number.json: /demand/weekday_factors: expected 7 factors, Monday first, "
         "or an object of such arrays by order kind, got 0.9"},
        {"travel-scale-zero.json",
         "travel-scale-zero.json: /network/travel_time_x: expected a number in (0, 100], got 0"},
        {"appointment-slot-tiny.json",
         "appointment-slot-tiny.json: /sla/appointments/slot_h: expected a window of hours > 0 "
         "that fits between opening and closing (8 h), got 1e-09"},
        {"number-overflow.json",
         "number-overflow.json: malformed JSON at line 1, column 51: the number 2e477 is out of "
         "range (a number's magnitude must be below 1.8e308)"},
        {"nesting-deep.json",
         "nesting-deep.json: JSON nested deeper than 64 levels at line 1, column 109"},
        {"utf8-ill-formed.json",
         "utf8-ill-formed.json: malformed JSON at line 1, column 44: syntax error while parsing "
         "value - invalid string: ill-formed UTF-8 byte; last read: '\"caf\\xE9\"'"},
        {"value-long.json",
         "value-long.json: /orders/0/kind: expected \"install\" or \"repair\", got \"" +
             std::string(79, 'x') + "... (5002 characters)"},
        {"key-twice.json", "key-twice.json: /horizon/days: the key \"days\" appears twice in one "
                           "object; give it once"},
        {"csv-utf8-ill-formed.json",
         "bad-utf8.csv:2: ill-formed UTF-8 at column 25 (save the file as UTF-8)"},
        {"payers-contractor-named-branch.json",
         "payers-contractor-named-branch.json: /payers/contractors/0/name: expected a name that "
         "is not \"branch\" and no other contractor has, got \"branch\""},
        {"payers-contractor-twice.json",
         "payers-contractor-twice.json: /payers/contractors/1/name: expected a name that is not "
         "\"branch\" and no other contractor has, got \"Tongda\""},
        {"payers-pay-within-negative.json", "payers-pay-within-negative.json: "
                                            "/payers/pay_within_days: expected an integer in [0, "
                                            "366], got -1"},
        {"payers-threshold-above-one.json", "payers-threshold-above-one.json: "
                                            "/payers/contractors/0/threshold: expected a number "
                                            "in [0, 1], got 1.5"},
        {"payers-threshold-negative.json", "payers-threshold-negative.json: "
                                           "/payers/contractors/0/threshold: expected a number in "
                                           "[0, 1], got -0.05"},
        {"payers-unknown-contractor.json",
         "payers-unknown-contractor.json: /payers/served_by/north: expected the name of a "
         "contractor in payers.contractors (\"Tongda\"), got \"Huaxin\""},
        {"payers-unknown-district.json", "payers-unknown-district.json: /payers/served_by/west: "
                                         "not a district; the districts are north, south"},
        // Found by the Python fuzzer: the parser's last token was a whole long string.
        {"string-long-nul.json",
         "string-long-nul.json: malformed JSON at line 1, column 311: syntax error while parsing "
         "value - invalid string: control character U+0000 (NUL) must be escaped to \\u0000; "
         "last read: '..." +
             std::string(52, 'a') + "<U+0000>'"},
        {"extends-name-long.json", "extends-name-long.json: /extends/1: cannot open file '" +
                                       std::string(80, 'x') + "... (305 characters)'"},
        {"csv-name-long.json", "csv-name-long.json: /orders/0/csv: cannot open file '" +
                                   std::string(80, 'x') + "... (304 characters)'"},
        // Money: at most a million yuan an amount, a multiple of pay at most 100.
        {"unit-price-huge.json", "unit-price-huge.json: /pay/unit_price_cny/0/cny: expected a "
                                 "number in [0, 1000000], got 1e+308"},
        {"compensation-huge.json", "compensation-huge.json: /compensation/install/per_order_cny: "
                                   "expected a number in [0, 1000000], got 20000000"},
        {"premium-huge.json",
         "premium-huge.json: /evening/premium_cny: expected a number in [0, 1000000], got 1e+300"},
        {"monthly-cost-huge.json", "monthly-cost-huge.json: /technicians/monthly_cost_cny: "
                                   "expected a number in [0, 1000000], got 9e+18"},
        {"overtime-multiple-huge.json", "overtime-multiple-huge.json: /pay/overtime/rest_day_x: "
                                        "expected a number in [0, 100], got 2000000000.0"},
    };
    std::set<std::string> listed;
    for (const auto& row : table) {
        // Not a structured binding: clang 14 cannot capture one in a lambda.
        const std::string& file = row.first;
        const std::string& expected = row.second;
        INFO(file);
        listed.insert(file);
        // Messages name a scenario file by its path as reached (a CSV file by its name).
        const bool scenario_file = expected.substr(0, expected.find(':')).ends_with(".json");
        const std::string given = scenario_file ? (kFixtures / "bad").generic_string() + "/" : "";
        CHECK(error_of([&] { load_scenario(kFixtures / "bad" / file); }) == given + expected);
    }
    // A new bad file without a row here would otherwise go untested.
    for (const auto& entry : fs::directory_iterator(kFixtures / "bad"))
        if (entry.path().extension() == ".json") {
            INFO(entry.path().filename().string());
            CHECK(listed.count(entry.path().filename().string()) == 1);
        }
    CHECK(table.size() >= 20);
}

TEST_CASE("the base of the bad scenarios is itself good", "[scenario_io][bad]") {
    const Scenario s = load_scenario(kFixtures / "base.json");
    CHECK(s.name == "tiny");
    CHECK(s.network.zones.size() == 6);
    CHECK(s.technicians.groups[0].home_zones == std::vector<int>{0, 2, 4, 5});
    CHECK(s.random_streams[1].work.shape == WorkTimeShape::exponential);
    CHECK(s.random_streams[1].work.mean_s == 2400.0);
}

namespace {

// The keys the loader accepts, read back from its unknown-key message.
std::set<std::string> accepted_keys(const json& doc) {
    const std::string error = error_of([&] { parse_scenario(doc, "s", kFixtures); });
    const std::string marker = "unknown key; expected one of ";
    const auto at = error.find(marker);
    if (at == std::string::npos) return {"(no unknown-key error: " + error + ")"};
    std::set<std::string> keys;
    std::istringstream list(error.substr(at + marker.size()));
    for (std::string key; std::getline(list, key, ',');)
        keys.insert(key.substr(key.find_first_not_of(' ')));
    return keys;
}

std::set<std::string> schema_keys(const json& node) {
    std::set<std::string> keys;
    for (const auto& item : node["properties"].items())
        keys.insert(item.key());
    return keys;
}

} // namespace

TEST_CASE("schema.json and the loader accept the same keys", "[scenario_io][schema]") {
    std::ifstream in(kRoot / "scenarios" / "schema.json");
    const json schema = json::parse(in);
    CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
    const json base = resolve_document(kFixtures / "base.json");

    json doc = base;
    doc["zz_typo"] = 1;
    CHECK(accepted_keys(doc) == schema_keys(schema));
    for (const char* section :
         {"horizon", "calendar", "weather", "demand", "visits", "technicians", "evening",
          "dispatch", "sla", "compensation", "pay", "payers", "outputs"}) {
        INFO(section);
        doc = base;
        doc[section]["zz_typo"] = 1;
        CHECK(accepted_keys(doc) == schema_keys(schema["properties"][section]));
    }
}

TEST_CASE("ill-formed UTF-8 is found and written as hex escapes, and long values are shortened",
          "[scenario_io][limits]") {
    CHECK_FALSE(first_invalid_utf8("plain ascii"));
    CHECK_FALSE(first_invalid_utf8("caf\xC3\xA9 \xE4\xB8\x8A\xE6\xB5\xB7 \xF0\x9F\x98\x80"));
    CHECK(first_invalid_utf8("caf\xE9") == 3u);          // Latin-1
    CHECK(first_invalid_utf8("ab\xC3") == 2u);           // cut short
    CHECK(first_invalid_utf8("\xC0\xAF") == 0u);         // overlong
    CHECK(first_invalid_utf8("x\xED\xA0\x80") == 1u);    // a surrogate
    CHECK(first_invalid_utf8("\xF4\x90\x80\x80") == 0u); // above U+10FFFF
    CHECK(first_invalid_utf8("\xE4\xB8\x41") == 0u);     // bad continuation
    CHECK(printable("caf\xE9 ok") == "caf\\xE9 ok");
    CHECK(printable("\xFF\xFE") == "\\xFF\\xFE");
    CHECK(shortened("short") == "short");
    CHECK(shortened(std::string(100, 'a'), 10) == std::string(10, 'a') + "... (100 characters)");
    // Never cut inside a character.
    CHECK(shortened("aaaaaaaaa\xC3\xA9zzz", 10) == "aaaaaaaaa... (14 characters)");
    const ScenarioError error("f\xE9.json", "/x", "got \xFF");
    CHECK(std::string(error.what()) == "f\\xE9.json: /x: got \\xFF");
}

TEST_CASE("messages escape control characters and shorten long keys", "[scenario_io][limits]") {
    // A DEL, an escape sequence and a right-to-left override quoted from a value.
    CHECK(printable("a\x7F b\x1B[2J c\xE2\x80\xAE"
                    "d\te\nf") == "a\\x7F b\\x1B[2J c\\u202Ed\te\nf");
    CHECK(printable("\xE2\x81\xA6x\xE2\x81\xA9") == "\\u2066x\\u2069");
    CHECK(printable("\xE2\x80\x94 dash") == "\xE2\x80\x94 dash"); // U+2014 is text
    json doc = resolve_document(kFixtures / "base.json");
    doc[std::string(300, 'k')] = 1;
    const std::string error = error_of([&] { parse_scenario(doc, "s", kFixtures); });
    CHECK(error.starts_with("s: /" + std::string(159, 'k') + "... (301 characters): unknown key"));
}

TEST_CASE("a scenario's name and description have a length limit", "[scenario_io][limits]") {
    json doc = resolve_document(kFixtures / "base.json");
    doc["name"] = std::string(kMaxNameLength, 'n');
    CHECK(parse_scenario(doc, "s", kFixtures).name.size() == kMaxNameLength);
    // 201 characters of two bytes each: counted as characters.
    std::string name;
    for (std::size_t i = 0; i <= kMaxNameLength; ++i)
        name += "\xC3\xA9";
    doc["name"] = name;
    CHECK(error_of([&] {
              parse_scenario(doc, "s", kFixtures);
          }).starts_with("s: /name: expected a text of at most 200 characters, not 201, got "));
    doc["name"] = "ok";
    doc["description"] = std::string(kMaxDescriptionLength + 1, 'd');
    CHECK(error_of([&] { parse_scenario(doc, "s", kFixtures); })
              .starts_with("s: /description: expected a text of at most 20000 characters, not "
                           "20001, got "));
}

TEST_CASE("numbers out of double range and deep nesting are scenario errors",
          "[scenario_io][limits]") {
    CHECK(error_of([] { parse_json_text("{\"a\": [1, -1e400]}", "s.json"); }) ==
          "s.json: malformed JSON at line 1, column 11: the number -1e400 is out of range (a "
          "number's magnitude must be below 1.8e308)");
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    CHECK(error_of([&] { parse_json_text(deep, "s.json"); }) ==
          "s.json: JSON nested deeper than 64 levels at line 1, column 65");
    // Brackets inside strings do not count; 64 levels are fine.
    CHECK_NOTHROW(parse_json_text("[\"" + std::string(200, '[') + "\"]", "s.json"));
    CHECK_NOTHROW(parse_json_text(std::string(64, '[') + std::string(64, ']'), "s.json"));
}

TEST_CASE("expected orders count the streams at their mean rates", "[scenario_io][limits]") {
    const Scenario s = load_scenario(kFixtures / "base.json");
    CHECK(expected_orders(s) == Approx((10.0 + 12.0) * 2));
}

TEST_CASE("money amounts up to a million yuan and pay multiples up to 100 are accepted",
          "[scenario_io][limits]") {
    json doc = resolve_document(kFixtures / "base.json");
    doc["pay"]["piece_rate_cny"]["install"] = kMaxAmountCny;
    doc["pay"]["coefficients"] = {{"same_day", kMaxPayMultiple}};
    doc["compensation"]["repair"]["cap_cny"] = kMaxAmountCny;
    const Scenario s = parse_scenario(doc, "s", kFixtures);
    CHECK(s.pay.piece_rate_cny[kInstall] == 1e6);
    CHECK(s.pay.same_day_x == 100.0);
    CHECK(s.compensation.by_kind[kRepair].cap_cny == std::optional<double>(1e6));
    doc["pay"]["piece_rate_cny"]["install"] = 1000000.01;
    CHECK(error_of([&] { parse_scenario(doc, "s", kFixtures); }) ==
          "s: /pay/piece_rate_cny/install: expected a number in [0, 1000000], got 1000000.01");
}
