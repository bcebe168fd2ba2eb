#include "models/money/settlement.h"

#include "models/workforce/hours.h"

namespace fieldsim::models {

double contractor_part(std::uint64_t completed, std::uint64_t technician_late, double threshold) {
    if (completed == 0 || technician_late == 0) return 0.0;
    const double share = static_cast<double>(technician_late) / static_cast<double>(completed);
    return share > threshold ? (share - threshold) / share : 0.0;
}

namespace {

// One period's rows, from its days' books (payers x days, day-major).
std::vector<SettlementRow> settle_period(std::int64_t period, const DayBook* first,
                                         std::size_t days, const PayersSpec& payers) {
    const std::size_t n = payers.count();
    std::vector<SettlementRow> rows;
    for (std::size_t p = 0; p < n; ++p)
        rows.push_back(SettlementRow{period, static_cast<PayerId>(p), 0, 0, 0.0, 0.0, 0.0});
    double total = 0.0;
    for (std::size_t d = 0; d < days; ++d)
        for (std::size_t p = 0; p < n; ++p) {
            const DayBook& book = first[d * n + p];
            SettlementRow& row = rows[p];
            row.completed += book.completed;
            row.technician_late += book.technician_late;
            row.technician_cny += book.technician_cny;
            row.compensation_cny += book.technician_cny + book.other_cny;
            total += book.technician_cny + book.other_cny;
        }
    double contractors = 0.0;
    for (std::size_t p = 1; p < n; ++p) {
        SettlementRow& row = rows[p];
        row.pays_cny = row.technician_cny * contractor_part(row.completed, row.technician_late,
                                                            payers.contractors[p - 1].threshold);
        contractors += row.pays_cny;
    }
    rows[kBranch].pays_cny = total - contractors;
    return rows;
}

// The share of C_tech a payer's row says it pays.
double part_paid(const SettlementRow& row) {
    return row.technician_cny > 0.0 ? row.pays_cny / row.technician_cny : 0.0;
}

// Each day's compensation, paid pay_within_days later, split as its period.
void pay_days(const DayBook* first, std::size_t days, std::int64_t first_day,
              const std::vector<SettlementRow>& period, const PayersSpec& payers,
              std::vector<CashRow>& cash) {
    const std::size_t n = payers.count();
    for (std::size_t d = 0; d < days; ++d) {
        const DayBook* day = first + d * n;
        double total = 0.0;
        for (std::size_t p = 0; p < n; ++p)
            total += day[p].technician_cny + day[p].other_cny;
        if (total == 0.0) continue;
        const std::int64_t pay_day =
            first_day + static_cast<std::int64_t>(d) + payers.pay_within_days;
        const std::size_t branch = cash.size();
        cash.push_back(CashRow{pay_day, kBranch, total});
        for (std::size_t p = 1; p < n; ++p) {
            const double cny = day[p].technician_cny * part_paid(period[p]);
            if (cny == 0.0) continue;
            cash.push_back(CashRow{pay_day, static_cast<PayerId>(p), cny});
            cash[branch].cny -= cny;
        }
    }
}

} // namespace

Settlement settle(const std::vector<DayBook>& books, const PayersSpec& payers,
                  const CalendarSpec& calendar) {
    const std::size_t n = payers.count();
    const auto days = static_cast<std::int64_t>(books.size() / n);
    Settlement out;
    for (std::int64_t from = 0; from < days;) {
        const std::int64_t period = month_of(from, calendar);
        std::int64_t to = from + 1;
        while (to < days && month_of(to, calendar) == period)
            ++to;
        const DayBook* first = books.data() + static_cast<std::size_t>(from) * n;
        const auto length = static_cast<std::size_t>(to - from);
        auto rows = settle_period(period, first, length, payers);
        pay_days(first, length, from, rows, payers, out.cash);
        out.periods.insert(out.periods.end(), rows.begin(), rows.end());
        from = to;
    }
    return out;
}

} // namespace fieldsim::models
