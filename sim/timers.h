// Timers kept by id, most of them cancelled before they fire: a calendar
// queue whose cancel costs as little as its set.
//
// A model that arms a timeout per entity (an order's escalation check, say)
// and disarms it when the entity is served pays, in a heap, a walk of
// log2(n) levels to take each stale timer out when it comes due. Here a
// timer sits in the slot of a ring that covers its time (slots of
// 2^slot_bits seconds, slot_count of them), unsorted, and its id holds a
// tag, counted up at each set and each cancel (odd while set): an entry
// whose tag is no longer its id's is stale. A cancel only counts the tag
// up, leaving its entry where it is; the stale entries are dropped when
// their slot comes to the front, and only the live ones are then sorted.
// (Taking an entry out at its cancel, and recording each entry's place to
// find it, cost the city example 36 instructions an order more: 98% of its
// escalation checks are cancelled.) The front slot, the earliest that may
// hold a live timer, is kept sorted, earliest first from a head index that
// moves past the stale; a timer set there, most often the latest, is
// appended.
//
// Timers fire in (time, seq) order, seq being a place in a queue's tie order
// reserved by the caller (Calendar::reserve_seq), so that they merge
// exactly with that queue's events. Time never runs backwards: a timer is
// set no earlier than the slot of the last one fired, and the ring spans
// slot_count slots from there; a time past that span waits in an unsorted
// overflow list until the ring reaches it.
#pragma once

#include "sim/event_queue.h"
#include "sim/ring_mask.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace fieldsim::sim {

struct Timer {
    Time time;
    std::uint64_t seq;
    std::uint32_t id;
};

class Timers {
  public:
    // Slots of 2^slot_bits seconds, slot_count of them (a power of two, at least 64).
    explicit Timers(unsigned slot_bits = 12, std::size_t slot_count = 1024)
        : slot_bits_(slot_bits), slots_(slot_count), occupied_(slot_count), ring_(slot_count) {
        spare_.reserve(slot_count);
    }

    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }
    bool pending(std::uint32_t id) const { return id < ids_ && (tags_[id] & 1) != 0; }
    // The earliest time set() accepts: the start of the last fired timer's slot.
    Time floor() const { return floor_; }

    // Arms id's timer. Throws std::invalid_argument for a time before
    // floor(), std::logic_error when id's timer is already set.
    void set(std::uint32_t id, Time time, std::uint64_t seq) {
        if (id >= ids_) grow_tags(id);
        std::uint32_t& tag = tags_[id];
        if ((tag & 1) != 0) [[unlikely]]
            throw std::logic_error("timer " + std::to_string(id) + " is already set");
        if (time < floor_) [[unlikely]]
            throw std::invalid_argument("timer set at " + std::to_string(time) +
                                        ", before the calendar's floor " + std::to_string(floor_));
        ++size_;
        put(Entry{time, seq, id, ++tag});
    }

    // Disarms id's timer: its entry, now stale, stays until its slot is
    // reached. Precondition: pending(id).
    void cancel(std::uint32_t id) {
        ++tags_[id];
        --size_;
    }

    // The earliest timer; precondition: !empty(). Inline when the head is
    // live, as it is for a timer looked at and then popped.
    Timer front() {
        const auto& list = ring_[ring_index(front_)];
        if (head_ < list.size() && live(list[head_])) return list[head_].timer();
        return seek_front();
    }

    // Removes and returns the earliest timer, the new floor; precondition: !empty().
    Timer pop() {
        const Timer first = front();
        cancel(first.id);
        cursor_ = slot_of(first.time);
        floor_ = static_cast<Time>(cursor_ << slot_bits_);
        front_ = std::max(front_, cursor_);
        if (!far_.empty()) take_in_far();
        return first;
    }

  private:
    struct Entry {
        Time time;
        std::uint64_t seq;
        std::uint32_t id;
        std::uint32_t tag; // its id's tag when set
        Timer timer() const { return Timer{time, seq, id}; }
    };

    bool live(const Entry& entry) const { return tags_[entry.id] == entry.tag; }

    // The head moved past the stale, and on to the next slots while the
    // front's is used up.
    [[gnu::noinline]] Timer seek_front() {
        for (;;) {
            const std::size_t r = ring_index(front_);
            auto& list = ring_[r];
            for (; head_ < list.size(); ++head_)
                if (live(list[head_])) return list[head_].timer();
            if (!list.empty()) release(r);
            head_ = 0;
            const std::size_t next = occupied_.next(r);
            if (next == slots_) return earliest_far();
            front_ += (next - r) & (slots_ - 1);
            sort_live(next);
        }
    }

    [[gnu::noinline]] void grow_tags(std::uint32_t id) {
        tags_.resize(std::max<std::size_t>(id + 1, 2 * tags_.size()));
        ids_ = tags_.size();
    }

    std::uint64_t slot_of(Time time) const {
        return static_cast<std::uint64_t>(time) >> slot_bits_;
    }
    std::size_t ring_index(std::uint64_t slot) const { return slot & (slots_ - 1); }

    // Into the ring, or past its span into the overflow. Every slot between
    // the floor's and the front's is empty: a timer due before the front
    // makes its slot the front, and the slot it leaves, whose entries
    // before the head are all stale, is sorted anew when it is reached.
    // Forced inline into set(), where the compiler left a call: 18
    // instructions an order fewer on the city example.
    [[gnu::always_inline]] void put(const Entry& entry) {
        const std::uint64_t slot = slot_of(entry.time);
        if (slot >= cursor_ + slots_) return far_.push_back(entry);
        const std::size_t r = ring_index(slot);
        if (ring_[r].empty()) occupy(r);
        if (slot == front_) return insert_sorted(ring_[r], entry);
        if (slot < front_) {
            head_ = 0;
            front_ = slot;
        }
        ring_[r].push_back(entry);
    }

    // A slot's list is used once a turn of the ring (48 days by default), so
    // an emptied list's storage goes to the next slot to be filled rather
    // than staying with its slot: without, every slot's list grew anew by
    // doubling, 3,900 allocations in a city month with an emergency team.
    void occupy(std::size_t r) {
        occupied_.set(r);
        if (ring_[r].capacity() == 0 && !spare_.empty()) {
            ring_[r].swap(spare_.back());
            spare_.pop_back();
        }
    }
    void release(std::size_t r) {
        occupied_.clear(r);
        ring_[r].clear();
        spare_.emplace_back().swap(ring_[r]);
    }

    static bool earlier(const Entry& a, const Entry& b) {
        return precedes(a.time, a.seq, b.time, b.seq);
    }

    // Into the front slot, in order from its head: a timer set no earlier
    // than the last fired goes no earlier than the head. Those after it move
    // up as they are passed (through vector::insert, a memmove called for
    // the city example's 2 or 3 entries: 3 instructions an order more).
    void insert_sorted(std::vector<Entry>& list, const Entry& entry) {
        list.push_back(entry);
        auto at = list.end() - 1;
        const auto head = list.begin() + static_cast<std::ptrdiff_t>(head_);
        for (; at != head && earlier(entry, *(at - 1)); --at)
            *at = *(at - 1);
        *at = entry;
    }

    // A slot become the front: its stale entries dropped, the rest sorted.
    void sort_live(std::size_t r) {
        auto& list = ring_[r];
        std::erase_if(list, [this](const Entry& entry) { return !live(entry); });
        if (list.empty()) return release(r);
        std::sort(list.begin(), list.end(), earlier);
    }

    // With the ring empty the front is in the overflow: a scan, as rare as
    // a timer set more than the ring's span ahead.
    Timer earliest_far() {
        std::erase_if(far_, [this](const Entry& entry) { return !live(entry); });
        return std::min_element(far_.begin(), far_.end(), earlier)->timer();
    }

    // The overflow's live timers now within the ring's span go into it.
    void take_in_far() {
        for (std::size_t i = 0; i < far_.size();) {
            const Entry entry = far_[i];
            const bool stale = !live(entry);
            if (!stale && slot_of(entry.time) >= cursor_ + slots_) {
                ++i;
                continue;
            }
            far_[i] = far_.back();
            far_.pop_back();
            if (!stale) put(entry);
        }
    }

    unsigned slot_bits_;
    std::size_t slots_; // ring_.size(), kept: a vector of vectors' size is a division
    RingMask occupied_; // slot r: ring_[r] holds an entry, live or stale
    std::vector<std::vector<Entry>> ring_;  // slot s at ring_[s % size]
    std::vector<std::vector<Entry>> spare_; // emptied lists' storage, for the next to fill
    std::vector<Entry> far_;                // past the ring's span, unsorted
    std::vector<std::uint32_t> tags_;       // per id: odd while its timer is set
    std::size_t ids_ = 0;                   // tags_.size(), kept: read at every set and cancel
    std::uint64_t cursor_ = 0;              // the last fired timer's slot
    Time floor_ = 0;                        // its start, kept: read at every set
    std::uint64_t front_ = 0; // no slot from cursor_ to it holds an entry; it is sorted
    std::size_t head_ = 0;    // the front slot's first entry not known stale
    std::size_t size_ = 0;    // live timers
};

} // namespace fieldsim::sim
