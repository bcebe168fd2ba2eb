#include "models/scenario/load.h"

#include "models/demand/segments_reached.h"
#include "models/scenario/files.h"
#include "models/scenario/limits.h"
#include "sim/interrupt.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace fieldsim::models {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::array<std::string_view, 22> kTopKeys{
    "extends",      "name",      "description", "order_kinds", "horizon",  "calendar",
    "network",      "districts", "weather",     "demand",      "orders",   "visits",
    "technicians",  "skills",    "law",         "evening",     "dispatch", "sla",
    "compensation", "pay",       "payers",      "outputs"};
} // namespace

namespace {

// "line L, column C" of byte `offset` of `text`.
std::string position(const std::string& text, std::size_t offset) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Arrays and objects nested deeper than kMaxNesting are refused before
// parsing: nothing in a scenario nests that deep, and the parser, merging
// and the Python conversion all recurse.
void check_nesting(const std::string& text, const std::string& source) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxNesting)
                throw ScenarioError(source, "",
                                    "JSON nested deeper than " + std::to_string(kMaxNesting) +
                                        " levels at " + position(text, i));
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
}

// The parser ends a syntax error with "; last read: '<the token so far>'",
// which inside a long string is all of it: only its end, where the error is,
// is kept.
std::string with_short_token(std::string detail) {
    constexpr std::size_t kKeep = 60;
    const std::string marker = "; last read: '";
    const auto at = detail.find(marker);
    if (at == std::string::npos || detail.back() != '\'') return detail;
    const std::size_t start = at + marker.size();
    const std::size_t end = detail.size() - 1;
    if (end - start <= kKeep) return detail;
    std::size_t cut = end - kKeep;
    // Not inside a UTF-8 sequence.
    while (cut < end && (static_cast<unsigned char>(detail[cut]) & 0xC0) == 0x80)
        ++cut;
    return detail.substr(0, start) + "..." + detail.substr(cut);
}

} // namespace

json parse_json_text(const std::string& text, const std::string& source) {
    check_nesting(text, source);
    // A key given twice in one object is an error: the JSON library would keep
    // the last silently, and which of two values a planner meant is a guess.
    // The open objects and arrays are followed so that the error names where.
    struct Open {
        bool array = false;
        std::size_t index = 0;         // an array's element being read
        std::string key;               // an object's key being read
        std::vector<std::string> keys; // an object's keys so far
    };
    std::vector<Open> open;
    const auto pointer = [&open] {
        json::json_pointer at;
        for (const Open& frame : open)
            at = frame.array ? at / frame.index : at / frame.key;
        return at;
    };
    // An element of an array is read: the next has the next index.
    const auto element_read = [&open] {
        if (!open.empty() && open.back().array) ++open.back().index;
    };
    std::uint64_t events = 0;
    const json::parser_callback_t no_duplicates = [&](int, json::parse_event_t event,
                                                      json& parsed) {
        // A large document takes seconds: Ctrl-C must not wait for it.
        if (events++ % (1u << 16) == 0) sim::check_interrupt("loading");
        switch (event) {
        case json::parse_event_t::object_start:
        case json::parse_event_t::array_start:
            open.emplace_back().array = event == json::parse_event_t::array_start;
            break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            open.pop_back();
            element_read();
            break;
        case json::parse_event_t::key: {
            const auto& key = parsed.get_ref<const std::string&>();
            Open& object = open.back();
            if (std::find(object.keys.begin(), object.keys.end(), key) != object.keys.end()) {
                object.key = key;
                throw ScenarioError(source, pointer().to_string(),
                                    "the key \"" + shortened(key) +
                                        "\" appears twice in one object; give it once");
            }
            object.key = key;
            object.keys.push_back(key);
            break;
        }
        case json::parse_event_t::value:
            element_read();
            break;
        }
        return true;
    };
    try {
        return json::parse(text, no_duplicates);
    } catch (const json::parse_error& e) {
        // nlohmann says "[json.exception.parse_error.101] parse error at line
        // 3, column 5: <detail>"; keep the position and the detail.
        const std::string what = e.what();
        const std::string marker = "parse error at ";
        const auto at = what.find(marker);
        throw ScenarioError(
            source, "",
            with_short_token(at == std::string::npos
                                 ? "malformed JSON: " + what
                                 : "malformed JSON at " + what.substr(at + marker.size())));
    } catch (const json::exception& e) {
        // A number beyond a double's range: "number overflow parsing '2e477'".
        const std::string what = e.what();
        const auto open = what.find('\'');
        const auto close = what.rfind('\'');
        if (e.id == 406 && open != std::string::npos && close > open) {
            const std::string number = what.substr(open + 1, close - open - 1);
            const auto where = text.find(number);
            throw ScenarioError(
                source, "",
                "malformed JSON" +
                    (where == std::string::npos ? std::string() : " at " + position(text, where)) +
                    ": the number " + shortened(number) +
                    " is out of range (a number's magnitude must be below 1.8e308)");
        }
        throw ScenarioError(source, "", "malformed JSON: " + what);
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
    if (!text) entry.error("cannot open file '" + shortened(relative) + "'");
    // Named as the user would reach it (two files of a chain may share a name).
    const std::string source = file.lexically_normal().generic_string();
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
    // A null removes what a base file set: a misspelt section so removed
    // would vanish unseen, so its name is checked here.
    for (const auto& item : doc.items())
        if (item.value().is_null() &&
            std::find(kTopKeys.begin(), kTopKeys.end(), item.key()) == kTopKeys.end())
            top.object(kTopKeys);
    merged.merge_patch(doc);
    return merged;
}

// ---------------------------------------------------------------- sections

void parse_orders(const JsonReader& node, const ParseContext& ctx, Scenario& scenario) {
    if (node.array_size() == 0) node.fail("a non-empty array of order streams");
    for (std::size_t i = 0; i < node.array_size(); ++i) {
        const JsonReader stream = node[i];
        if (stream.has("scripted") || stream.has("csv"))
            scenario.scripted_streams.push_back(parse_scripted_stream(stream, ctx));
        else
            scenario.random_streams.push_back(parse_random_stream(stream, ctx));
    }
}

// A string of at most `most` characters (UTF-8 code points).
std::string text_of(const JsonReader& node, std::size_t most) {
    std::string text = node.as<std::string>();
    const auto characters =
        static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    if (characters > most)
        node.fail("a text of at most " + std::to_string(most) + " characters, not " +
                  std::to_string(characters));
    return text;
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
    const std::string source = file.generic_string();
    const auto text = read_text(file);
    if (!text)
        throw ScenarioError(source, "", "cannot open file '" + shortened(file.string()) + "'");
    Chain chain{identity(file)};
    return resolve(parse_json_text(*text, source), file.parent_path(), source, chain);
}

Scenario parse_scenario(const json& doc, const std::string& source, const fs::path& base_dir) {
    const json resolved = resolve_extends(doc, base_dir, source);
    const JsonReader root(resolved, source);
    root.object(kTopKeys);
    Scenario scenario;
    scenario.name = text_of(root["name"], kMaxNameLength);
    if (const auto description = root.find("description"))
        text_of(*description, kMaxDescriptionLength);
    scenario.horizon = parse_horizon(root["horizon"]);
    if (const auto calendar = root.find("calendar"))
        scenario.calendar = parse_calendar(*calendar, scenario.horizon);
    if (const auto kinds = root.find("order_kinds")) scenario.kinds = parse_order_kinds(*kinds);
    scenario.network = parse_network(root["network"]);
    scenario.districts = root.has("districts")
                             ? parse_districts(root["districts"], scenario.network, root["network"])
                             : default_districts(scenario.network);
    if (const auto weather = root.find("weather"))
        scenario.weather = parse_weather(*weather, scenario.calendar, scenario.horizon);
    if (const auto demand = root.find("demand"))
        scenario.day_factor = parse_demand(*demand, scenario.kinds);
    const ParseContext ctx{&scenario.kinds, static_cast<int>(scenario.network.zones.size()),
                           scenario.horizon.days, base_dir};
    parse_orders(root["orders"], ctx, scenario);
    scenario.visits.no_show.assign(scenario.kinds.size(), 0.0);
    scenario.visits.technician_fault.assign(scenario.kinds.size(), 0.0);
    if (const auto visits = root.find("visits"))
        scenario.visits = parse_visits(*visits, scenario.kinds);
    scenario.technicians = parse_technicians(root["technicians"], ctx.zones);
    scenario.night_safety = parse_night_safety(root["technicians"], scenario.technicians);
    if (const auto calendar = root.find("calendar"))
        check_continuous_duty(scenario.technicians, scenario.calendar, *calendar);
    if (const auto law = root.find("law")) scenario.law = parse_hours_law(*law);
    if (const auto evening = root.find("evening"))
        scenario.evening = parse_evening(*evening, earliest_shift_end(scenario.technicians));
    if (const auto dispatch = root.find("dispatch")) scenario.dispatch = parse_dispatch(*dispatch);
    const SegmentNames names = scenario.segment_names();
    const auto skills = root.find("skills");
    if (skills) scenario.skills = parse_skills(*skills, names);
    const std::vector<Segment> reached = segments_reached(scenario);
    check_skills(scenario.skills, scenario.technicians, reached, names, skills ? &*skills : nullptr,
                 root["technicians"]);
    if (scenario.visits.any_technician_fault())
        check_senior_held(scenario.technicians, root["visits"]["technician_fault"],
                          scenario.visits.faults_for_senior);
    const JsonReader sla = root["sla"];
    scenario.sla = parse_sla(sla, names);
    check_windows_before_night(scenario.night_safety, scenario.sla, root["technicians"]);
    if (const auto uncovered = first_uncovered(scenario.sla, reached))
        sla.error("no rule covers " + names.describe(*uncovered) +
                  ", which the orders can have; add a rule (or a catch-all last)");
    scenario.compensation.by_kind.assign(scenario.kinds.size(), CompensationSpec{});
    scenario.pay.piece_rate_cny.assign(scenario.kinds.size(), 0.0);
    if (const auto compensation = root.find("compensation"))
        scenario.compensation = parse_compensation(*compensation, names);
    if (const auto pay = root.find("pay")) scenario.pay = parse_pay(*pay, names);
    const auto payers = root.find("payers");
    scenario.payers = payers ? parse_payers(*payers, scenario.districts)
                             : default_payers(scenario.districts.size());
    if (const auto outputs = root.find("outputs")) scenario.order_log = parse_order_log(*outputs);
    if (const double orders = expected_orders(scenario); orders > kMaxExpectedOrders)
        root["orders"].error(
            "about " + format_number(std::round(orders)) + " orders expected in a replication (" +
            std::to_string(scenario.horizon.days) +
            " days at the streams' mean rates); the limit is " + format_number(kMaxExpectedOrders) +
            " (see scenarios/README.md \"Limits\")");
    return scenario;
}

double daily_orders(const Scenario& scenario, const RandomOrderStream& stream) {
    double repair_x = 1.0;
    for (const auto& kind : scenario.weather.kinds)
        repair_x = std::max(repair_x, kind.repair_rate_x);
    double day = 0.0;
    for (std::size_t i = 0; i < stream.rates.size(); ++i)
        day += stream.rates[i] * (stream.bounds[i + 1] - stream.bounds[i]);
    return day * (stream.kind == kRepair ? repair_x : 1.0) *
           weekday_mean(scenario.day_factor, stream.kind);
}

double expected_orders(const Scenario& scenario) {
    double per_day = 0.0;
    for (const auto& stream : scenario.random_streams)
        per_day += daily_orders(scenario, stream);
    double scripted = 0.0;
    for (const auto& stream : scenario.scripted_streams)
        scripted += static_cast<double>(stream.orders.size());
    return per_day * scenario.day_factor.mean * scenario.horizon.days + scripted;
}

Scenario load_scenario(const fs::path& file) {
    return parse_scenario(resolve_document(file), file.generic_string(), file.parent_path());
}

} // namespace fieldsim::models
