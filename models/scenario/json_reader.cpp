#include "models/scenario/json_reader.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

namespace fieldsim::models {

namespace {

std::string compose(const std::string& source, const std::string& path,
                    const std::string& message) {
    // Messages quote what the user wrote, which need not be UTF-8; Python
    // could not decode such a message.
    // A path names keys the user wrote, which may be long too.
    return printable(path.empty() ? source + ": " + message
                                  : source + ": " + shortened(path, 160) + ": " + message);
}

// RFC 6901: "~" and "/" inside a key are written "~0" and "~1".
std::string escape_pointer_token(std::string_view key) {
    std::string out;
    for (const char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

// What the user wrote, short: scalars as JSON text, containers by their size
// (dumping a whole array into a one-line message helps nobody).
std::string describe_value(const nlohmann::json& value) {
    if (value.is_array()) {
        const std::size_t n = value.size();
        return "an array of " + std::to_string(n) + (n == 1 ? " entry" : " entries");
    }
    if (value.is_object()) return "an object";
    if (value.is_string())
        return shortened(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    // dump() would print a non-finite number (from a document built in code) as null.
    if (value.is_number_float() && !std::isfinite(value.get<double>()))
        return std::isnan(value.get<double>()) ? "NaN" : (value.get<double>() > 0 ? "inf" : "-inf");
    return shortened(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string quoted_list(std::span<const std::string_view> names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += (names.size() == 2) ? " or " : ", ";
        out += '"' + std::string(names[i]) + '"';
    }
    return names.size() > 2 ? "one of " + out : out;
}

std::string with_range(std::string_view noun, const Range& range) {
    const std::string bounds = range.describe();
    return bounds.empty() ? std::string(noun) : std::string(noun) + " " + bounds;
}

bool two_digits(std::string_view text, int& out) {
    if (text.size() != 2 || text[0] < '0' || text[0] > '9' || text[1] < '0' || text[1] > '9')
        return false;
    out = (text[0] - '0') * 10 + (text[1] - '0');
    return true;
}

// "HH:MM" through the kernel's parser, plus an optional ":SS" for order
// entry times replayed from history.
sim::Time parse_clock(std::string_view text, bool with_seconds) {
    if (text.size() == 5) return sim::parse_hhmm(text);
    int seconds = 0;
    if (!with_seconds || text.size() != 8 || text[5] != ':' ||
        !two_digits(text.substr(6), seconds) || seconds > 59)
        return sim::kBadClock;
    const sim::Time base = sim::parse_hhmm(text.substr(0, 5));
    if (base == sim::kBadClock || (base == sim::kDay && seconds > 0)) return sim::kBadClock;
    return base + seconds;
}

} // namespace

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char c = byte(i);
        std::size_t n = 0;
        unsigned lo = 0x80, hi = 0xBF; // the range of the second byte
        if (c < 0x80) {
            ++i;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0)
                lo = 0xA0; // no overlong forms
            else if (c == 0xED)
                hi = 0x9F; // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F; // nothing above U+10FFFF
        } else {
            return i;
        }
        if (i + n >= text.size()) return i; // cut short
        if (byte(i + 1) < lo || byte(i + 1) > hi) return i;
        for (std::size_t k = 2; k <= n; ++k)
            if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return i;
        i += n + 1;
    }
    return std::nullopt;
}

namespace {

void append_hex_escape(std::string& out, unsigned char c) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
}

// Bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) would
// reorder the rest of a terminal line: their 3-byte UTF-8 forms.
bool is_bidi_control(std::string_view text, std::size_t i) {
    if (i + 2 >= text.size() || static_cast<unsigned char>(text[i]) != 0xE2) return false;
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    const auto b2 = static_cast<unsigned char>(text[i + 2]);
    return (b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9);
}

// Control characters of valid UTF-8 `text` written as escapes, so that a
// message quoting them cannot move the cursor or turn the line around.
std::string without_controls(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
            append_hex_escape(out, c);
        } else if (is_bidi_control(text, i)) {
            static constexpr char kHex[] = "0123456789ABCDEF";
            const unsigned code = 0x2000u |
                                  ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                                  (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4)
                out += kHex[(code >> shift) & 15];
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

} // namespace

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        const auto bad = first_invalid_utf8(text);
        if (!bad) {
            out.append(text);
            break;
        }
        out.append(text.substr(0, *bad));
        append_hex_escape(out, static_cast<unsigned char>(text[*bad]));
        text.remove_prefix(*bad + 1);
    }
    return without_controls(out);
}

std::string shortened(std::string text, std::size_t limit) {
    if (text.size() <= limit) return text;
    std::size_t cut = limit;
    // Do not cut a UTF-8 sequence in two.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    const std::size_t total = text.size();
    text.resize(cut);
    return text + "... (" + std::to_string(total) + " characters)";
}

ScenarioError::ScenarioError(std::string source, std::string json_path, std::string message)
    : std::runtime_error(compose(source, json_path, message)), source_(std::move(source)),
      json_path_(std::move(json_path)) {}

bool Range::contains(double v) const {
    return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
}

std::string Range::describe() const {
    const bool has_lo = std::isfinite(lo);
    const bool has_hi = std::isfinite(hi);
    if (has_lo && has_hi)
        return std::string("in ") + (lo_open ? "(" : "[") + format_number(lo) + ", " +
               format_number(hi) + (hi_open ? ")" : "]");
    if (has_lo) return (lo_open ? "> " : ">= ") + format_number(lo);
    if (has_hi) return (hi_open ? "< " : "<= ") + format_number(hi);
    return "";
}

std::string format_number(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15)
        return std::to_string(static_cast<long long>(v));
    return nlohmann::json(v).dump();
}

JsonReader::JsonReader(const nlohmann::json& value, std::string source, std::string path)
    : value_(&value), source_(std::move(source)), path_(std::move(path)) {}

const JsonReader& JsonReader::object(std::span<const std::string_view> keys) const {
    if (!value_->is_object()) fail("an object");
    for (const auto& item : value_->items()) {
        if (std::find(keys.begin(), keys.end(), item.key()) != keys.end()) continue;
        std::string known;
        for (const auto key : keys) {
            if (!known.empty()) known += ", ";
            known += key;
        }
        (*this)[item.key()].error("unknown key; expected one of " + known);
    }
    return *this;
}

bool JsonReader::has(std::string_view key) const {
    return value_->is_object() && value_->contains(key);
}

std::optional<JsonReader> JsonReader::find(std::string_view key) const {
    if (!value_->is_object()) fail("an object");
    const auto it = value_->find(key);
    if (it == value_->end()) return std::nullopt;
    return JsonReader(*it, source_, path_ + "/" + escape_pointer_token(key));
}

JsonReader JsonReader::operator[](std::string_view key) const {
    if (auto node = find(key)) return *node;
    throw ScenarioError(source_, path_ + "/" + escape_pointer_token(key),
                        "required key is missing");
}

std::size_t JsonReader::array_size() const {
    if (!value_->is_array()) fail("an array");
    return value_->size();
}

JsonReader JsonReader::operator[](std::size_t index) const {
    return JsonReader(value_->at(index), source_, path_ + "/" + std::to_string(index));
}

template <class T> T JsonReader::as(Range range, std::string_view noun) const {
    if constexpr (std::is_same_v<T, bool>) {
        if (!value_->is_boolean()) fail(noun.empty() ? "true or false" : noun);
        return value_->get<bool>();
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!value_->is_string()) fail(noun.empty() ? "a string" : noun);
        return value_->get<std::string>();
    } else {
        constexpr bool integral = std::is_integral_v<T>;
        const std::string expected =
            with_range(noun.empty() ? (integral ? "an integer" : "a number") : noun, range);
        // JSON text cannot hold NaN or infinity, but a document built in
        // code (from Python) can.
        if (!value_->is_number()) fail(expected);
        const double v = value_->get<double>();
        if (!std::isfinite(v) || !range.contains(v)) fail(expected);
        if (integral &&
            (v != std::floor(v) || v < static_cast<double>(std::numeric_limits<T>::min()) ||
             v > static_cast<double>(std::numeric_limits<T>::max())))
            fail(expected);
        return static_cast<T>(v);
    }
}

template double JsonReader::as<double>(Range, std::string_view) const;
template int JsonReader::as<int>(Range, std::string_view) const;
template bool JsonReader::as<bool>(Range, std::string_view) const;
template std::string JsonReader::as<std::string>(Range, std::string_view) const;

std::size_t JsonReader::choice(std::span<const std::string_view> names) const {
    if (value_->is_string()) {
        const auto& text = value_->get_ref<const std::string&>();
        const auto it = std::find(names.begin(), names.end(), text);
        if (it != names.end()) return static_cast<std::size_t>(it - names.begin());
    }
    fail(quoted_list(names));
}

sim::Time JsonReader::clock(bool with_seconds) const {
    const std::string_view expected = with_seconds
                                          ? "a time \"HH:MM\" or \"HH:MM:SS\" from 00:00 to 24:00"
                                          : "a time \"HH:MM\" from 00:00 to 24:00";
    if (!value_->is_string()) fail(expected);
    const sim::Time t = parse_clock(value_->get_ref<const std::string&>(), with_seconds);
    if (t == sim::kBadClock) fail(expected);
    return t;
}

std::int64_t JsonReader::date() const {
    const std::string_view expected = "a date \"YYYY-MM-DD\"";
    if (!value_->is_string()) fail(expected);
    const std::string& text = value_->get_ref<const std::string&>();
    const auto d = sim::parse_date(text);
    // A well-formed date that does not exist (30 February) deserves its own words.
    if (!d && sim::parse_date(text.substr(0, 8) + "01")) fail("a date \"YYYY-MM-DD\" that exists");
    if (!d) fail(expected);
    return sim::days_from_civil(*d);
}

void JsonReader::fail(std::string_view expected) const {
    error("expected " + std::string(expected) + ", got " + describe_value(*value_));
}

void JsonReader::error(std::string_view message) const {
    throw ScenarioError(source_, path_, std::string(message));
}

} // namespace fieldsim::models
