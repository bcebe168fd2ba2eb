// A live order: everything the loop needs, resolved once at entry so that
// events only index arrays.
#pragma once

#include "models/core/segment.h"
#include "sim/time.h"

#include <cstdint>

namespace fieldsim::models {

using sim::Time;

struct Order {
    std::uint64_t id; // in order of entry
    Time entry;
    Time due;
    Time ready;   // work may not start before (an appointment window's start, a third party)
    Time release; // when it joins the pool: at ready, or an appointment's lead before it
    Time work;    // on site, drawn at entry
    int zone;
    std::uint32_t cell; // the order's segment (SegmentSpace)
    KindId kind;
    std::uint8_t reasons;     // why it would be late, as bits (service/causes.h)
    std::uint32_t work_class; // dispatch's class: orders of one class share expected work
    bool open;
    bool in_service = false;        // a technician is on its way or on site
    bool escalated = false;         // handed to the emergency team too
    std::uint8_t faults = 0;        // visits failed for a technician fault
    std::uint8_t failed_visits = 0; // for any reason (at most 255 counted)
    std::uint32_t stamp = 0;        // changes whenever it leaves or joins the pool
    // The regular technician its last escalation check found could still
    // finish it (kNobody: none yet).
    std::uint32_t relies_on = kNobody;

    static constexpr std::uint32_t kNobody = ~std::uint32_t{0};
};

} // namespace fieldsim::models
