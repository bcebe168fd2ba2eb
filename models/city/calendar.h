// The calendar: the date of day 0 and so every weekday; the weekdays with
// shifts; and the business calendar of working days (for business clocks and
// appointment windows), which excludes the weekend days the scenario marks
// and public holidays, and includes make-up working days (a weekend date
// declared a working day; a holiday on the same date wins, city-rules 8.13).
// Orders arrive on every day.
#pragma once

#include "models/engine/horizon.h"
#include "models/scenario/json_reader.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace fieldsim::models {

struct CalendarSpec {
    std::optional<std::int64_t> start_date; // day 0, in days since 1970-01-01
    int first_weekday = 0;                  // of day 0: 0 Monday .. 6 Sunday
    std::array<bool, 7> workdays{true, true, true, true, true, true, true}; // shifts; Monday first
    std::array<bool, 7> weekend{};            // business rest days; Monday first
    std::vector<std::int64_t> holidays;       // run days, sorted
    std::vector<std::int64_t> makeup_days;    // run days, sorted
    std::vector<std::uint8_t> working_days;   // per run day: derived by index_days(), not data
    std::vector<std::int64_t> working_before; // per run day: working days before it (the same)

    int weekday(std::int64_t day) const {
        const auto w = (first_weekday + day) % 7;
        return static_cast<int>(w < 0 ? w + 7 : w);
    }
    // A day with shifts.
    bool is_workday(std::int64_t day) const {
        return workdays[static_cast<std::size_t>(weekday(day))];
    }
    bool is_holiday(std::int64_t day) const {
        return std::binary_search(holidays.begin(), holidays.end(), day);
    }
    // A working day of the business calendar. Due times ask it a few times
    // an order: the run's days are looked up in working_days (index_days())
    // rather than searched for in the lists.
    bool is_working_day(std::int64_t day) const {
        if (day >= 0 && static_cast<std::size_t>(day) < working_days.size())
            return working_days[static_cast<std::size_t>(day)] != 0;
        return working_by_lists(day);
    }
    [[gnu::noinline]] bool working_by_lists(std::int64_t day) const {
        if (is_holiday(day)) return false;
        return !weekend[static_cast<std::size_t>(weekday(day))] ||
               std::binary_search(makeup_days.begin(), makeup_days.end(), day);
    }
    // How many of days 0 .. day - 1 are working days (day >= 0).
    std::int64_t working_days_before(std::int64_t day) const {
        if (static_cast<std::size_t>(day) < working_before.size())
            return working_before[static_cast<std::size_t>(day)];
        std::int64_t count =
            working_before.empty() ? 0 : working_before.back() + working_days.back();
        for (auto d = static_cast<std::int64_t>(working_before.size()); d < day; ++d)
            count += is_working_day(d);
        return count;
    }
    // Fills working_days and working_before for days 0 .. through, from the
    // lists and weekdays; to be called again if those change.
    void index_days(std::int64_t through) {
        working_days.clear();
        working_before.clear();
        std::int64_t before = 0;
        for (std::int64_t day = 0; day <= through; ++day) {
            working_before.push_back(before);
            working_days.push_back(working_by_lists(day));
            before += working_days.back();
        }
    }
    bool every_day_works() const {
        return std::all_of(workdays.begin(), workdays.end(), [](bool works) { return works; });
    }
};

// {"start_date", "first_weekday", "workdays", "weekend", "holidays",
// "makeup_workdays"}: dates need start_date (parse_run_date).
CalendarSpec parse_calendar(const JsonReader& node, const Horizon& horizon);

// A listed date (a holiday, a weather event's day) as a run day. A branch
// lists a year's dates at a time, so any date of the years of the run's days
// and drain, or of the year before or after (an event may begin before day 0,
// a business clock run past the drain), is taken; one further off is refused
// as a typo.
std::int64_t parse_run_date(const JsonReader& node, const CalendarSpec& calendar,
                            const Horizon& horizon);

} // namespace fieldsim::models
