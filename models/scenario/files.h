// Files a scenario names: its text, and CSV tables read row by row into JSON
// objects, so that a row goes through the same typed checks as the JSON
// entry it stands for, and its errors name file:line.
#pragma once

#include "models/scenario/json_reader.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fieldsim::models {

// The whole file, or nothing when it cannot be read.
std::optional<std::string> read_text(const std::filesystem::path& file);

struct CsvRow {
    std::string where;  // "file.csv:12"
    nlohmann::json row; // column -> number or string
};

// Reads the CSV file that `node` names (relative to base_dir). The header
// is the `required` columns in order, then any of the `optional` ones in any
// order; blank lines are skipped; cells are plain comma-separated fields,
// trimmed (no quoting: the columns never hold commas).
std::vector<CsvRow> read_csv(const JsonReader& node, const std::filesystem::path& base_dir,
                             std::span<const std::string_view> required,
                             std::span<const std::string_view> optional = {});

} // namespace fieldsim::models
