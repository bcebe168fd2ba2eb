#include "models/scenario/files.h"

#include "sim/interrupt.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

namespace fieldsim::models {

namespace fs = std::filesystem;
using nlohmann::json;

std::optional<std::string> read_text(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

namespace {

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

// CSV cells are text; numbers become JSON numbers so that a row reads like
// the JSON entry it stands for.
json csv_cell(const std::string& cell) {
    json number = json::parse(cell, nullptr, false);
    return number.is_number() ? number : json(cell);
}

std::string joined(std::span<const std::string_view> columns) {
    std::string out;
    for (const auto column : columns) {
        if (!out.empty()) out += ',';
        out.append(column);
    }
    return out;
}

} // namespace

// The columns a header names, or nothing when it is not the required ones
// followed by distinct optional ones.
std::optional<std::vector<std::string>> header_columns(const std::vector<std::string>& cells,
                                                       std::span<const std::string_view> required,
                                                       std::span<const std::string_view> optional) {
    if (cells.size() < required.size() ||
        !std::equal(required.begin(), required.end(), cells.begin()))
        return std::nullopt;
    for (auto it = cells.begin() + static_cast<std::ptrdiff_t>(required.size()); it != cells.end();
         ++it)
        if (std::find(optional.begin(), optional.end(), *it) == optional.end() ||
            std::find(cells.begin(), it, *it) != it)
            return std::nullopt;
    return cells;
}

std::vector<CsvRow> read_csv(const JsonReader& node, const fs::path& base_dir,
                             std::span<const std::string_view> required,
                             std::span<const std::string_view> optional) {
    const auto name = node.as<std::string>({}, "a CSV file name relative to this file");
    auto text = read_text(base_dir / name);
    if (!text) node.error("cannot open file '" + shortened(name) + "'");
    if (text->rfind("\xEF\xBB\xBF", 0) == 0) text->erase(0, 3); // spreadsheets write a BOM
    const std::string file = fs::path(name).filename().string();
    std::string header = "expected the header " + joined(required);
    if (!optional.empty()) header += " (then any of " + joined(optional) + ")";
    header += ", got '";
    if (text->empty()) throw ScenarioError(file + ":1", "", header + "'");
    std::istringstream lines(*text);
    std::string line;
    std::vector<CsvRow> rows;
    std::vector<std::string> columns;
    for (int number = 1; std::getline(lines, line); ++number) {
        if (number % (1 << 14) == 1) sim::check_interrupt("loading");
        const std::string where = file + ":" + std::to_string(number);
        if (const auto bad = first_invalid_utf8(line))
            throw ScenarioError(where, "",
                                "ill-formed UTF-8 at column " + std::to_string(*bad + 1) +
                                    " (save the file as UTF-8)");
        const auto cells = split_csv_line(line);
        if (number == 1) {
            const auto named = header_columns(cells, required, optional);
            if (!named)
                throw ScenarioError(
                    where, "",
                    header + shortened(line.substr(0, line.find_last_not_of("\r") + 1)) + "'");
            columns = *named;
            continue;
        }
        if (cells.empty() || (cells.size() == 1 && cells[0].empty())) continue;
        if (cells.size() != columns.size())
            throw ScenarioError(where, "",
                                "expected " + std::to_string(columns.size()) +
                                    " comma-separated fields, got " + std::to_string(cells.size()));
        json row = json::object();
        for (std::size_t c = 0; c < cells.size(); ++c)
            row[columns[c]] = csv_cell(cells[c]);
        rows.push_back({where, std::move(row)});
    }
    return rows;
}

} // namespace fieldsim::models
