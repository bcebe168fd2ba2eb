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

// The line, which must be UTF-8 (`where` is its file:line).
const std::string& checked_utf8(const std::string& where, const std::string& line) {
    if (const auto bad = first_invalid_utf8(line))
        throw ScenarioError(where, "",
                            "ill-formed UTF-8 at column " + std::to_string(*bad + 1) +
                                " (save the file as UTF-8)");
    return line;
}

// The columns of the header `line`, or an error saying what it should be.
std::vector<std::string> header_of(const std::string& where, const std::string& line,
                                   std::span<const std::string_view> required,
                                   std::span<const std::string_view> optional) {
    auto columns = header_columns(split_csv_line(checked_utf8(where, line)), required, optional);
    if (columns) return std::move(*columns);
    std::string expected = "expected the header " + joined(required);
    if (!optional.empty()) expected += " (then any of " + joined(optional) + ")";
    throw ScenarioError(where, "",
                        expected + ", got '" +
                            shortened(line.substr(0, line.find_last_not_of("\r") + 1)) + "'");
}

} // namespace

CsvFile::CsvFile(const JsonReader& node, const fs::path& base_dir)
    : name_(node.as<std::string>({}, "a CSV file name relative to this file")),
      path_(base_dir / name_) {
    std::error_code ec;
    if (!fs::is_regular_file(path_, ec) || !std::ifstream(path_))
        node.error("cannot open file '" + shortened(name_) + "'");
}

std::size_t CsvFile::rows() const {
    std::ifstream in(path_, std::ios::binary);
    std::vector<char> chunk(std::size_t{1} << 20);
    std::size_t lines = 0;
    bool blank = true; // the line so far
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
        sim::check_interrupt("loading");
        for (const char c : std::span(chunk.data(), static_cast<std::size_t>(in.gcount()))) {
            if (c == '\n') {
                lines += blank ? 0 : 1;
                blank = true;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                blank = false;
            }
        }
    }
    lines += blank ? 0 : 1; // a last line without a newline
    return lines > 0 ? lines - 1 : 0;
}

void CsvFile::read(std::span<const std::string_view> required,
                   std::span<const std::string_view> optional,
                   const std::function<void(const CsvRow&)>& each) const {
    const std::string file = fs::path(name_).filename().string();
    std::ifstream lines(path_, std::ios::binary);
    std::string line;
    sim::check_interrupt("loading");
    std::getline(lines, line);                                // an empty file: an empty header
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3); // spreadsheets write a BOM
    const auto columns = header_of(file + ":1", line, required, optional);
    for (int number = 2; std::getline(lines, line); ++number) {
        if (number % (1 << 14) == 1) sim::check_interrupt("loading");
        const std::string where = file + ":" + std::to_string(number);
        const auto cells = split_csv_line(checked_utf8(where, line));
        if (cells.empty() || (cells.size() == 1 && cells[0].empty())) continue;
        if (cells.size() != columns.size())
            throw ScenarioError(where, "",
                                "expected " + std::to_string(columns.size()) +
                                    " comma-separated fields, got " + std::to_string(cells.size()));
        json row = json::object();
        for (std::size_t c = 0; c < cells.size(); ++c)
            row[columns[c]] = csv_cell(cells[c]);
        each({where, std::move(row)});
    }
}

} // namespace fieldsim::models
