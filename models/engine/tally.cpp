#include "models/engine/tally.h"

#include "models/workforce/hours.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace fieldsim::models {

namespace {

std::vector<PayerId> payers_of_cells(const PayersSpec& payers, std::size_t cells) {
    const std::size_t per_district = cells / payers.of_district.size();
    std::vector<PayerId> of(cells);
    for (std::size_t c = 0; c < cells; ++c)
        of[c] = payers.of_district[c / per_district];
    return of;
}

} // namespace

Tally::Tally(const std::vector<int>& homes, const SegmentSpace& segments, const PayersSpec& payers,
             const CalendarSpec& calendar, std::size_t days)
    : segments_(segments), late_(segments.kinds(), 0), cells_(segments.size()), payers_(payers),
      calendar_(calendar), payer_of_cell_(payers_of_cells(payers, segments.size())),
      books_(payers.count() * days), counted_(payers.count()), count_(payers.count()),
      crew_size_(homes.size()) {
    std::int64_t month = month_of(0, calendar);
    std::uint32_t place = 0;
    for (std::size_t day = 0; day < std::max<std::size_t>(days, 1); ++day) {
        if (month_of(static_cast<std::int64_t>(day), calendar) != month) {
            month = month_of(static_cast<std::int64_t>(day), calendar);
            ++place;
        }
        month_start_of_day_.push_back(place * crew_size_);
        if (place * crew_size_ < technicians_.size()) continue;
        const auto label = static_cast<std::int32_t>(
            calendar.start_date ? month / 12 * 100 + month % 12 + 1 : month + 1);
        for (std::size_t k = 0; k < homes.size(); ++k)
            technicians_.push_back(TechnicianRecord{static_cast<int>(k), homes[k], label});
    }
    last_day_ = month_start_of_day_.size() - 1;
    stops_.resize(technicians_.size());
}

[[gnu::noinline]] Tally::DayStops Tally::stops_of_day(Time at) {
    const Time from = sim::start_of_day(sim::day_index(at));
    return DayStops{from, from + sim::kDay, stops_.data() + month_start(at)};
}

std::vector<TechnicianRecord> Tally::take_technicians() {
    for (std::size_t k = 0; k < technicians_.size(); ++k) {
        technicians_[k].stopped_monthly += stops_[k][0];
        technicians_[k].stopped_daily += stops_[k][1];
    }
    stops_.assign(stops_.size(), StopCounts{});
    std::vector<TechnicianRecord> active;
    for (const TechnicianRecord& r : technicians_)
        if (r.on_shift > 0 || r.jobs > 0 || r.failed_visits > 0 || r.faulty_visits > 0)
            active.push_back(r);
    return active;
}

void Tally::finished(const JobDone& job) {
    const Time finish = job.visit.finish;
    if (finish >= period_end_) close_period(finish);
    piece_pay_ += job.piece_cny;
    premium_pay_ += job.premium_cny;
    CellCounts& cell = cells_[job.order.cell];
    ++cell.finished;
    cell.turnaround += finish - job.order.entry;
    waiting_ += job.visit.departure - job.order.entry;
    waited_ += job.visit.departure > job.order.entry;
    TechnicianRecord& technician = record(job.visit.technician, job.visit.departure);
    ++technician.jobs;
    technician.premium_pay_cny += job.premium_cny;
    count_time(job.visit, technician);
}

void Tally::visit_failed(const VisitDone& visit, bool technician_fault) {
    TechnicianRecord& technician = record(visit.technician, visit.departure);
    if (technician_fault) {
        ++technician.faulty_visits;
        ++technician_faults_;
    } else {
        ++technician.failed_visits;
    }
    count_time(visit, technician);
}

void Tally::count_time(const VisitDone& visit, TechnicianRecord& r) {
    r.travel += visit.arrival - visit.departure;
    r.wait += visit.work_start - visit.arrival;
    r.work += visit.finish - visit.work_start;
    r.overtime += overtime_of(visit);
}

void Tally::late(const Order& order, Time late_by, Cause cause, double owed_cny) {
    ++late_[order.kind];
    lateness_min_.add(sim::to_minutes(late_by));
    compensation_ += owed_cny;
    CellCounts& cell = cells_[order.cell];
    ++cell.late[static_cast<std::size_t>(cause)];
    cell.compensation_cny += owed_cny;
    DayBook& day = book(order.due + late_by, order.cell);
    if (cause == Cause::technician) {
        ++day.technician_late;
        day.technician_cny += owed_cny;
    } else {
        day.other_cny += owed_cny;
    }
}

// The open period's completions go to its first day's books; the period of
// `at` opens.
void Tally::close_period(Time at) {
    count_period_completions();
    const std::int64_t day = sim::day_index(at);
    const std::int64_t month = month_of(day, calendar_);
    std::int64_t end = day + 1;
    while (month_of(end, calendar_) == month)
        ++end;
    period_day_ = day;
    period_end_ = sim::start_of_day(end);
}

void Tally::count_period_completions() {
    std::fill(count_.begin(), count_.end(), 0);
    for (std::size_t c = 0; c < cells_.size(); ++c)
        count_[payer_of_cell_[c]] += cells_[c].finished;
    const std::size_t n = payers_.count();
    for (std::size_t p = 0; p < n; ++p) {
        books_[static_cast<std::size_t>(period_day_) * n + p].completed =
            static_cast<std::uint32_t>(count_[p] - counted_[p]);
        counted_[p] = count_[p];
    }
}

Settlement Tally::settlement() {
    count_period_completions();
    return settle(books_, payers_, calendar_);
}

std::vector<CellMeasures> Tally::breakdown() const {
    std::vector<CellMeasures> out;
    out.reserve(cells_.size());
    for (const CellCounts& cell : cells_)
        out.push_back(measures(cell));
    return out;
}

Tally::KindTotals Tally::by_kind() const {
    const std::size_t kinds = segments_.kinds();
    KindTotals totals{PerKind<std::uint64_t>(kinds, 0), PerKind<std::uint64_t>(kinds, 0),
                      PerKind<Time>(kinds, 0)};
    for (std::size_t c = 0; c < cells_.size(); ++c) {
        const std::size_t kind = segments_.segment(c).kind;
        totals.orders[kind] += cells_[c].orders;
        totals.finished[kind] += cells_[c].finished;
        totals.turnaround[kind] += cells_[c].turnaround;
    }
    return totals;
}

void Tally::evening_decision(bool yes) {
    ++evening_draws_;
    if (yes) ++evening_yes_;
}

OutputValues Tally::outputs(std::uint64_t unfinished, Time now, std::uint64_t events,
                            double staffing_cny, const Settlement& settled) const {
    OutputValues values{};
    auto set = [&values](Output o, double v) { values[static_cast<std::size_t>(o)] = v; };
    const auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
    // A mean over no order is not defined: NaN (missing), not 0, which would
    // read as perfect service; summaries are over the replications with one.
    const auto mean_minutes = [](Time total, std::uint64_t count) {
        return count > 0 ? sim::to_minutes(total) / static_cast<double>(count)
                         : std::numeric_limits<double>::quiet_NaN();
    };
    const std::size_t install = kInstall;
    const std::size_t repair = kRepair;
    const KindTotals kind = by_kind();

    set(Output::orders_install, static_cast<double>(kind.orders[install]));
    set(Output::orders_repair, static_cast<double>(kind.orders[repair]));
    set(Output::late_install, static_cast<double>(late_[install]));
    set(Output::late_repair, static_cast<double>(late_[repair]));
    set(Output::breach_rate_install, ratio(late_[install], kind.orders[install]));
    set(Output::breach_rate_repair, ratio(late_[repair], kind.orders[repair]));
    set(Output::compensation_cny, compensation_);
    double contractors = 0.0;
    for (const SettlementRow& row : settled.periods)
        if (row.payer != kBranch) contractors += row.pays_cny;
    set(Output::contractor_compensation_cny, contractors);
    set(Output::piece_pay_cny, piece_pay_);
    set(Output::premium_pay_cny, premium_pay_);
    set(Output::overtime_pay_cny, overtime_pay_);
    set(Output::staffing_cost_cny, staffing_cny);
    set(Output::total_cost_cny,
        staffing_cny + piece_pay_ + premium_pay_ + overtime_pay_ + compensation_);
    set(Output::mean_tat_install_min,
        mean_minutes(kind.turnaround[install], kind.finished[install]));
    set(Output::mean_tat_repair_min, mean_minutes(kind.turnaround[repair], kind.finished[repair]));
    Time overtime = 0, busy = 0, on_shift = 0;
    for (const auto& t : technicians_) {
        overtime += t.overtime;
        busy += t.travel + t.wait + t.work;
        on_shift += t.on_shift;
    }
    set(Output::overtime_min, sim::to_minutes(overtime));
    Time overrun = 0;
    for (const auto& t : technicians_)
        overrun += t.limit_overrun;
    set(Output::limit_overrun_min, sim::to_minutes(overrun));
    set(Output::escalations, static_cast<double>(escalations_));
    set(Output::escalations_late, static_cast<double>(escalations_late_));
    set(Output::technician_faults, static_cast<double>(technician_faults_));
    set(Output::senior_referrals, static_cast<double>(senior_referrals_));
    const std::uint64_t finished =
        std::accumulate(kind.finished.begin(), kind.finished.end(), std::uint64_t{0});
    set(Output::mean_wait_min, mean_minutes(waiting_, finished));
    set(Output::waited_share, ratio(static_cast<double>(waited_), static_cast<double>(finished)));
    set(Output::utilisation, ratio(static_cast<double>(busy), static_cast<double>(on_shift)));
    set(Output::evening_share, ratio(evening_yes_, evening_draws_));
    // No late order, no lateness quantile: NaN (missing), not 0, so that a
    // summary over replications is over those with a late order.
    set(Output::lateness_p50_min, lateness_min_.quantile(0.5));
    set(Output::lateness_p90_min, lateness_min_.quantile(0.9));
    set(Output::lateness_max_min, lateness_min_.quantile(1.0));
    set(Output::orders_unfinished, static_cast<double>(unfinished));
    set(Output::days_simulated, static_cast<double>(now) / static_cast<double>(sim::kDay));
    set(Output::events, static_cast<double>(events));
    return values;
}

} // namespace fieldsim::models
