// Files a scenario names: its text, and CSV tables read row by row into JSON
// objects, so that a row goes through the same typed checks as the JSON
// entry it stands for, and its errors name file:line.
#pragma once

#include "models/scenario/json_reader.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace fieldsim::models {

// The whole file, or nothing when it cannot be read.
std::optional<std::string> read_text(const std::filesystem::path& file);

struct CsvRow {
    std::string where;  // "file.csv:12"
    nlohmann::json row; // column -> number or string
};

// A CSV file that `node` names, relative to base_dir; a file that cannot be
// opened is reported at `node`. It is read row by row, never held whole.
class CsvFile {
  public:
    CsvFile(const JsonReader& node, const std::filesystem::path& base_dir);

    // As the scenario names it, for messages.
    const std::string& name() const { return name_; }

    // The data rows at most: lines with more than blanks, less the header.
    // Counted without parsing, so that a size limit is checked before any
    // row costs the memory and time a parsed one does.
    std::size_t rows() const;

    // Calls `each` with every data row in turn. The header is the `required`
    // columns in order, then any of the `optional` ones in any order; blank
    // lines are skipped; cells are plain comma-separated fields, trimmed (no
    // quoting: the columns never hold commas).
    void read(std::span<const std::string_view> required,
              std::span<const std::string_view> optional,
              const std::function<void(const CsvRow&)>& each) const;

  private:
    std::string name_;
    std::filesystem::path path_;
};

} // namespace fieldsim::models
