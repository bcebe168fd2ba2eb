#include "models/scenario_io.h"

#include "models/dispatch.h"

#include "models/road_network.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <numeric>
#include <optional>
#include <sstream>
#include <vector>

namespace fieldsim::models {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::array<std::string_view, 15> kTopKeys{
    "extends",  "name",   "description",  "horizon",     "calendar",
    "network",  "demand", "orders",       "technicians", "evening",
    "dispatch", "sla",    "compensation", "pay",         "outputs"};
constexpr std::array<std::string_view, 7> kWeekdays{"mon", "tue", "wed", "thu",
                                                    "fri", "sat", "sun"};
// In the order of WorkTimeShape, so that the index is the enum value.
constexpr std::array<std::string_view, 4> kWorkShapes{"lognormal", "exponential", "deterministic",
                                                      "uniform"};
constexpr std::array<std::string_view, 5> kCsvColumns{"day", "at", "zone", "kind", "work_min"};

// ---------------------------------------------------------------- files

std::optional<std::string> read_text(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

json parse_json_text(const std::string& text, const std::string& source) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        // nlohmann says "[json.exception.parse_error.101] parse error at line
        // 3, column 5: <detail>"; keep the position and the detail.
        const std::string what = e.what();
        const std::string marker = "parse error at ";
        const auto at = what.find(marker);
        throw ScenarioError(source, "",
                            at == std::string::npos
                                ? "malformed JSON: " + what
                                : "malformed JSON at " + what.substr(at + marker.size()));
    }
}

namespace {

// ---------------------------------------------------------------- extends

// Canonical paths of the files being resolved, outermost first.
using Chain = std::vector<fs::path>;

json resolve(json doc, const fs::path& base_dir, const std::string& source, Chain& chain);

// The same file reached by different relative paths must compare equal for
// cycle detection.
fs::path identity(const fs::path& file) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(file, ec);
    return ec ? fs::absolute(file, ec).lexically_normal() : canonical;
}

std::string cycle_text(Chain::const_iterator first, Chain::const_iterator last,
                       const fs::path& again) {
    std::string text;
    for (auto it = first; it != last; ++it)
        text += it->filename().string() + " -> ";
    return text + again.filename().string();
}

// A CSV path is relative to the file that names it; merged into a document
// in another folder it is rewritten so that it still points at the same file.
void rebase_csv_paths(json& doc, const fs::path& dir) {
    if (dir.empty() || !doc.contains("orders") || !doc["orders"].is_array()) return;
    for (json& stream : doc["orders"]) {
        if (!stream.is_object() || !stream.contains("csv") || !stream["csv"].is_string()) continue;
        const fs::path csv = stream["csv"].get<std::string>();
        if (csv.is_relative()) stream["csv"] = (dir / csv).lexically_normal().generic_string();
    }
}

json load_extended(const JsonReader& entry, const fs::path& base_dir, Chain& chain) {
    const auto relative = entry.as<std::string>({}, "a file name relative to this file");
    const fs::path file = base_dir / relative;
    const fs::path canonical = identity(file);
    if (const auto seen = std::find(chain.begin(), chain.end(), canonical); seen != chain.end())
        entry.error("extends cycle: " + cycle_text(seen, chain.end(), canonical));
    const auto text = read_text(file);
    if (!text) entry.error("cannot open file '" + relative + "'");
    const std::string source = file.filename().string();
    chain.push_back(canonical);
    json parent = resolve(parse_json_text(*text, source), file.parent_path(), source, chain);
    chain.pop_back();
    rebase_csv_paths(parent, fs::path(relative).parent_path());
    return parent;
}

json resolve(json doc, const fs::path& base_dir, const std::string& source, Chain& chain) {
    const JsonReader top(doc, source);
    if (!doc.is_object()) top.fail("a JSON object at the top level");
    // Merging into an empty object also drops the nulls of a document that
    // extends nothing, so null means "absent" everywhere.
    json merged = json::object();
    if (const auto extends = top.find("extends")) {
        if (!extends->json().is_array())
            extends->fail("an array of file names relative to this file");
        for (std::size_t i = 0; i < extends->array_size(); ++i)
            merged.merge_patch(load_extended((*extends)[i], base_dir, chain));
    }
    doc.erase("extends");
    merged.merge_patch(doc);
    return merged;
}

// ---------------------------------------------------------------- small values

struct Context {
    int zones = 0;     // zone count of the network
    int days = 0;      // horizon.days: scripted orders arrive before it
    fs::path base_dir; // CSV files are relative to it
};

Time to_seconds(double amount, Time unit) {
    return static_cast<Time>(std::llround(amount * static_cast<double>(unit)));
}

int zone_id(const JsonReader& node, int zones) {
    return node.as<int>(between(0, zones - 1), "a zone id");
}

OrderKind order_kind(const JsonReader& node) {
    return static_cast<OrderKind>(node.choice(kKindNames));
}

// {"install": x, "repair": y}; a missing kind keeps its default unless required.
template <class T, class Read>
void read_per_kind(const JsonReader& node, PerKind<T>& out, Read read, bool required) {
    node.object(kKindNames);
    for (std::size_t k = 0; k < kKindCount; ++k)
        if (required || node.has(kKindNames[k])) out[k] = read(node[kKindNames[k]]);
}

// Exactly `count` weights >= 0 with a positive, finite sum.
std::vector<double> parse_weights(const JsonReader& node, std::size_t count,
                                  const std::string& expected) {
    if (!node.json().is_array() || node.array_size() != count) node.fail(expected);
    std::vector<double> weights;
    for (std::size_t i = 0; i < count; ++i)
        weights.push_back(node[i].as<double>(at_least(0)));
    const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
    if (!(sum > 0) || !std::isfinite(sum)) node.fail(expected);
    return weights;
}

// ---------------------------------------------------------------- sections

Horizon parse_horizon(const JsonReader& node) {
    node.object({"days", "max_drain_days"});
    Horizon horizon;
    horizon.days = node.get<int>("days", at_least(1));
    horizon.max_drain_days = node.get_or("max_drain_days", horizon.max_drain_days, at_least(0));
    return horizon;
}

CalendarSpec parse_calendar(const JsonReader& node) {
    node.object({"first_weekday", "workdays"});
    CalendarSpec calendar;
    if (const auto first = node.find("first_weekday"))
        calendar.first_weekday = static_cast<int>(first->choice(kWeekdays));
    const auto workdays = node.find("workdays");
    if (!workdays) return calendar;
    const std::size_t n = workdays->array_size();
    if (n == 0) workdays->fail("a non-empty array of weekdays (\"mon\" .. \"sun\")");
    calendar.workdays.fill(false);
    for (std::size_t i = 0; i < n; ++i) {
        const JsonReader day = (*workdays)[i];
        const std::size_t weekday = day.choice(kWeekdays);
        if (calendar.workdays[weekday]) day.fail("a weekday not listed before");
        calendar.workdays[weekday] = true;
    }
    return calendar;
}

// A 24-hour shift is continuous duty: it has no rest day to skip.
void check_continuous_duty(const Scenario& scenario, const JsonReader& root) {
    const auto& shift = scenario.technicians;
    const auto& days = scenario.calendar.workdays;
    if (shift.shift_end - shift.shift_start < sim::kDay ||
        std::all_of(days.begin(), days.end(), [](bool works) { return works; }))
        return;
    root["calendar"]["workdays"].fail("every day of the week with a 24-hour shift");
}

RoadNetworkSpec parse_grid(const JsonReader& node) {
    node.object({"rows", "cols", "road_min"});
    const int rows = node.get<int>("rows", at_least(1));
    const int cols = node.get<int>("cols", at_least(1));
    if (static_cast<long long>(rows) * cols > kMaxZones)
        node.fail("a grid of at most " + std::to_string(kMaxZones) + " zones");
    return grid_network(rows, cols,
                        to_seconds(node.get<double>("road_min", above(0)), sim::kMinute));
}

std::vector<Zone> parse_zones(const JsonReader& node) {
    std::vector<Zone> zones;
    if (!node.json().is_array()) {
        const int count = node.as<int>(between(1, kMaxZones), "a zone count");
        for (int i = 0; i < count; ++i)
            zones.push_back({std::to_string(i), false});
        return zones;
    }
    const std::size_t count = node.array_size();
    if (count == 0 || count > static_cast<std::size_t>(kMaxZones))
        node.fail("an array of 1 to " + std::to_string(kMaxZones) + " zones");
    for (std::size_t i = 0; i < count; ++i) {
        const JsonReader zone = node[i];
        zone.object({"name", "rural"});
        zones.push_back({zone.get<std::string>("name"), zone.get_or("rural", false)});
    }
    return zones;
}

std::vector<Road> parse_roads(const JsonReader& node, int zones) {
    std::vector<Road> roads;
    for (std::size_t i = 0; i < node.array_size(); ++i) {
        const JsonReader road = node[i];
        road.object({"from", "to", "travel_min"});
        // Braced initialisation runs left to right: errors come in field order.
        roads.push_back({zone_id(road["from"], zones), zone_id(road["to"], zones),
                         to_seconds(road.get<double>("travel_min", at_least(0)), sim::kMinute)});
    }
    return roads;
}

RoadNetworkSpec parse_network(const JsonReader& node) {
    node.object({"grid", "zones", "roads", "rural_zones"});
    RoadNetworkSpec spec;
    if (const auto grid = node.find("grid")) {
        for (const auto key : {"zones", "roads"})
            if (const auto other = node.find(key))
                other->error("not allowed together with grid; give either grid or zones and roads");
        spec = parse_grid(*grid);
    } else if (const auto zones = node.find("zones")) {
        spec.zones = parse_zones(*zones);
        if (const auto roads = node.find("roads"))
            spec.roads = parse_roads(*roads, static_cast<int>(spec.zones.size()));
    } else {
        node.error("needs either grid or zones (and roads)");
    }
    if (const auto rural = node.find("rural_zones"))
        for (std::size_t i = 0; i < rural->array_size(); ++i)
            spec.zones[static_cast<std::size_t>(
                           zone_id((*rural)[i], static_cast<int>(spec.zones.size())))]
                .rural = true;
    if (const auto zone = RoadNetwork::first_unreachable(spec))
        node.error("zone " + std::to_string(*zone) +
                   " cannot be reached from zone 0; the road network must be connected");
    return spec;
}

DayFactorSpec parse_demand(const JsonReader& node) {
    node.object({"day_factor"});
    DayFactorSpec factor;
    if (const auto day_factor = node.find("day_factor")) {
        day_factor->object({"mean", "sd"});
        factor.mean = day_factor->get_or("mean", factor.mean, above(0));
        factor.sd = day_factor->get_or("sd", factor.sd, at_least(0));
    }
    return factor;
}

// Orders per second on segments of the day: per_day spread evenly over the
// whole day, over the "hours" window, or over the hours by "profile".
void set_daily_rates(const JsonReader& node, double per_day, RandomOrderStream& stream) {
    const auto hours = node.find("hours");
    const auto profile = node.find("profile");
    if (hours && profile) profile->error("give either hours or profile, not both");
    auto& bounds = stream.bounds;
    auto& rates = stream.rates;
    if (profile) {
        const auto weights =
            parse_weights(*profile, 24, "an array of 24 hourly weights >= 0 with a positive sum");
        const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
        for (std::size_t h = 0; h < weights.size(); ++h) {
            bounds.push_back(static_cast<double>(static_cast<Time>(h) * sim::kHour));
            rates.push_back(per_day * weights[h] / sum / static_cast<double>(sim::kHour));
        }
    } else if (hours) {
        hours->object({"from", "to"});
        const Time from = (*hours)["from"].clock();
        const JsonReader to_node = (*hours)["to"];
        const Time to = to_node.clock();
        if (to <= from) to_node.fail("a time after from (" + sim::format_hhmm(from) + ")");
        if (from > 0) { // no orders before the window
            bounds.push_back(0);
            rates.push_back(0.0);
        }
        bounds.push_back(static_cast<double>(from));
        rates.push_back(per_day / static_cast<double>(to - from));
        if (to < sim::kDay) { // nor after it
            bounds.push_back(static_cast<double>(to));
            rates.push_back(0.0);
        }
    } else {
        bounds.push_back(0);
        rates.push_back(per_day / static_cast<double>(sim::kDay));
    }
    bounds.push_back(static_cast<double>(sim::kDay));
}

std::vector<double> parse_zone_weights(const JsonReader& node, int zones) {
    if (node.json() == "uniform") return {};
    return parse_weights(node, static_cast<std::size_t>(zones),
                         "\"uniform\" or an array of " + std::to_string(zones) +
                             " zone weights >= 0 with a positive sum");
}

WorkTimeSpec parse_work_time(const JsonReader& node) {
    WorkTimeSpec work;
    work.shape = static_cast<WorkTimeShape>(node["dist"].choice(kWorkShapes));
    const auto seconds = [&](std::string_view key, Range range) {
        return node.get<double>(key, range) * static_cast<double>(sim::kMinute);
    };
    switch (work.shape) {
    case WorkTimeShape::lognormal:
        node.object({"dist", "mean_min", "sd_min"});
        work.mean_s = seconds("mean_min", above(0));
        work.sd_s = seconds("sd_min", at_least(0));
        break;
    case WorkTimeShape::exponential:
    case WorkTimeShape::deterministic:
        node.object({"dist", "mean_min"});
        work.mean_s = seconds("mean_min", above(0));
        break;
    case WorkTimeShape::uniform:
        node.object({"dist", "lo_min", "hi_min"});
        work.lo_s = seconds("lo_min", at_least(0));
        work.hi_s = seconds("hi_min", above(node.get<double>("lo_min")));
        break;
    }
    return work;
}

RandomOrderStream parse_random_stream(const JsonReader& node, const Context& ctx) {
    node.object({"kind", "per_day", "hours", "profile", "zones", "work_time"});
    RandomOrderStream stream;
    stream.kind = order_kind(node["kind"]);
    set_daily_rates(node, node.get<double>("per_day", at_least(0)), stream);
    if (const auto zones = node.find("zones"))
        stream.zone_weights = parse_zone_weights(*zones, ctx.zones);
    stream.work = parse_work_time(node["work_time"]);
    return stream;
}

ScriptedOrder parse_scripted_order(const JsonReader& row, const Context& ctx) {
    row.object(kCsvColumns);
    const JsonReader day_node = row["day"];
    const int day = day_node.as<int>(at_least(0));
    if (day >= ctx.days) day_node.fail("a day < " + std::to_string(ctx.days) + " (horizon.days)");
    const JsonReader at_node = row["at"];
    const Time at = at_node.clock(true);
    if (at >= sim::kDay) at_node.fail("a time of day before 24:00");
    ScriptedOrder order;
    order.entry = sim::start_of_day(day) + at;
    order.zone = zone_id(row["zone"], ctx.zones);
    order.kind = order_kind(row["kind"]);
    order.work = to_seconds(row.get<double>("work_min", above(0)), sim::kMinute);
    return order;
}

// Plain comma-separated fields, trimmed: the five columns never hold commas
// or quotes, so no quoting rules are needed.
std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> cells;
    std::istringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, ',')) {
        const auto first = cell.find_first_not_of(" \t\r");
        const auto last = cell.find_last_not_of(" \t\r");
        cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    }
    return cells;
}

// CSV cells are text; numbers become JSON numbers so that a row reads like a
// "scripted" entry and goes through the same checks.
json csv_cell(const std::string& cell) {
    json number = json::parse(cell, nullptr, false);
    return number.is_number() ? number : json(cell);
}

std::vector<ScriptedOrder> read_csv_orders(const JsonReader& node, const Context& ctx) {
    const auto name = node.as<std::string>({}, "a CSV file name relative to this file");
    auto text = read_text(ctx.base_dir / name);
    if (!text) node.error("cannot open file '" + name + "'");
    if (text->rfind("\xEF\xBB\xBF", 0) == 0) text->erase(0, 3); // spreadsheets write a BOM
    const std::string file = fs::path(name).filename().string();
    std::istringstream lines(*text);
    std::string line;
    std::vector<ScriptedOrder> orders;
    for (int number = 1; std::getline(lines, line); ++number) {
        const auto cells = split_csv_line(line);
        const std::string where = file + ":" + std::to_string(number);
        if (number == 1) {
            if (!std::equal(cells.begin(), cells.end(), kCsvColumns.begin(), kCsvColumns.end()))
                throw ScenarioError(where, "",
                                    "expected the header day,at,zone,kind,work_min, got '" +
                                        line.substr(0, line.find_last_not_of("\r") + 1) + "'");
            continue;
        }
        if (cells.empty() || (cells.size() == 1 && cells[0].empty())) continue;
        if (cells.size() != kCsvColumns.size())
            throw ScenarioError(where, "",
                                "expected 5 comma-separated fields, got " +
                                    std::to_string(cells.size()));
        json row = json::object();
        for (std::size_t c = 0; c < cells.size(); ++c)
            row[std::string(kCsvColumns[c])] = csv_cell(cells[c]);
        orders.push_back(parse_scripted_order(JsonReader(row, where), ctx));
    }
    if (text->empty())
        throw ScenarioError(file + ":1", "",
                            "expected the header day,at,zone,kind,work_min, got ''");
    return orders;
}

ScriptedOrderStream parse_scripted_stream(const JsonReader& node, const Context& ctx) {
    node.object({"scripted", "csv", "expected_work_min"});
    const auto scripted = node.find("scripted");
    const auto csv = node.find("csv");
    if (scripted && csv) csv->error("give either scripted or csv, not both");
    ScriptedOrderStream stream;
    if (scripted)
        for (std::size_t i = 0; i < scripted->array_size(); ++i)
            stream.orders.push_back(parse_scripted_order((*scripted)[i], ctx));
    else
        stream.orders = read_csv_orders(*csv, ctx);
    std::stable_sort(
        stream.orders.begin(), stream.orders.end(),
        [](const ScriptedOrder& a, const ScriptedOrder& b) { return a.entry < b.entry; });
    read_per_kind(
        node["expected_work_min"], stream.expected_work,
        [](const JsonReader& n) { return to_seconds(n.as<double>(above(0)), sim::kMinute); }, true);
    return stream;
}

void parse_orders(const JsonReader& node, const Context& ctx, Scenario& scenario) {
    if (node.array_size() == 0) node.fail("a non-empty array of order streams");
    for (std::size_t i = 0; i < node.array_size(); ++i) {
        const JsonReader stream = node[i];
        if (stream.has("scripted") || stream.has("csv"))
            scenario.scripted_streams.push_back(parse_scripted_stream(stream, ctx));
        else
            scenario.random_streams.push_back(parse_random_stream(stream, ctx));
    }
}

TechnicianSpec parse_technicians(const JsonReader& node, int zones) {
    node.object({"count", "home", "shift"});
    TechnicianSpec technicians;
    technicians.count = node.get<int>("count", at_least(1));
    if (const auto home = node.find("home"); home && home->json() != "round_robin") {
        const std::size_t n = home->json().is_array() ? home->array_size() : 0;
        if (n == 0) home->fail("\"round_robin\" or a non-empty array of zone ids");
        for (std::size_t i = 0; i < n; ++i)
            technicians.home_zones.push_back(zone_id((*home)[i], zones));
    }
    const JsonReader shift = node["shift"];
    shift.object({"start", "end"});
    technicians.shift_start = shift["start"].clock();
    const JsonReader end = shift["end"];
    technicians.shift_end = end.clock();
    if (technicians.shift_end <= technicians.shift_start)
        end.fail("a time after the shift start " + sim::format_hhmm(technicians.shift_start));
    return technicians;
}

EveningSpec parse_evening(const JsonReader& node, Time shift_end) {
    node.object({"start", "end", "p0", "p1", "premium_cny", "premium_full_cny"});
    EveningSpec evening;
    evening.enabled = true;
    const JsonReader start = node["start"];
    evening.start = start.clock();
    if (evening.start < shift_end)
        start.fail("a time at or after the shift end " + sim::format_hhmm(shift_end));
    const JsonReader end = node["end"];
    evening.end = end.clock();
    if (evening.end <= evening.start)
        end.fail("a time after the evening start " + sim::format_hhmm(evening.start));
    evening.p0 = node.get<double>("p0", between(0, 1));
    const JsonReader p1 = node["p1"];
    evening.p1 = p1.as<double>(between(0, 1));
    // The tolerance lets 0.3 + 0.7 through despite rounding.
    if (evening.p0 + evening.p1 > 1 + 1e-12)
        p1.fail("a number in [0, 1] with p0 + p1 <= 1 (p0 = " + format_number(evening.p0) + ")");
    evening.premium_cny = node.get<double>("premium_cny", at_least(0));
    evening.premium_full_cny = node.get<double>("premium_full_cny", above(0));
    return evening;
}

DispatchSpec parse_dispatch(const JsonReader& node) {
    node.object({"policy"});
    DispatchSpec dispatch;
    const auto policy = node.find("policy");
    if (!policy) return dispatch;
    // Exactly the names the simulation implements (dispatch.h).
    const auto& known = dispatch_policy_names();
    const std::vector<std::string_view> names(known.begin(), known.end());
    dispatch.policy = known[policy->choice(names)];
    return dispatch;
}

DueRule parse_due_rule(const JsonReader& node) {
    if (node.json() == "same_day" || node.json() == "next_day")
        return {DueRule::Type::end_of_day, node.json() == "same_day" ? 0 : 1, 0};
    if (!node.json().is_object()) node.fail("\"same_day\", \"next_day\" or {\"within_h\": hours}");
    node.object({"within_h"});
    return {DueRule::Type::within, 0,
            to_seconds(node.get<double>("within_h", above(0)), sim::kHour)};
}

SlaSpec parse_sla(const JsonReader& node) {
    node.object({"cutoff", "before_cutoff", "after_cutoff"});
    SlaSpec sla;
    sla.cutoff = node["cutoff"].clock();
    read_per_kind(node["before_cutoff"], sla.before_cutoff, parse_due_rule, true);
    read_per_kind(node["after_cutoff"], sla.after_cutoff, parse_due_rule, true);
    return sla;
}

CompensationSpec parse_compensation_rule(const JsonReader& node) {
    node.object({"per_order_cny", "per_started_day_cny", "cap_cny"});
    CompensationSpec rule;
    rule.per_order_cny = node.get_or("per_order_cny", 0.0, at_least(0));
    rule.per_started_day_cny = node.get_or("per_started_day_cny", 0.0, at_least(0));
    if (const auto cap = node.find("cap_cny")) {
        rule.cap_cny = cap->as<double>(at_least(0));
        // A cap below one day's amount overrides the rule itself: surely a slip.
        const double one_day = rule.per_order_cny + rule.per_started_day_cny;
        if (*rule.cap_cny < one_day)
            cap->fail("a number >= " + format_number(one_day) +
                      " (per_order_cny + per_started_day_cny, the amount for one day late)");
    }
    return rule;
}

void parse_compensation(const JsonReader& node, Scenario& scenario) {
    node.object({"install", "repair", "exempt_rural_zones"});
    for (std::size_t k = 0; k < kKindCount; ++k)
        if (const auto rule = node.find(kKindNames[k]))
            scenario.compensation[k] = parse_compensation_rule(*rule);
    scenario.exempt_rural_zones = node.get_or("exempt_rural_zones", scenario.exempt_rural_zones);
}

PaySpec parse_pay(const JsonReader& node) {
    node.object({"piece_rate_cny"});
    PaySpec pay;
    if (const auto rates = node.find("piece_rate_cny"))
        read_per_kind(
            *rates, pay.piece_rate_cny,
            [](const JsonReader& n) { return n.as<double>(at_least(0)); }, false);
    return pay;
}

bool parse_order_log(const JsonReader& node) {
    node.object({"order_log"});
    return node.get_or("order_log", false);
}

} // namespace

json resolve_extends(json doc, const fs::path& base_dir, const std::string& source) {
    Chain chain;
    return resolve(std::move(doc), base_dir, source, chain);
}

json resolve_document(const fs::path& file) {
    const std::string source = file.filename().string();
    const auto text = read_text(file);
    if (!text) throw ScenarioError(source, "", "cannot open file '" + file.string() + "'");
    Chain chain{identity(file)};
    return resolve(parse_json_text(*text, source), file.parent_path(), source, chain);
}

Scenario parse_scenario(const json& doc, const std::string& source, const fs::path& base_dir) {
    const json resolved = resolve_extends(doc, base_dir, source);
    const JsonReader root(resolved, source);
    root.object(kTopKeys);
    Scenario scenario;
    scenario.name = root.get<std::string>("name");
    if (const auto description = root.find("description")) description->as<std::string>();
    scenario.horizon = parse_horizon(root["horizon"]);
    if (const auto calendar = root.find("calendar")) scenario.calendar = parse_calendar(*calendar);
    scenario.network = parse_network(root["network"]);
    if (const auto demand = root.find("demand")) scenario.day_factor = parse_demand(*demand);
    const Context ctx{static_cast<int>(scenario.network.zones.size()), scenario.horizon.days,
                      base_dir};
    parse_orders(root["orders"], ctx, scenario);
    scenario.technicians = parse_technicians(root["technicians"], ctx.zones);
    check_continuous_duty(scenario, root);
    if (const auto evening = root.find("evening"))
        scenario.evening = parse_evening(*evening, scenario.technicians.shift_end);
    if (const auto dispatch = root.find("dispatch")) scenario.dispatch = parse_dispatch(*dispatch);
    scenario.sla = parse_sla(root["sla"]);
    if (const auto compensation = root.find("compensation"))
        parse_compensation(*compensation, scenario);
    if (const auto pay = root.find("pay")) scenario.pay = parse_pay(*pay);
    if (const auto outputs = root.find("outputs")) scenario.order_log = parse_order_log(*outputs);
    return scenario;
}

Scenario load_scenario(const fs::path& file) {
    return parse_scenario(resolve_document(file), file.filename().string(), file.parent_path());
}

} // namespace fieldsim::models
