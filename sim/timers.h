// Timers kept by id, most of them cancelled before they fire: a calendar
// queue whose cancel costs as little as its set.
//
// A model that arms a timeout per entity (an order's escalation check, say)
// and disarms it when the entity is served pays, in a heap, a walk of
// log2(n) levels to take each stale timer out when it comes due. Here a
// timer sits in the slot of a ring that covers its time (slots of
// 2^slot_bits seconds, slot_count of them), unsorted, at a place recorded
// under its id: set and cancel are a few instructions each, and only the
// timers still set when their slot comes to the front are ever sorted. The
// front slot, the earliest that may hold a timer, is kept sorted, earliest
// first from a head index: a timer fired or cancelled there is marked gone
// in its place, and the head moves past the gone ones, so that neither
// moves the others; a timer set there, most often the latest, is appended.
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
    bool pending(std::uint32_t id) const { return id < ids_ && place_[id].set(); }
    // The earliest time set() accepts: the start of the last fired timer's slot.
    Time floor() const { return static_cast<Time>(cursor_ << slot_bits_); }

    // Arms id's timer. Throws std::invalid_argument for a time before
    // floor(), std::logic_error when id's timer is already set.
    void set(std::uint32_t id, Time time, std::uint64_t seq) {
        if (pending(id)) [[unlikely]]
            throw std::logic_error("timer " + std::to_string(id) + " is already set");
        if (time < floor()) [[unlikely]]
            throw std::invalid_argument("timer set at " + std::to_string(time) +
                                        ", before the calendar's floor " + std::to_string(floor()));
        if (id >= ids_) grow_places(id);
        ++size_;
        put(Timer{time, seq, id});
    }

    // Disarms id's timer and returns it. Precondition: pending(id). Forced
    // inline, as put() is: 22 instructions an order fewer on the city example.
    [[gnu::always_inline]] Timer cancel(std::uint32_t id) {
        const Place at = place_[id];
        place_[id] = Place{};
        --size_;
        if (at.list == kFar) return swap_remove(far_, at.index);
        if (at.list == ring_index(front_)) return take_from_front(at.index);
        auto& list = ring_[at.list];
        const Timer gone = swap_remove(list, at.index);
        if (list.empty()) release(at.list);
        return gone;
    }

    // The earliest timer; precondition: !empty().
    const Timer& front() {
        const auto& front_list = ring_[ring_index(front_)];
        if (head_ < front_list.size()) return front_list[head_];
        const std::size_t next = occupied_.next(ring_index(front_));
        if (next == slots_) return earliest_far();
        front_ += (next - ring_index(front_)) & (slots_ - 1);
        auto& list = ring_[next];
        std::sort(list.begin(), list.end(), earlier);
        renumber(next, 0);
        head_ = 0;
        return list.front();
    }

    // Removes and returns the earliest timer, the new floor; precondition: !empty().
    Timer pop() {
        const Timer first = cancel(front().id);
        cursor_ = slot_of(first.time);
        front_ = std::max(front_, cursor_);
        if (!far_.empty()) take_in_far();
        return first;
    }

  private:
    static constexpr std::uint32_t kNone = UINT32_MAX;
    static constexpr std::uint32_t kFar = UINT32_MAX - 1;
    static constexpr std::uint32_t kGone = UINT32_MAX; // the id of a timer gone from the front slot
    struct Place {
        std::uint32_t list = kNone; // a ring slot, or kFar
        std::uint32_t index = 0;
        bool set() const { return list != kNone; }
    };

    [[gnu::noinline]] void grow_places(std::uint32_t id) {
        place_.resize(std::max<std::size_t>(id + 1, 2 * place_.size()));
        ids_ = place_.size();
    }

    std::uint64_t slot_of(Time time) const {
        return static_cast<std::uint64_t>(time) >> slot_bits_;
    }
    std::size_t ring_index(std::uint64_t slot) const { return slot & (slots_ - 1); }

    // Into the ring, or past its span into the overflow. Every slot between
    // the floor's and the front's is empty: a timer due before the front
    // makes its slot the front. Forced inline into set(), where the compiler
    // left a call: 18 instructions an order fewer on the city example.
    [[gnu::always_inline]] void put(const Timer& timer) {
        const std::uint64_t slot = slot_of(timer.time);
        if (slot >= cursor_ + slots_) return append(far_, kFar, timer);
        const std::size_t r = ring_index(slot);
        if (ring_[r].empty()) occupy(r);
        if (slot == front_) return insert_sorted(r, timer);
        if (slot < front_) {
            unsort_front();
            front_ = slot;
        }
        append(ring_[r], static_cast<std::uint32_t>(r), timer);
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
        spare_.push_back(std::move(ring_[r]));
        ring_[r].clear(); // a moved-from vector is valid but unspecified
    }

    void append(std::vector<Timer>& list, std::uint32_t where, const Timer& timer) {
        place_[timer.id] = Place{where, static_cast<std::uint32_t>(list.size())};
        list.push_back(timer);
    }

    Timer swap_remove(std::vector<Timer>& list, std::uint32_t index) {
        const Timer gone = list[index];
        list[index] = list.back();
        list.pop_back();
        if (index < list.size()) place_[list[index].id].index = index;
        return gone;
    }

    static bool earlier(const Timer& a, const Timer& b) {
        return precedes(a.time, a.seq, b.time, b.seq);
    }

    // Into the front slot, in order from its head: a timer set no earlier
    // than the last fired goes no earlier than the head.
    void insert_sorted(std::size_t r, const Timer& timer) {
        auto& list = ring_[r];
        auto at = list.end();
        const auto head = list.begin() + static_cast<std::ptrdiff_t>(head_);
        while (at != head && earlier(timer, *(at - 1)))
            --at;
        at = list.insert(at, timer);
        renumber(r, static_cast<std::size_t>(at - list.begin()));
    }

    // Out of the front slot: marked gone, the head moved past the gone.
    // Emptied, the slot is cleared; mostly gone, its gone front is dropped.
    Timer take_from_front(std::uint32_t index) {
        const std::size_t r = ring_index(front_);
        auto& list = ring_[r];
        const Timer gone = list[index];
        list[index].id = kGone;
        while (head_ < list.size() && list[head_].id == kGone)
            ++head_;
        if (head_ == list.size()) {
            list.clear();
            head_ = 0;
            release(r);
        } else if (head_ >= 64 && 2 * head_ >= list.size()) {
            list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(head_));
            head_ = 0;
            renumber(r, 0);
        }
        return gone;
    }

    // The front moves to an earlier slot: the one it leaves, no longer the
    // front, loses its gone timers.
    void unsort_front() {
        const std::size_t r = ring_index(front_);
        std::erase_if(ring_[r], [](const Timer& timer) { return timer.id == kGone; });
        renumber(r, 0);
        head_ = 0;
    }

    void renumber(std::size_t r, std::size_t from) {
        const auto& list = ring_[r];
        for (std::size_t i = from; i < list.size(); ++i)
            if (list[i].id != kGone)
                place_[list[i].id] =
                    Place{static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(i)};
    }

    // With the ring empty the front is in the overflow: a scan, as rare as
    // a timer set more than the ring's span ahead.
    const Timer& earliest_far() const {
        return *std::min_element(far_.begin(), far_.end(), earlier);
    }

    void take_in_far() {
        for (std::size_t i = 0; i < far_.size();) {
            const Timer timer = far_[i];
            if (slot_of(timer.time) >= cursor_ + slots_) {
                ++i;
                continue;
            }
            swap_remove(far_, static_cast<std::uint32_t>(i));
            put(timer);
        }
    }

    unsigned slot_bits_;
    std::size_t slots_; // ring_.size(), kept: a vector of vectors' size is a division
    RingMask occupied_; // slot r: ring_[r] holds a timer
    std::vector<std::vector<Timer>> ring_;  // slot s at ring_[s % size]
    std::vector<std::vector<Timer>> spare_; // emptied lists' storage, for the next to fill
    std::vector<Timer> far_;                // past the ring's span, unsorted
    std::vector<Place> place_;              // per id: where its timer is
    std::size_t ids_ = 0;                   // place_.size(), kept: read at every set and cancel
    std::uint64_t cursor_ = 0;              // the last fired timer's slot
    std::uint64_t front_ = 0; // no slot from cursor_ to it holds a timer; it is sorted
    std::size_t head_ = 0;    // the front slot's first timer not gone
    std::size_t size_ = 0;
};

} // namespace fieldsim::sim
