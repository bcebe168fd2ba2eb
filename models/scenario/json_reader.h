// Reading a scenario's JSON with the path of every value at hand. Each error
// then names the file, the JSON pointer (RFC 6901), the value and what was
// expected, and every field is read by the same few typed getters instead of
// hand-written checks.
#pragma once

#include "sim/date.h"
#include "sim/time.h"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace fieldsim::models {

// The one exception type for bad input: scenario files, the files they
// extend, CSV order lists, road networks. what() is
// "<source>: <json_path>: <message>", or "<source>: <message>" when the
// problem is the document as a whole (empty json_path).
class ScenarioError : public std::runtime_error {
  public:
    ScenarioError(std::string source, std::string json_path, std::string message);
    const std::string& source() const { return source_; }
    const std::string& json_path() const { return json_path_; }

  private:
    std::string source_;
    std::string json_path_;
};

// The offset of the first byte that is not part of well-formed UTF-8.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);
// `text` with each byte that is not well-formed UTF-8 written as \xNN.
std::string printable(std::string_view text);
// At most about `limit` bytes of `text`; a longer one ends in
// "... (N characters)", so that a bad 5,000-character value is not echoed whole.
std::string shortened(std::string text, std::size_t limit = 80);

// Bounds on a number, shown in messages as "> 0", ">= 1", "in [0, 1]".
struct Range {
    double lo = -std::numeric_limits<double>::infinity();
    double hi = std::numeric_limits<double>::infinity();
    bool lo_open = false;
    bool hi_open = false;

    bool contains(double v) const;
    std::string describe() const; // "" when unbounded
};
inline Range above(double lo) {
    return {lo, std::numeric_limits<double>::infinity(), true, false};
}
inline Range at_least(double lo) {
    return {lo, std::numeric_limits<double>::infinity(), false, false};
}
inline Range between(double lo, double hi) {
    return {lo, hi, false, false};
}

// A number in the shortest form that reads back the same ("5", "0.3").
std::string format_number(double v);

// One value of a document and where it sits. Cheap to copy; refers to the
// document, which must outlive it.
class JsonReader {
  public:
    JsonReader(const nlohmann::json& value, std::string source, std::string path = {});

    const nlohmann::json& json() const { return *value_; }
    const std::string& source() const { return source_; }
    const std::string& path() const { return path_; }

    // Checks that this is an object whose keys are all among `keys`; unknown
    // keys are errors because a typo would otherwise silently fall back to a
    // default.
    const JsonReader& object(std::span<const std::string_view> keys) const;
    const JsonReader& object(std::initializer_list<std::string_view> keys) const {
        return object(std::span(keys.begin(), keys.size()));
    }
    bool has(std::string_view key) const;
    JsonReader operator[](std::string_view key) const; // a required key
    std::optional<JsonReader> find(std::string_view key) const;
    std::size_t array_size() const; // checks that this is an array
    JsonReader operator[](std::size_t index) const;

    // The value as T (double, int, bool or std::string), within `range` for
    // numbers. `noun` replaces "a number" / "an integer" in messages.
    template <class T> T as(Range range = {}, std::string_view noun = {}) const;
    template <class T> T get(std::string_view key, Range range = {}) const {
        return (*this)[key].template as<T>(range);
    }
    template <class T> T get_or(std::string_view key, T fallback, Range range = {}) const {
        const auto node = find(key);
        return node ? node->template as<T>(range) : fallback;
    }
    // The index of the string among `names`.
    std::size_t choice(std::span<const std::string_view> names) const;
    std::size_t choice(std::initializer_list<std::string_view> names) const {
        return choice(std::span(names.begin(), names.size()));
    }
    // Seconds after midnight of "HH:MM" (00:00 .. 24:00), or also "HH:MM:SS".
    sim::Time clock(bool with_seconds = false) const;
    // Days since 1970-01-01 of a date "YYYY-MM-DD".
    std::int64_t date() const;

    // Throws "<path>: expected <expected>, got <this value>".
    [[noreturn]] void fail(std::string_view expected) const;
    // Throws "<path>: <message>".
    [[noreturn]] void error(std::string_view message) const;

  private:
    const nlohmann::json* value_;
    std::string source_;
    std::string path_;
};

extern template double JsonReader::as<double>(Range, std::string_view) const;
extern template int JsonReader::as<int>(Range, std::string_view) const;
extern template bool JsonReader::as<bool>(Range, std::string_view) const;
extern template std::string JsonReader::as<std::string>(Range, std::string_view) const;

} // namespace fieldsim::models
