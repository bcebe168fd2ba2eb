#include "models/demand/scripted_orders.h"

#include "models/scenario/files.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace fieldsim::models {

namespace {

constexpr std::array<std::string_view, 5> kColumns{"day", "at", "zone", "kind", "work_min"};
constexpr std::array<std::string_view, 2> kOptionalColumns{"product", "class"};
constexpr std::array<std::string_view, 7> kAllColumns{"day",      "at",      "zone", "kind",
                                                      "work_min", "product", "class"};

ScriptedOrder parse_scripted_order(const JsonReader& row, const ParseContext& ctx) {
    row.object(kAllColumns);
    const JsonReader day_node = row["day"];
    const int day = day_node.as<int>(at_least(0));
    if (day >= ctx.days) day_node.fail("a day < " + std::to_string(ctx.days) + " (horizon.days)");
    const JsonReader at_node = row["at"];
    const Time at = at_node.clock(true);
    if (at >= sim::kDay) at_node.fail("a time of day before 24:00");
    ScriptedOrder order;
    order.entry = sim::start_of_day(day) + at;
    order.zone = zone_id(row["zone"], ctx.zones);
    order.kind = order_kind(row["kind"], *ctx.kinds);
    order.work = to_seconds(row.get<double>("work_min", minutes_range(false)), sim::kMinute);
    if (const auto product = row.find("product"))
        order.product = static_cast<std::uint8_t>(product->choice(kProductNames));
    if (const auto customer_class = row.find("class"))
        order.customer_class = static_cast<std::uint8_t>(customer_class->choice(kClassNames));
    return order;
}

// The rows are counted before any is parsed: parsing one takes far more
// memory and time than its text, and a file far beyond the limit would run
// out of both before the limit was checked.
std::vector<ScriptedOrder> read_csv_orders(const JsonReader& node, const ParseContext& ctx) {
    const CsvFile csv(node, ctx.base_dir);
    const std::size_t rows = csv.rows();
    if (static_cast<double>(rows) > kMaxExpectedOrders)
        node.error("'" + shortened(csv.name()) + "' has " + std::to_string(rows) +
                   " rows of orders; the limit is " + format_number(kMaxExpectedOrders) +
                   " orders in a replication (see scenarios/README.md \"Limits\")");
    std::vector<ScriptedOrder> orders;
    orders.reserve(rows);
    csv.read(kColumns, kOptionalColumns, [&](const CsvRow& row) {
        orders.push_back(parse_scripted_order(JsonReader(row.row, row.where), ctx));
    });
    return orders;
}

bool by_entry(const ScriptedOrder& a, const ScriptedOrder& b) {
    return a.entry < b.entry;
}

} // namespace

ScriptedOrderStream parse_scripted_stream(const JsonReader& node, const ParseContext& ctx) {
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
    // A replay of history is mostly in order already, and sorting it anyway
    // would take a buffer as large as the list.
    if (!std::is_sorted(stream.orders.begin(), stream.orders.end(), by_entry))
        std::stable_sort(stream.orders.begin(), stream.orders.end(), by_entry);
    read_per_kind(
        node["expected_work_min"], *ctx.kinds, stream.expected_work,
        [](const JsonReader& n) { return to_seconds(n.as<double>(minutes_range(false)), sim::kMinute); }, true);
    return stream;
}

} // namespace fieldsim::models
