// What technicians earn (city-rules.md section 6): per finished order a unit
// price by segment (kind and product, by default the kind's piece rate) times
// coefficients for a same-day finish, evening work, the time on site and the
// customer class (seed 000's formula); the evening premium for work that
// starts on site after the evening start; and overtime pay at a multiple of
// an hourly wage by the kind of day (labour law art. 44).
#pragma once

#include "models/city/calendar.h"
#include "models/core/segment.h"
#include "models/core/segment_filter.h"
#include "models/scenario/fields.h"
#include "models/workforce/evening.h"

#include <optional>
#include <vector>

namespace fieldsim::models {

struct UnitPriceRule {
    SegmentFilter when;
    double cny;
};

// A coefficient for jobs whose time on site is at most `up_to` (the last band
// has no limit).
struct DurationBand {
    Time up_to;
    double x;
};

struct OvertimePaySpec {
    double hourly_wage_cny = 0.0;
    double working_day_x = 0.0;
    double rest_day_x = 0.0;
    double holiday_x = 0.0;
};

struct PaySpec {
    PerKind<double> piece_rate_cny;         // one per kind; 0 where the scenario names none
    std::vector<UnitPriceRule> unit_prices; // by segment; the first match wins over the kind's rate
    double same_day_x = 1.0;                // finished on the day it was entered
    double evening_x = 1.0;                 // work started on site after the evening start
    std::vector<double> class_x = std::vector<double>(kClassNames.size(), 1.0);
    std::vector<DurationBand> duration_bands; // by time on site; none: 1
    std::optional<OvertimePaySpec> overtime;
};

// {"piece_rate_cny": per kind, "unit_price_cny": [{"when", "cny"}],
// "coefficients": {"same_day", "evening", "class": {name: x}, "duration":
// [{"up_to_min", "x"}, ..., {"x"}]}, "overtime": {"hourly_wage_cny",
// "working_day_x", "rest_day_x", "holiday_x"}}
PaySpec parse_pay(const JsonReader& node, const SegmentNames& names);

// A finished job as pay sees it.
struct PaidJob {
    std::uint32_t cell;
    Time entry;
    Time departure; // when the technician set out
    Time work_start;
    Time finish;
};

class PieceRate {
  public:
    PieceRate(const PaySpec& pay, const EveningSpec& evening, const SegmentSpace& space);

    double piece(const PaidJob& job) const {
        return plain_ ? price_of_cell_[job.cell] : with_coefficients(job);
    }
    // The evening premium goes to evening work (evening_work).
    double premium(Time departure, Time work_start) const {
        return evening_work(departure, work_start) ? premium_ : 0.0;
    }
    // Overtime pay for `overtime` of a job started on `day`.
    double overtime_pay(Time overtime, std::int64_t day, const CalendarSpec& calendar) const;
    bool pays_overtime() const { return overtime_.has_value(); }

  private:
    double with_coefficients(const PaidJob& job) const;
    // Work that starts on site at or after the evening start of the day the
    // technician set out: the premium's and the evening coefficient's test,
    // one for both so that a job crossing midnight gets both or neither.
    // Without an evening no work is evening work.
    bool evening_work(Time departure, Time work_start) const {
        return has_evening_ &&
               work_start >= sim::start_of_day(sim::day_index(departure)) + evening_start_;
    }

    SegmentSpace space_;
    bool plain_; // no coefficient: the unit price alone
    std::vector<double> price_of_cell_;
    std::vector<double> class_x_;
    double same_day_x_;
    double evening_x_;
    std::vector<DurationBand> bands_;
    std::optional<OvertimePaySpec> overtime_;
    bool has_evening_;
    Time evening_start_;
    double premium_;
};

} // namespace fieldsim::models
