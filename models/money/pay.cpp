#include "models/money/pay.h"

#include <algorithm>
#include <limits>

namespace fieldsim::models {

namespace {

std::vector<UnitPriceRule> parse_unit_prices(const JsonReader& node, const SegmentNames& names) {
    std::vector<UnitPriceRule> rules;
    for (std::size_t i = 0; i < node.array_size(); ++i) {
        const JsonReader rule = node[i];
        rule.object({"when", "cny"});
        rules.push_back(
            {parse_segment_filter(rule["when"], names), rule.get<double>("cny", amount_range())});
    }
    return rules;
}

std::vector<DurationBand> parse_bands(const JsonReader& node) {
    std::vector<DurationBand> bands;
    const std::size_t n = node.array_size();
    for (std::size_t i = 0; i < n; ++i) {
        const JsonReader band = node[i];
        const bool last = i + 1 == n;
        band.object({"up_to_min", "x"});
        Time up_to = std::numeric_limits<Time>::max();
        if (!last) {
            up_to = to_seconds(band.get<double>("up_to_min", between(0, 24 * 60)), sim::kMinute);
            if (!bands.empty() && up_to <= bands.back().up_to)
                band["up_to_min"].fail("a limit above the band before");
        } else if (band.has("up_to_min")) {
            band["up_to_min"].error("the last band has no limit: it takes every longer job");
        }
        bands.push_back({up_to, band.get<double>("x", multiple_range())});
    }
    return bands;
}

void parse_coefficients(const JsonReader& node, PaySpec& pay) {
    node.object({"same_day", "evening", "class", "duration"});
    pay.same_day_x = node.get_or("same_day", 1.0, multiple_range());
    pay.evening_x = node.get_or("evening", 1.0, multiple_range());
    if (const auto classes = node.find("class")) {
        classes->object(kClassNames);
        for (std::size_t c = 0; c < kClassNames.size(); ++c)
            pay.class_x[c] = classes->get_or(kClassNames[c], 1.0, multiple_range());
    }
    if (const auto duration = node.find("duration")) pay.duration_bands = parse_bands(*duration);
}

OvertimePaySpec parse_overtime(const JsonReader& node) {
    node.object({"hourly_wage_cny", "working_day_x", "rest_day_x", "holiday_x"});
    return {node.get<double>("hourly_wage_cny", amount_range()),
            node.get<double>("working_day_x", multiple_range()),
            node.get<double>("rest_day_x", multiple_range()),
            node.get<double>("holiday_x", multiple_range())};
}

} // namespace

PaySpec parse_pay(const JsonReader& node, const SegmentNames& names) {
    node.object({"piece_rate_cny", "unit_price_cny", "coefficients", "overtime"});
    PaySpec pay;
    pay.piece_rate_cny.assign(names.kinds.size(), 0.0);
    if (const auto rates = node.find("piece_rate_cny"))
        read_per_kind(
            *rates, names.kinds, pay.piece_rate_cny,
            [](const JsonReader& n) { return n.as<double>(amount_range()); }, false);
    if (const auto prices = node.find("unit_price_cny"))
        pay.unit_prices = parse_unit_prices(*prices, names);
    if (const auto coefficients = node.find("coefficients")) parse_coefficients(*coefficients, pay);
    if (const auto overtime = node.find("overtime")) pay.overtime = parse_overtime(*overtime);
    return pay;
}

PieceRate::PieceRate(const PaySpec& pay, const EveningSpec& evening, const SegmentSpace& space)
    : space_(space), class_x_(pay.class_x), same_day_x_(pay.same_day_x), evening_x_(pay.evening_x),
      bands_(pay.duration_bands), overtime_(pay.overtime), has_evening_(evening.enabled),
      evening_start_(evening.start), premium_(evening.enabled ? evening.premium_cny : 0.0) {
    plain_ = pay.same_day_x == 1.0 && (pay.evening_x == 1.0 || !has_evening_) &&
             pay.duration_bands.empty() &&
             std::all_of(class_x_.begin(), class_x_.end(), [](double x) { return x == 1.0; });
    for (std::size_t cell = 0; cell < space.size(); ++cell) {
        const Segment s = space.segment(cell);
        double price = pay.piece_rate_cny[s.kind];
        for (const auto& rule : pay.unit_prices)
            if (rule.when.matches(s)) {
                price = rule.cny;
                break;
            }
        price_of_cell_.push_back(price);
    }
}

double PieceRate::with_coefficients(const PaidJob& job) const {
    const Segment s = space_.segment(job.cell);
    double x = price_of_cell_[job.cell] * class_x_[s.customer_class];
    if (sim::day_index(job.finish) == sim::day_index(job.entry)) x *= same_day_x_;
    if (evening_work(job.departure, job.work_start)) x *= evening_x_;
    for (const DurationBand& band : bands_)
        if (job.finish - job.work_start <= band.up_to) return x * band.x;
    return x;
}

double PieceRate::overtime_pay(Time overtime, std::int64_t day,
                               const CalendarSpec& calendar) const {
    if (!overtime_ || overtime <= 0) return 0.0;
    const double x = calendar.is_holiday(day)        ? overtime_->holiday_x
                     : !calendar.is_working_day(day) ? overtime_->rest_day_x
                                                     : overtime_->working_day_x;
    return overtime_->hourly_wage_cny * x * static_cast<double>(overtime) /
           static_cast<double>(sim::kHour);
}

} // namespace fieldsim::models
