// Working-hour law (labour law art. 41; city-rules.md section 5 and 8.12):
// overtime, the part of a job (travel and work) after the shift end, is
// limited per day and per calendar month, and the limits bind at the start
// of a job: a technician may start a job only if its expected end keeps
// today's and this month's overtime within them. A started job is finished;
// what it actually runs over a limit is counted, never allowed at start.
// Without "law" (or with "law": "off") there are no limits.
#pragma once

#include "models/city/calendar.h"
#include "models/scenario/fields.h"

#include <algorithm>
#include <optional>
#include <vector>

namespace fieldsim::models {

struct HoursLawSpec {
    Time daily_overtime = sim::kHour;             // daily_overtime_h
    Time daily_overtime_special = 3 * sim::kHour; // on force-majeure days
    Time monthly_overtime = 36 * sim::kHour;      // monthly_overtime_h
};

// "off", or {"daily_overtime_h", "daily_overtime_special_h", "monthly_overtime_h"}.
std::optional<HoursLawSpec> parse_hours_law(const JsonReader& node);

// The calendar month of a run day: from the calendar's start date, else
// months of 30 days from day 0.
std::int64_t month_of(std::int64_t day, const CalendarSpec& calendar);

// The end of `day`: an order due by then is due today, and the law allows
// the day's larger limit for it (city-rules.md section 5).
inline Time end_of_day(std::int64_t day) {
    return sim::start_of_day(day + 1);
}

// One technician's overtime so far, for the day and the month it is in.
class HoursLedger {
  public:
    // The overtime the limits leave on `day`, never negative.
    Time left(const HoursLawSpec& law, std::int64_t day, std::int64_t month, bool special) const;
    // Whether the day's limit leaves no more overtime than the month's.
    bool daily_binds(const HoursLawSpec& law, std::int64_t day, std::int64_t month,
                     bool special) const {
        const Time daily = special ? law.daily_overtime_special : law.daily_overtime;
        return daily - today(day) <= law.monthly_overtime - this_month(month);
    }
    // Books a job's overtime (started on `day`); returns what it ran over a
    // limit.
    Time book(const HoursLawSpec& law, std::int64_t day, std::int64_t month, Time overtime,
              bool special);

  private:
    Time today(std::int64_t day) const { return day == day_ ? day_overtime_ : 0; }
    Time this_month(std::int64_t month) const { return month == month_ ? month_overtime_ : 0; }

    std::int64_t day_ = -1;
    std::int64_t month_ = -1;
    Time day_overtime_ = 0;
    Time month_overtime_ = 0;
};

// What the law leaves a technician on its duty day, read once per change of
// its ledger (a booking) or of its day instead of on every look. Idle time
// after the shift end is not overtime (8.12): a job set out on later may end
// that much later.
struct OvertimeLeft {
    Time normal_end = 0;             // the day's shift end, after which idle time is not overtime
    Time plain = 0;                  // overtime left for any job
    Time urgent = 0;                 // for an order due by the end of the day
    bool daily_binds = false;        // the day's limit leaves no more than the month's
    bool daily_binds_urgent = false; // the same under the larger limit of an order due today

    OvertimeLeft() = default;
    OvertimeLeft(const HoursLedger& ledger, const HoursLawSpec& law, std::int64_t day,
                 std::int64_t month, Time normal_end_, bool force_majeure_day)
        : normal_end(normal_end_), plain(ledger.left(law, day, month, force_majeure_day)),
          urgent(ledger.left(law, day, month, true)),
          daily_binds(ledger.daily_binds(law, day, month, force_majeure_day)),
          daily_binds_urgent(ledger.daily_binds(law, day, month, true)) {}

    Time latest_end(Time now, bool for_urgent) const {
        return std::max(now, normal_end) + (for_urgent ? urgent : plain);
    }
    // Whether a start the law stops is stopped by the day's limit (else the month's).
    bool daily_stops(bool for_urgent) const {
        return for_urgent ? daily_binds_urgent : daily_binds;
    }
};

} // namespace fieldsim::models
