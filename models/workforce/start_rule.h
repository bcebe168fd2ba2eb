// The work rule dispatch asks before a technician sets out: it may start a
// job only if it holds the order's skill, would arrive by the night limit,
// and could finish by the latest end its shift, break and working-hour limits
// allow, at the order's expected work time. A job once started is always
// finished.
#pragma once

#include "sim/time.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace fieldsim::models {

using sim::Time;

// The technician asking, seen from dispatch.
struct Seeker {
    int zone;
    Time now;
    Time latest_end;        // of a job started now
    Time latest_end_urgent; // of a job for an order due by `urgent_by` (the law allows more)
    Time urgent_by;         // the end of the technician's working day
    std::uint64_t skills;   // bit s: holds skill s; bit 0, "none needed", always
    Time latest_arrival = sim::kNever; // night safety: no visit starts later
    // By the shift and an untaken break alone (latest_end may be earlier,
    // under the law), and when today's overtime begins: a wait on site for
    // a window ends by the one, and after the other it is not overtime.
    Time shift_end = sim::kNever;
    Time regular_end = sim::kNever;

    Time end_for(Time due) const { return due <= urgent_by ? latest_end_urgent : latest_end; }
};

// A break the technician has still to take, its window not yet open when
// it is next free (city-rules 5): it starts at the first idle moment in the
// window (none at or after the regular end), and until then no job may
// start that would end past the window's end (the Seeker's latest ends say
// so). `after`: the technician once it has taken it, whose ends the break
// no longer bounds.
struct BreakAhead {
    Time from; // the window opens
    Time length;
    Seeker after;
};

// Travel times, and expected work and skill per dispatch class: what the
// start rule needs.
struct StartRule {
    // A plain order's window: it opens before any time a start is asked for.
    static constexpr Time kNoWindow = Time{1} << 50;

    const std::vector<Time>* travel; // zone x zone, row-major
    int zone_count;
    std::vector<Time> expected_work;       // per dispatch class, from the start of work
    std::vector<std::uint8_t> class_skill; // per dispatch class
    std::vector<Time> window; // per dispatch class: an appointment window's length, else kNoWindow
    // How long before a window opens the technician means to be on site
    // (seed 001: 10 minutes); it sets out no sooner than that needs.
    Time early = 0;

    Time travel_time(int from, int to) const {
        return (*travel)[static_cast<std::size_t>(from) * static_cast<std::size_t>(zone_count) +
                         static_cast<std::size_t>(to)];
    }
    // The travel times into one zone, from(zone) == travel_time(zone, to),
    // for a scan over many technicians. Roads are two-way, so the times are
    // symmetric (RoadNetwork) and `to`'s row holds them: read along a row,
    // without the multiply per technician that a column costs.
    struct TravelInto {
        const Time* row;
        Time from(int zone) const { return row[static_cast<std::size_t>(zone)]; }
    };
    TravelInto travel_into(int to) const {
        return {travel->data() +
                static_cast<std::size_t>(to) * static_cast<std::size_t>(zone_count)};
    }
    bool holds(const Seeker& who, std::size_t work_class) const {
        return (who.skills >> class_skill[work_class]) & 1u;
    }
    // When the window of an order of `work_class` due at `due` opens: its
    // due less the window's length (long past without one). A pooled
    // order's window start is that, or past (a third party held it beyond),
    // so that the due time alone tells the wait.
    Time window_start(std::uint32_t work_class, Time due) const { return due - window[work_class]; }
    // When work may start for one arriving at `arrival`: one arriving
    // before the window opens waits on site.
    Time work_start(Time arrival, std::uint32_t work_class, Time due) const {
        return std::max(arrival, window_start(work_class, due));
    }
    // When the job would end, at expected times.
    Time expected_end(const Seeker& who, int zone, std::uint32_t work_class, Time due) const {
        return work_start(who.now + travel_time(who.zone, zone), work_class, due) +
               expected_work[work_class];
    }
    // A job set out for at `set_out`, `travel` away, whose work may start at
    // `ready`: when it is on site, at the later of when it could get there
    // and `early` before `ready` (its set-out put off to then); and the
    // arrival the working-hour law judges it by, which counts a set-out put
    // off past the regular end from the regular end (or from `set_out`, if
    // later): the idle time before it is not overtime (8.12).
    struct Arrival {
        Time on_site;
        Time for_law;
    };
    Arrival arrival(Time set_out, Time travel, Time ready, Time regular_end) const {
        return arrival_aiming(set_out, travel, ready - early, regular_end);
    }
    // The same for one meaning to be on site at `aimed`.
    static Arrival arrival_aiming(Time set_out, Time travel, Time aimed, Time regular_end) {
        const Time soonest = set_out + travel;
        // Read so, the common case (no window to be early for) costs one
        // comparison.
        if (aimed <= soonest) [[likely]]
            return {soonest, soonest};
        return put_off(set_out, travel, aimed, regular_end);
    }
    // The same when `aimed` is later than `set_out` + `travel` (a scan over
    // many technicians tests that itself, `aimed` worked out once).
    static Arrival put_off(Time set_out, Time travel, Time aimed, Time regular_end) {
        // (The travel added after the least: a regular end may be never.)
        return {aimed, std::max(set_out + travel,
                                std::min(aimed - travel, std::max(set_out, regular_end)) + travel)};
    }
    // The end the working-hour law judges a job by: its travel and work
    // after the regular end are overtime, a wait on site then is not (8.12),
    // so its work counts as if started on arrival once the regular end has
    // passed.
    static Time law_end_of(Time arrival, Time ready, Time work, Time regular_end) {
        return std::max(arrival, std::min(ready, regular_end)) + work;
    }
    // How much later a job of `work_class` due at `due`, set out for at
    // `set_out` and `travel` away, could end, negative when it may not
    // start: its end against the shift's, the end the law judges against
    // the latest end, its arrival against the night limit.
    Time slack(const Seeker& who, Time set_out, Time travel, std::uint32_t work_class,
               Time due) const {
        const Time ready = window_start(work_class, due);
        const Time work = expected_work[work_class];
        const Arrival at = arrival(set_out, travel, ready, who.regular_end);
        return std::min({who.shift_end - (std::max(at.on_site, ready) + work),
                         who.end_for(due) - law_end_of(at.for_law, ready, work, who.regular_end),
                         who.latest_arrival - at.on_site});
    }
    bool may_start(const Seeker& who, int zone, std::uint32_t work_class, Time due) const {
        return holds(who, work_class) &&
               slack(who, who.now, travel_time(who.zone, zone), work_class, due) >= 0;
    }
    // may_start of one holding `skills`, for a job needing `skill`, expected
    // to arrive at `arrival` and end at `end`, against the latest end
    // (end_for) and arrival that apply to it. The caller, who has the
    // travel, gives the arrival and the skill: a scan over many technicians
    // reads them once, not each a second time through the work class.
    static bool allows(std::uint64_t skills, unsigned skill, Time arrival, Time end,
                       Time latest_end, Time latest_arrival) {
        return ((skills >> skill) & 1u) && end <= latest_end && arrival <= latest_arrival;
    }
};

} // namespace fieldsim::models
