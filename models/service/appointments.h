// Appointment windows (city-rules.md 2 and 8.4): back-to-back windows of
// `slot` from opening, each ending by closing, on the day after entry (the
// next working day when asked); each district books at most `slots` orders
// per window, and a full day moves the search to the day after. The order is
// due at its window's end, and work may not start before the window opens.
#pragma once

#include "models/city/calendar.h"
#include "models/service/due_form.h"

#include <cstdint>
#include <vector>

namespace fieldsim::models {

struct AppointmentSpec {
    Time slot = 2 * sim::kHour;
    int slots = 1;                  // orders per district and window
    bool working_days_only = false; // "next day" is the next working day
    // How long before its window an order is offered to technicians, who
    // wait on site for the window to open when they arrive early.
    Time lead = sim::kHour;
    // How long before its window opens the technician means to be on site
    // (seed 001: 提前10分钟上门); it sets out no sooner than that needs.
    Time early = 10 * sim::kMinute;
};

// {"slot_h", "slots", "working_days_only", "lead_min", "early_min"}
AppointmentSpec parse_appointments(const JsonReader& node, const BusinessHours& hours);

// The time of day the day's last window opens.
inline Time last_window_start(const AppointmentSpec& spec, const BusinessHours& hours) {
    return hours.open + ((hours.close - hours.open) / spec.slot - 1) * spec.slot;
}

struct Window {
    Time start;
    Time end;
};

// The bookings of one replication.
class AppointmentBook {
  public:
    AppointmentBook(const AppointmentSpec& spec, const BusinessHours& hours,
                    const CalendarSpec& calendar, std::size_t districts, std::int64_t days);

    // Books the first free window after `entry` for an order of `district`.
    Window book(std::size_t district, Time entry);

  private:
    std::int64_t next_day(std::int64_t day) const;
    void grow(std::int64_t days);

    const AppointmentSpec* spec_;
    const BusinessHours* hours_;
    const CalendarSpec* calendar_;
    std::int64_t days_; // kept so far
    std::size_t districts_;
    std::size_t windows_;               // per day
    std::vector<std::uint32_t> booked_; // [day][district][window]
};

} // namespace fieldsim::models
