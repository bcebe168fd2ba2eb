// The pool of waiting orders split by what the start rule looks at.
//
// The start rule depends on an order only through its zone, its work class
// and its deadline (which limit binds; when an appointment's window opens),
// so the pool is one queue per (zone, class) bucket, earliest (deadline, id)
// in front. Within a bucket travel, work and window length are the same for
// every order, and an earlier deadline never leaves less time (a window that
// opens no later, a limit no lower), so when a bucket's head is out of a
// technician's reach all of it is. Buckets are numbered class by class,
// each class's zones padded to whole 64-bit words of the occupancy mask (a
// power of two of them), so that a look skips a class whose jobs are all too
// long in one step. Classes are laid out skill by skill, each skill's block
// of buckets a power of two: a tournament tree over the buckets then names
// each skill's earliest order at one node (edf.cpp).
#pragma once

#include "models/dispatch/policy.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdint>
#include <vector>

namespace fieldsim::models::dispatch_detail {

// Dispatch priority of an order, smaller first: (deadline, id), ids growing
// with entry time so that ties go to the earlier arrival. Both fit 32 bits:
// deadlines are never negative and come before the calendar's end (limits.h:
// at most 20 years, 6.4e8 s), and a replication sees far fewer than 2^32
// orders (kMaxExpectedOrders is 2e7). One 64-bit number, deadline high,
// compares in one instruction.
using Key = std::uint64_t;

inline Key key_of(const WaitingOrder& order) {
    assert(order.due >= 0 && order.due >> 32 == 0 && order.id >> 32 == 0);
    return (static_cast<Key>(order.due) << 32) | static_cast<std::uint32_t>(order.id);
}
inline Time due_of(Key key) {
    return static_cast<Time>(key >> 32);
}
inline std::uint64_t id_of(Key key) {
    return static_cast<std::uint32_t>(key);
}

constexpr Key kNoOrder = ~Key{0};

inline bool earlier(Key a, Key b) {
    return a < b;
}

class Buckets {
  public:
    explicit Buckets(const StartRule& rule)
        : rule_(rule), classes_(rule_.expected_work.size()),
          skills_(static_cast<std::size_t>(
                      *std::max_element(rule_.class_skill.begin(), rule_.class_skill.end())) +
                  1),
          needed_(skills_ >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << skills_) - 1),
          classes_per_skill_(most_classes_of_a_skill(rule_.class_skill, skills_)),
          words_per_class_(std::bit_ceil((static_cast<std::size_t>(rule_.zone_count) + 63) / 64)),
          zone_shift_(static_cast<unsigned>(std::countr_zero(words_per_class_ * 64))),
          zone_mask_((std::size_t{1} << zone_shift_) - 1),
          block_(std::bit_ceil(classes_per_skill_) << zone_shift_), count_(skills_ * block_),
          queues_(count_), heads_(count_ + 1, kNoOrder), occupied_(count_ / 64, 0),
          bucket_class_(count_, 0) {
        // Each class's row of buckets, and back (padding rows name class 0:
        // they are never occupied).
        std::vector<std::size_t> rows_used(skills_, 0);
        for (std::size_t c = 0; c < classes_; ++c) {
            const std::size_t skill = rule_.class_skill[c];
            first_bucket_.push_back(
                static_cast<std::uint32_t>(skill * block_ + (rows_used[skill]++ << zone_shift_)));
            std::fill_n(bucket_class_.begin() + first_bucket_.back(), zone_mask_ + 1,
                        static_cast<std::uint32_t>(c));
        }
    }

    // Adds the order; returns its bucket, and whether the order is now the
    // bucket's front (its key the bucket's new earliest) or went behind it.
    struct Added {
        std::size_t bucket;
        bool front;
    };
    Added add(const WaitingOrder& order) {
        const std::size_t b =
            first_bucket_[order.work_class] + static_cast<std::size_t>(order.zone);
        const bool front = queues_[b].add(Waiting{key_of(order), order.slot, order.stamp});
        occupied_[b / 64] |= std::uint64_t{1} << (b % 64);
        ++waiting_;
        return {b, front};
    }

    // The earliest key a bucket holds (heads_ may lag it: see set_head).
    Key front(std::size_t b) const { return queues_[b].front(); }
    Key head(std::size_t b) const { return heads_[b]; }
    void set_head(std::size_t b, Key key) { heads_[b] = key; }

    // Removes the bucket's earliest order; its head is left for the caller to set.
    WaitingOrder pop(std::size_t b) {
        const Waiting taken = queues_[b].pop();
        --waiting_;
        if (queues_[b].empty()) occupied_[b / 64] &= ~(std::uint64_t{1} << (b % 64));
        return WaitingOrder{due_of(taken.key),
                            id_of(taken.key),
                            taken.slot,
                            zone_of(b),
                            static_cast<std::uint32_t>(class_of(b)),
                            taken.stamp};
    }

    std::size_t count() const { return count_; } // also the spare head that never wins
    std::size_t waiting() const { return waiting_; }
    std::size_t class_of(std::size_t b) const { return bucket_class_[b]; }
    int zone_of(std::size_t b) const { return static_cast<int>(b & zone_mask_); }
    std::size_t skills() const { return skills_; } // skill ids the classes need: 0 .. skills()-1
    std::size_t block() const { return block_; }   // buckets of one skill, a power of 2

    // The farthest an order of class c due at `due` may be and still be
    // started. Now is taken off the lesser of the two limits rather than off
    // each (the same number: nothing overflows, a latest arrival of kNever
    // included): one subtraction fewer in every check of reach (refcity
    // month 1,325 -> 1,321 instructions an order, the city month 2,905 ->
    // 2,896).
    // An appointment's window that opens too late for its work to end by
    // the shift's end, or (its start taken no later than the regular end,
    // after which a wait is not overtime) by the law's, is out of reach: a
    // wait on site then ends no sooner. So is one the technician would be
    // on site for (`early` before it opens) after the night limit; and one
    // it would set out for after the law's latest start is in reach only
    // from where it can set out at the regular end (StartRule::arrival).
    Time reach(const Seeker& who, std::size_t c, Time due) const {
        const Time work = rule_.expected_work[c];
        const Time ready = rule_.window_start(static_cast<std::uint32_t>(c), due);
        const Time start_by = who.end_for(due) - work;
        // (A window open by now, or none, bounds nothing the travel does not.)
        if (ready > who.now) [[unlikely]]
            return window_reach(who, ready, work, start_by);
        return std::min(start_by, who.latest_arrival) - who.now;
    }
    // The travel times from who's zone, by zone: the row read once for many
    // buckets.
    const Time* travel_from(const Seeker& who) const {
        return &(*rule_.travel)[static_cast<std::size_t>(who.zone) *
                                static_cast<std::size_t>(rule_.zone_count)];
    }
    // The travel to bucket b's zone, from the row of travel_from: indexed by
    // b's zone bits as they are, not by zone_of's int, which would be widened
    // first (refcity month 1,321 -> 1,320 instructions an order, the city
    // month 2,896 -> 2,893).
    Time travel_in(const Time* from, std::size_t b) const { return from[b & zone_mask_]; }

    // Whether `who` may start the head of bucket b.
    bool within_reach(const Seeker& who, std::size_t b) const {
        const std::size_t c = class_of(b);
        return (skills_ == 1 || rule_.holds(who, c)) &&
               travel_in(travel_from(who), b) <= reach(who, c, due_of(heads_[b]));
    }

    // Calls visit(b, travel) for each non-empty bucket of a class needing one
    // of `skills` (held(who) or some of them) and whose zone `who` could
    // reach in time for its head, `travel` from where it is, until visit
    // returns true; returns whether it did. visit then checks the head itself
    // (reach_by). Skill by skill a word of the occupancy mask at a time: the
    // other skills and the empty rows cost nothing, and a class's reach is
    // worked out once for its row. first(w) is a key no later than any head
    // in word w, kNoOrder to pass the word over: the reach of the earliest
    // deadline bounds all the word's, and late in a day, when the head is
    // not due today, it is the shorter reach. Inline into each search, so
    // that what visit keeps (the best bucket found) stays in a register
    // rather than in memory behind the lambda's reference, read again after
    // each store with the members that store might alias.
    template <class Visit, class First>
    [[gnu::always_inline]] bool for_each_open(const Seeker& who, std::uint64_t skills,
                                              Visit&& visit, First&& first) const {
        const Time* from = travel_from(who);
        // A word lies within one class's row (a row is whole words), so its
        // bit i is zone (w * 64 & zone_mask_) + i: travel read at from_word[i].
        for (std::uint64_t rest = skills; rest; rest &= rest - 1) {
            const auto skill = static_cast<std::size_t>(std::countr_zero(rest));
            const std::size_t words = block_ / 64;
            for (std::size_t w = skill * words; w < (skill + 1) * words; ++w) {
                if (occupied_[w] == 0) continue;
                const Key bound = first(w);
                if (bound == kNoOrder) continue;
                const Time most = reach(who, class_of(w * 64), due_of(bound));
                if (most < 0) continue;
                const Time* from_word = from + (w * 64 & zone_mask_);
                for (std::uint64_t bits = occupied_[w]; bits; bits &= bits - 1) {
                    const auto i = static_cast<unsigned>(std::countr_zero(bits));
                    const Time travel = from_word[i];
                    if (travel <= most && visit(w * 64 + i, travel)) return true;
                }
            }
        }
        return false;
    }

    // Whether `who`, `travel` away, may start the head of bucket b, a class
    // it holds the skill for.
    bool reach_by(const Seeker& who, std::size_t b, Time travel) const {
        return travel <= reach(who, class_of(b), due_of(heads_[b]));
    }

    // The skills `who` holds among those the classes need.
    std::uint64_t held(const Seeker& who) const { return who.skills & needed_; }

  private:
    // reach() of an order whose window opens after now (reach() explains).
    Time window_reach(const Seeker& who, Time ready, Time work, Time start_by) const {
        const Time aimed = ready - rule_.early;
        if (ready + work > who.shift_end || std::min(ready, who.regular_end) > start_by ||
            aimed > who.latest_arrival)
            return -1;
        const Time most = std::min(start_by, who.latest_arrival) - who.now;
        if (aimed <= start_by) return most;
        // Set out for from the regular end (or now): none later may leave.
        const Time set_out = std::max(who.now, who.regular_end);
        return set_out > start_by ? -1 : std::min(most, start_by - set_out);
    }

    static std::size_t most_classes_of_a_skill(const std::vector<std::uint8_t>& class_skill,
                                               std::size_t skills) {
        std::vector<std::size_t> count(skills, 0);
        for (const std::uint8_t skill : class_skill)
            ++count[skill];
        return *std::max_element(count.begin(), count.end());
    }

    struct Waiting {
        Key key;
        std::uint32_t slot;
        std::uint32_t stamp;
    };
    // A bucket's orders, earliest first. Orders mostly come in the order of
    // their keys (within a zone and class a later entry is rarely due
    // sooner), so they are kept sorted, added at the back and taken from the
    // front as from a queue: 33 instructions an order fewer than a heap per
    // bucket in refcity (1,617 -> 1,584). One due sooner than the last is put
    // in its place, moving those due after it (few: of one zone and class).
    // Taken orders leave the front in bulk, when they are most of it.
    class Queue {
      public:
        bool empty() const { return first_ == items_.size(); }
        Key front() const { return empty() ? kNoOrder : items_[first_].key; }
        // Returns whether the order is now the front.
        bool add(const Waiting& order) {
            const bool was_empty = empty();
            if (was_empty || !earlier(order.key, items_.back().key)) {
                items_.push_back(order);
                return was_empty;
            }
            const auto first = items_.begin() + static_cast<std::ptrdiff_t>(first_);
            const auto at = std::upper_bound(
                first, items_.end(), order,
                [](const Waiting& a, const Waiting& b) { return earlier(a.key, b.key); });
            const bool front = at == first;
            items_.insert(at, order);
            return front;
        }
        // Precondition: !empty().
        Waiting pop() {
            const Waiting taken = items_[first_++];
            if (empty()) {
                items_.clear();
                first_ = 0;
            } else if (first_ >= 64 && 2 * first_ >= items_.size()) {
                items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(first_));
                first_ = 0;
            }
            return taken;
        }

      private:
        std::vector<Waiting> items_; // sorted; those before first_ are taken
        std::size_t first_ = 0;
    };

    const StartRule& rule_; // the replication's: today's travel times
    std::size_t classes_;
    std::size_t skills_;
    std::uint64_t needed_;          // bit s for each skill s < skills_
    std::size_t classes_per_skill_; // the most classes that need one skill
    std::size_t words_per_class_;
    unsigned zone_shift_;   // a class's row of buckets: 1 << zone_shift_ zones
    std::size_t zone_mask_; // a bucket's zone within its row: its bits below zone_shift_
    std::size_t block_;
    std::size_t count_;
    std::vector<Queue> queues_;
    std::vector<Key> heads_;              // per bucket, kNoOrder when empty; one spare at the end
    std::vector<std::uint64_t> occupied_; // bit b: bucket b is not empty
    std::vector<std::uint32_t> bucket_class_; // per bucket: its class, read in one load
    std::vector<std::uint32_t> first_bucket_; // per class: its bucket in zone 0
    std::size_t waiting_ = 0;
};

} // namespace fieldsim::models::dispatch_detail
