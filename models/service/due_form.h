// How a promise turns an entry time into a due time (city-rules.md section 2
// and readings 8.2-8.4): the end of a day k days later, a duration on the
// natural clock, a duration on the business clock (working hours of working
// days only), or a visit window booked by appointment.
#pragma once

#include "models/city/calendar.h"
#include "models/scenario/fields.h"

namespace fieldsim::models {

struct DueForm {
    enum class Type : std::uint8_t { end_of_day, within, business, appointment };
    Type type = Type::end_of_day;
    int day_offset = 0;     // end_of_day: 0 same day, 1 next day, ...
    Time within = 0;        // within, business: this much (working) time
    Time clock_cutoff = -1; // business: entered at or after it, the clock starts next working day
};

// Working hours of the business clock, and of appointment windows.
struct BusinessHours {
    Time open = 8 * sim::kHour;
    Time close = 18 * sim::kHour;
};

// "same_day", "next_day", "appointment", {"end_of_day": k}, {"within_h": h},
// or {"within_h": h, "clock": "business", "clock_cutoff": "HH:MM"}.
DueForm parse_due_form(const JsonReader& node);

// The time when the business clock starts for an order entered at `entry`,
// and when `within` working time has run from there (city-rules 8.2).
Time business_clock_start(Time entry, Time clock_cutoff, const BusinessHours& hours,
                          const CalendarSpec& calendar);
Time business_due(Time start, Time within, const BusinessHours& hours,
                  const CalendarSpec& calendar);

// The due time of the forms that need no booking (all but appointment).
Time due_without_booking(const DueForm& form, Time entry, const BusinessHours& hours,
                         const CalendarSpec& calendar);

} // namespace fieldsim::models
