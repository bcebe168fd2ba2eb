// The technicians waiting for work, lowest id first, and, for a policy that
// sends whoever is nearest, filed by the zone each waits in.
//
// An idle technician stays where it is, so its zone is read once, when it
// becomes idle. Filing by zone costs a second bit per change and is kept
// only when asked for (zones > 0).
#pragma once

#include "sim/index_set.h"

#include <cstddef>
#include <span>
#include <vector>

namespace fieldsim::models {

class IdleCrews {
  public:
    explicit IdleCrews(std::size_t technicians, std::size_t zones = 0)
        : all_(technicians), filed_(zones > 0), by_zone_(zones, sim::IndexSet(technicians)),
          filed_in_(filed_ ? technicians : 0, 0) {}

    void insert(std::size_t tech, int zone) {
        if (filed_) {
            if (all_.contains(tech)) by_zone_[filed_in_[tech]].erase(tech);
            by_zone_[static_cast<std::size_t>(zone)].insert(tech);
            filed_in_[tech] = zone;
        }
        all_.insert(tech);
    }
    void erase(std::size_t tech) {
        if (filed_ && all_.contains(tech)) by_zone_[filed_in_[tech]].erase(tech);
        all_.erase(tech);
    }
    bool contains(std::size_t tech) const { return all_.contains(tech); }
    bool empty() const { return all_.empty(); }
    std::size_t size() const { return all_.size(); }
    bool filed_by_zone() const { return filed_; }
    const sim::IndexSet& members() const { return all_; }

    // Calls visit(tech) lowest id first until it returns true; visit may
    // make the technician it is given busy. Returns whether one did.
    template <class Visit> bool find_if(Visit&& visit) const { return all_.find_if(visit); }

    // The same over the technicians waiting in any of `zones` (filed_by_zone()).
    // Those in one zone are one word-by-word walk; a group of zones is
    // walked through the union of their words, so that ids stay in order.
    template <class Visit> bool find_if_in(std::span<const int> zones, Visit&& visit) const {
        if (zones.size() == 1) return by_zone_[static_cast<std::size_t>(zones[0])].find_if(visit);
        return sim::IndexSet::find_if_in_union(
            zones.size(), [&](std::size_t i) -> const sim::IndexSet& { return of(zones[i]); },
            visit);
    }
    // How many wait in `zone` (filed_by_zone()).
    std::size_t waiting_in(int zone) const { return of(zone).size(); }

  private:
    const sim::IndexSet& of(int zone) const { return by_zone_[static_cast<std::size_t>(zone)]; }

    sim::IndexSet all_;
    bool filed_;
    std::vector<sim::IndexSet> by_zone_; // empty unless filed by zone
    std::vector<int> filed_in_;          // per technician: the zone it was filed in
};

} // namespace fieldsim::models
