// The technicians waiting for work, lowest id first; filed by how long they
// may work (so that a new order skips at once those who could not finish it
// in time, and near their end those too far to get there and finish: the
// zone each waits in is kept), and, for a policy that sends whoever is
// nearest, by the zone each waits in.
//
// An idle technician stays where it is, and the latest end its shift and
// break allow changes only when it is made idle anew (a shift begins, an
// evening is taken up) or stops waiting (a break, going home), so both are
// read once, when it becomes idle. Ends are few at any time (a group's shift
// or break end, the evening's): a file each, reused once empty. A zone's file
// is a sorted list of ids: the few who wait there, whatever the size of the
// crew; zone filing is kept only when asked for (zones > 0).
#pragma once

#include "sim/index_set.h"
#include "sim/time.h"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace fieldsim::models {

class IdleCrews {
  public:
    explicit IdleCrews(std::size_t technicians, std::size_t zones = 0)
        : all_(technicians), end_file_of_(technicians, 0), filed_(zones > 0), by_zone_(zones),
          zone_of_(technicians, 0) {}

    // `tech` waits in `zone` and may work until `free_until`. One already
    // waiting is filed anew; its membership is tested once.
    void insert(std::size_t tech, int zone, sim::Time free_until) {
        if (all_.contains(tech))
            unfile(tech);
        else
            all_.insert(tech);
        file_by_end(tech, free_until);
        zone_of_[tech] = zone;
        if (filed_) {
            auto& file = by_zone_[static_cast<std::size_t>(zone)];
            file.insert(std::lower_bound(file.begin(), file.end(), tech),
                        static_cast<std::uint32_t>(tech));
        }
    }
    // The test is inlined where it is made; the filing is not.
    void erase(std::size_t tech) {
        if (all_.contains(tech)) remove(tech);
    }
    bool contains(std::size_t tech) const { return all_.contains(tech); }
    bool empty() const { return all_.empty(); }
    std::size_t size() const { return all_.size(); }
    bool filed_by_zone() const { return filed_; }
    const sim::IndexSet& members() const { return all_; }

    // Calls visit(tech) lowest id first until it returns true; visit may
    // make the technician it is given busy. Returns whether one did.
    template <class Visit> bool find_if(Visit&& visit) const { return all_.find_if(visit); }

    // The same over those among `among` (the words of a set of as many as
    // this one's) who may work until `need` or later (the union of the
    // files of ends no earlier, a word at a time), passing over those for
    // whom near(zone, end) fails, `zone` being where one waits and `end`
    // the end it was filed under: a test (could it get there and finish by
    // then) made on what the files hold, without reading the technician. It
    // is made only in the files that end before `sure`, a word before any
    // of it is visited; a file ending at `sure` or later is taken whole
    // (near holds for all in it), so that early in a shift the first one
    // asked is asked as soon.
    //
    // The files are read through their words: all have as many as the set
    // of all, so no read needs word()'s bound test.
    template <class Near, class Visit>
    bool find_if_free_until(const std::uint64_t* among, sim::Time need, sim::Time sure, Near&& near,
                            Visit&& visit) const {
        if (all_.empty()) return false;
        long_enough_.clear();
        for (const EndFile& file : by_end_)
            if (file.end >= need && !file.members.empty())
                long_enough_.push_back({file.members.words(), file.end});
        const std::uint64_t* all = all_.words();
        return sim::IndexSet::find_if_in_words(
            long_enough_.empty() ? 0 : all_.word_count(),
            [&](std::size_t w) {
                std::uint64_t bits = 0;
                const std::uint64_t asked = all[w] & among[w];
                if (asked == 0) return bits;
                for (const FileWords& file : long_enough_)
                    bits |= file.end >= sure ? file.words[w]
                                             : near_in(file.words[w] & asked, w, file.end, near);
                return bits & asked;
            },
            visit);
    }

    // find_if over the technicians waiting in any of `zones`
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
    struct EndFile {
        sim::Time end;
        sim::IndexSet members;
    };

    void file_by_end(std::size_t tech, sim::Time end) {
        std::size_t f = 0;
        while (f < by_end_.size() && by_end_[f].end != end)
            ++f;
        if (f == by_end_.size()) {
            f = 0;
            while (f < by_end_.size() && !by_end_[f].members.empty())
                ++f;
            if (f == by_end_.size())
                by_end_.push_back(EndFile{end, sim::IndexSet(all_.capacity())});
            by_end_[f].end = end;
        }
        by_end_[f].members.insert(tech);
        end_file_of_[tech] = static_cast<std::uint32_t>(f);
    }

    // A file as find_if_free_until reads it.
    struct FileWords {
        const std::uint64_t* words;
        sim::Time end;
    };

    // The members of `word`, word w of a file ending at `end`, for whom
    // near(zone, end) holds. Forced inline: left to the compiler it was
    // called, 7 instructions an order more on the city example.
    template <class Near>
    [[gnu::always_inline]] std::uint64_t near_in(std::uint64_t word, std::size_t w, sim::Time end,
                                                 Near& near) const {
        std::uint64_t bits = 0;
        for (std::uint64_t rest = word; rest; rest &= rest - 1) {
            const std::size_t tech = w * 64 + static_cast<std::size_t>(std::countr_zero(rest));
            if (near(zone_of_[tech], end)) bits |= rest & (~rest + 1);
        }
        return bits;
    }

    [[gnu::noinline]] void remove(std::size_t tech) {
        unfile(tech);
        all_.erase(tech);
    }

    void unfile(std::size_t tech) {
        by_end_[end_file_of_[tech]].members.erase(tech);
        if (!filed_) return;
        auto& file = by_zone_[static_cast<std::size_t>(zone_of_[tech])];
        file.erase(std::lower_bound(file.begin(), file.end(), tech));
    }

    sim::IndexSet all_;
    std::vector<EndFile> by_end_;            // one per end among the idle (or empty, for reuse)
    std::vector<std::uint32_t> end_file_of_; // per technician: its file in by_end_
    bool filed_;
    std::vector<std::vector<std::uint32_t>> by_zone_; // per zone, ids ascending (if filed)
    std::vector<int> zone_of_;                        // per technician: where it waits
    mutable std::vector<FileWords> long_enough_;      // find_if_free_until's files
    mutable std::vector<std::uint32_t> group_;        // find_if_in's copy of a group's files
};

} // namespace fieldsim::models
