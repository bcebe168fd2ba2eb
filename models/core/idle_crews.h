// The technicians waiting for work, lowest id first, and, for a policy that
// sends whoever is nearest, filed by the zone each waits in.
//
// An idle technician stays where it is, so its zone is read once, when it
// becomes idle. A zone's file is a sorted list of ids: the few who wait
// there, whatever the size of the crew. Filing is kept only when asked for
// (zones > 0).
#pragma once

#include "sim/index_set.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace fieldsim::models {

class IdleCrews {
  public:
    explicit IdleCrews(std::size_t technicians, std::size_t zones = 0)
        : all_(technicians), filed_(zones > 0), by_zone_(zones),
          filed_in_(filed_ ? technicians : 0, 0) {}

    void insert(std::size_t tech, int zone) {
        if (filed_) {
            if (all_.contains(tech)) unfile(tech);
            auto& file = by_zone_[static_cast<std::size_t>(zone)];
            file.insert(std::lower_bound(file.begin(), file.end(), tech),
                        static_cast<std::uint32_t>(tech));
            filed_in_[tech] = zone;
        }
        all_.insert(tech);
    }
    void erase(std::size_t tech) {
        if (filed_ && all_.contains(tech)) unfile(tech);
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

    // The same over the technicians waiting in any of `zones`
    // (filed_by_zone()), taken as they are when it is called.
    template <class Visit> bool find_if_in(std::span<const int> zones, Visit&& visit) const {
        group_.clear();
        for (const int zone : zones) {
            const auto& file = by_zone_[static_cast<std::size_t>(zone)];
            group_.insert(group_.end(), file.begin(), file.end());
        }
        if (zones.size() > 1) std::sort(group_.begin(), group_.end());
        for (const std::uint32_t tech : group_)
            if (visit(static_cast<std::size_t>(tech))) return true;
        return false;
    }
    // How many wait in `zone` (filed_by_zone()).
    std::size_t waiting_in(int zone) const {
        return by_zone_[static_cast<std::size_t>(zone)].size();
    }

  private:
    void unfile(std::size_t tech) {
        auto& file = by_zone_[static_cast<std::size_t>(filed_in_[tech])];
        file.erase(std::lower_bound(file.begin(), file.end(), tech));
    }

    sim::IndexSet all_;
    bool filed_;
    std::vector<std::vector<std::uint32_t>> by_zone_; // per zone, ids ascending (if filed)
    std::vector<int> filed_in_;                       // per technician: the zone it was filed in
    mutable std::vector<std::uint32_t> group_;        // find_if_in's copy of a group's files
};

} // namespace fieldsim::models
