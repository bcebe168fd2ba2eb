// The totals of one replication as it runs, and the outputs made from them.
#pragma once

#include "models/core/order.h"
#include "models/engine/breakdown.h"
#include "models/engine/outputs.h"
#include "models/money/settlement.h"
#include "sim/statistics.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace fieldsim::models {

// A technician's visit: travel, a wait on site for an appointment's window,
// then time on site.
struct VisitDone {
    std::size_t technician;
    Time departure;
    Time arrival;
    Time work_start; // later than arrival when it waits on site for a window
    Time finish;
    Time overtime_after; // of the day the visit started: the shift end, or never on continuous duty
};

// Its overtime: its travel and work after the regular end of the day it
// started; a wait on site then is not overtime (8.12).
inline Time overtime_of(const VisitDone& visit) {
    const Time from = std::max(visit.departure, visit.overtime_after);
    const Time waited = std::max<Time>(0, visit.work_start - std::max(visit.arrival, from));
    return std::max<Time>(0, visit.finish - from - waited);
}

// One finished job, as the tally sees it.
struct JobDone {
    const Order& order;
    VisitDone visit;
    double piece_cny;
    double premium_cny;
};

class Tally {
  public:
    // `payers` and `calendar` outlive the tally; completions and late orders
    // fall on run days 0 .. days-1.
    Tally(const std::vector<int>& homes, const SegmentSpace& segments, const PayersSpec& payers,
          const CalendarSpec& calendar, std::size_t days);

    void entered(const Order& order) {
        ++cells_[order.cell].orders;
        ++entered_;
    }
    std::uint64_t orders() const { return entered_; }
    void finished(const JobDone& job);
    // A visit that found nobody at home or failed for the technician's fault:
    // the technician's time, no order done.
    void visit_failed(const VisitDone& visit, bool technician_fault);
    void referred_to_senior() { ++senior_referrals_; }
    // Overtime pay and a limit's overrun of a job the technician set out on at `at`.
    void overtime_paid(std::size_t technician, Time at, double cny) {
        overtime_pay_ += cny;
        record(technician, at).overtime_pay_cny += cny;
    }
    void limit_overrun(std::size_t technician, Time at, Time over) {
        record(technician, at).limit_overrun += over;
    }
    // A start the daily (else the monthly) overtime limit stopped at `at`.
    // Stops come many a day, at the loop's time: where that day's month
    // begins among the counts is kept at hand, not looked up per stop. They
    // are counted apart from the records, two to a technician-month, so
    // that a stop is one increment at an index, without a branch.
    void limit_stopped(std::size_t technician, Time at, bool daily) {
        if (at >= today_.until || at < today_.from) today_ = stops_of_day(at);
        ++today_.stops[technician][daily];
    }
    void escalated() { ++escalations_; }
    void escalated_late() { ++escalations_late_; }
    void break_taken(std::size_t technician, Time at, Time length) {
        record(technician, at).breaks += length;
    }
    void late(const Order& order, Time late_by, Cause cause, double owed_cny);
    // A technician's choice to stay for the evening, or to take an evening job.
    void evening_decision(bool yes);
    void evening_worked(std::size_t technician, Time at) { ++record(technician, at).evening_days; }
    void evening_declined(std::size_t technician, Time at) {
        ++record(technician, at).declined_jobs;
    }
    void day_worked(std::size_t technician, Time at) { ++record(technician, at).days_worked; }
    // Time on shift, counted when a period beginning at `from` begins; what
    // the run's end or going home cuts off is taken back with `not_on_shift`.
    void on_shift(std::size_t technician, Time from, Time length, bool evening) {
        TechnicianRecord& r = record(technician, from);
        r.on_shift += length;
        if (evening) r.evening_on_shift += length;
    }
    void not_on_shift(std::size_t technician, Time from, Time length, bool evening) {
        on_shift(technician, from, -length, evening);
    }

    // The compensation of the run's days settled between the payers (once,
    // at the end).
    Settlement settlement();
    // The outputs; `unfinished`, `now` and `events` are the loop's own.
    // `staffing_cny`: the plan's own cost of technicians over the run.
    OutputValues outputs(std::uint64_t unfinished, Time now, std::uint64_t events,
                         double staffing_cny, const Settlement& settled) const;
    std::vector<CellMeasures> breakdown() const;
    // The technician-months with time on shift or a job, month by month.
    std::vector<TechnicianRecord> take_technicians();

  private:
    void count_time(const VisitDone& visit, TechnicianRecord& r);
    // Times are never negative: the day by unsigned division, which is
    // cheaper than the signed kind.
    static std::size_t day_of(Time at) { return static_cast<std::uint64_t>(at) / sim::kDay; }
    std::size_t month_start(Time at) const {
        return month_start_of_day_[std::min(day_of(at), last_day_)];
    }
    TechnicianRecord& record(std::size_t technician, Time at) {
        return technicians_[month_start(at) + technician];
    }
    // A technician-month's stops: [0] by the monthly limit, [1] the daily.
    using StopCounts = std::array<std::uint32_t, 2>;
    // A day, and where its month's stop counts begin.
    struct DayStops {
        Time from = 0, until = 0;
        StopCounts* stops = nullptr;
    };
    DayStops stops_of_day(Time at);
    // The book of the payer of `cell` on the day of `at`.
    DayBook& book(Time at, std::uint32_t cell) {
        return books_[day_of(at) * payers_.count() + payer_of_cell_[cell]];
    }
    // Completions are counted by cell; a settlement period's, by payer, are
    // read from the cells when it ends, so that a finished order costs one
    // comparison here.
    void close_period(Time at);
    void count_period_completions();
    // The cells' counts summed by kind.
    struct KindTotals {
        PerKind<std::uint64_t> orders, finished;
        PerKind<Time> turnaround; // entry to finish
    };
    KindTotals by_kind() const;

    std::uint64_t entered_ = 0;
    SegmentSpace segments_;
    PerKind<std::uint64_t> late_;
    // Orders, finished orders and their turnaround by kind are the sums of
    // their cells', made when the outputs are: whole seconds add up exactly,
    // so the means need no running update.
    std::vector<CellCounts> cells_;
    Time waiting_ = 0; // entry to setting out
    std::uint64_t waited_ = 0;
    double compensation_ = 0.0;
    double piece_pay_ = 0.0;
    double premium_pay_ = 0.0;
    double overtime_pay_ = 0.0;
    std::uint64_t escalations_ = 0;
    std::uint64_t escalations_late_ = 0;
    std::uint64_t technician_faults_ = 0;
    std::uint64_t senior_referrals_ = 0;
    std::uint64_t evening_yes_ = 0;
    std::uint64_t evening_draws_ = 0;
    sim::QuantileSketch lateness_min_;
    std::vector<TechnicianRecord> technicians_; // month-major: months x technicians
    std::vector<StopCounts> stops_;             // the same, put in the records when taken
    const PayersSpec& payers_;
    const CalendarSpec& calendar_;
    std::vector<PayerId> payer_of_cell_;
    std::vector<DayBook> books_;                 // payers per day
    std::vector<std::uint64_t> counted_, count_; // completions by payer: before the period, all
    std::int64_t period_day_ = 0;                // the first day of the open period
    Time period_end_ = 0;
    // Per run day, where its month's records begin in technicians_.
    std::vector<std::size_t> month_start_of_day_;
    std::size_t last_day_; // month_start_of_day_.size() - 1, kept: read at every completion
    std::size_t crew_size_;
    DayStops today_; // the day of the last limit stop
};

} // namespace fieldsim::models
