// Settling late orders' compensation between the branch and its contractors
// (city-rules.md section 3, readings 8.10 and 8.11). The settlement period
// is the calendar month of completion: per period and contractor, share =
// technician-caused late orders / completed orders of its districts; when
// share > threshold (strictly) the contractor pays C_tech x (share -
// threshold) / share of its technician-caused compensation C_tech, and the
// branch the rest. Each compensation is paid `pay_within_days` after the
// completion date, split between payers as its period is.
#pragma once

#include "models/city/calendar.h"
#include "models/money/payers.h"

#include <cstdint>
#include <vector>

namespace fieldsim::models {

// One payer's completions and compensation on one day. An order the drain
// limit left open is booked, late but not completed, on the day the run
// stopped.
struct DayBook {
    std::uint32_t completed = 0;
    std::uint32_t technician_late = 0;
    double technician_cny = 0.0; // owed for its technician-caused late orders
    double other_cny = 0.0;      // owed for its other late orders
};

// The fraction of C_tech the contractor pays.
double contractor_part(std::uint64_t completed, std::uint64_t technician_late, double threshold);

// A payer's settlement period.
struct SettlementRow {
    std::int64_t period; // month_of(day)
    PayerId payer;
    std::uint64_t completed;       // in the payer's districts (the branch: its own)
    std::uint64_t technician_late; // likewise
    double technician_cny;         // C_tech of those districts
    double compensation_cny;       // all compensation owed in those districts
    double pays_cny;               // what this payer pays
};

// What a payer pays on one day.
struct CashRow {
    std::int64_t pay_day; // run day: the completion day + pay_within_days
    PayerId payer;
    double cny;
};

struct Settlement {
    std::vector<SettlementRow> periods; // every period the days span, every payer
    std::vector<CashRow> cash;          // days with something to pay, in day order
};

// `books` holds payers.count() books per run day, day 0 first.
Settlement settle(const std::vector<DayBook>& books, const PayersSpec& payers,
                  const CalendarSpec& calendar);

} // namespace fieldsim::models
