// The zones a technician could come from, nearest first: for each zone an
// order waits in, the zones in order of travel time to it, those at equal
// travel in one group (their technicians then go lowest id first, as one
// group, so that "nearest, then lowest id" holds across zones).
//
// Worked out for a destination the first time an order waits there, per
// travel matrix: the weather swaps the matrix (one per kind of weather),
// never edits one.
#pragma once

#include "models/core/idle_crews.h"
#include "models/workforce/start_rule.h"

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace fieldsim::models::dispatch_detail {

class ZonesByTravel {
  public:
    explicit ZonesByTravel(const StartRule& rule) : rule_(rule) {}

    // Calls visit(group), a span of zones at equal travel to `to`, nearest
    // group first, until it returns true. Returns whether one did.
    template <class Visit> bool find_group(int to, Visit&& visit) {
        const Destination& d = destination(to);
        std::uint32_t begin = 0;
        for (const std::uint32_t end : d.group_ends) {
            if (visit(std::span<const int>(d.zones.data() + begin, end - begin))) return true;
            begin = end;
        }
        return false;
    }

    // Calls visit(tech) for the idle technicians nearest `to` first (lowest
    // id among those equally near) until it returns true, or until
    // too_far(zone) says that the group of zones as far from `to` as `zone`,
    // and all beyond it, may be passed over. Returns whether a visit
    // returned true.
    template <class TooFar, class Visit>
    bool find_idle(int to, const IdleCrews& idle, TooFar&& too_far, Visit&& visit) {
        std::size_t unasked = idle.size();
        bool found = false;
        if (unasked == 0) return false;
        find_group(to, [&](std::span<const int> group) {
            if (too_far(group[0])) return true;
            std::size_t here = 0;
            for (const int zone : group)
                here += idle.waiting_in(zone);
            if (here == 0) return false;
            found = idle.find_if_in(group, visit);
            unasked -= here;
            return found || unasked == 0;
        });
        return found;
    }

  private:
    struct Destination {
        std::vector<int> zones;                // every zone, by travel from it to here
        std::vector<std::uint32_t> group_ends; // where each group of equal travel ends
    };
    struct Table {
        const std::vector<Time>* matrix;
        std::vector<Destination> to; // built on first use: empty zones
    };
    const Destination& destination(int to);
    Destination build(int to) const;

    const StartRule& rule_; // the replication's: today's travel times
    std::vector<Table> tables_;
};

} // namespace fieldsim::models::dispatch_detail
