// The future event list: a radix heap over integer times.
//
// Simulation time never runs backwards, so every new event is at or after the
// last one taken out. A radix heap exploits exactly that: events sit in 64
// buckets by the highest bit in which their time differs from the last popped
// time, and each event moves down a bucket only a few times over its life.
// That is cheaper than the log2(n) comparisons of a binary heap and walks
// memory sequentially, which is what matters at a million pending events.
//
// Ties are broken by insertion order: events of equal time always share a
// bucket and keep their relative order when a bucket is redistributed, and
// bucket 0 (time == last popped) is drained front to back. `seq` records that
// order, so that it can be checked, and so that a model that keeps some
// events outside the queue (a stream's next arrival) can reserve a place in
// it with reserve_seq() and break ties with queued events the same way.
#pragma once

#include "sim/time.h"

#include <array>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace fieldsim::sim {

struct Event {
    Time time;
    std::uint64_t seq;
    std::uint32_t kind;
    std::uint32_t id;
};

// The order of events: by time, ties by seq (insertion order). As one signed
// 128-bit comparison, time in the high half: two's complement compares the
// high halves as signed and the low ones as unsigned, which is that order,
// in one subtraction with borrow and no branch (in a tournament, which of
// two comes first is a coin toss the branch predictor loses half the time).
inline bool precedes(Time a_time, std::uint64_t a_seq, Time b_time, std::uint64_t b_seq) {
    const auto key = [](Time time, std::uint64_t seq) {
        return static_cast<__int128_t>(
            (static_cast<__uint128_t>(static_cast<std::uint64_t>(time)) << 64) | seq);
    };
    return key(a_time, a_seq) < key(b_time, b_seq);
}

[[noreturn, gnu::cold, gnu::noinline]] inline void throw_past(Time time, Time now) {
    throw std::invalid_argument("event scheduled in the past: time " + std::to_string(time) +
                                " < now " + std::to_string(now));
}

// Scheduling into the past is always a model bug. Forced inline, the throw
// apart: the compiler left a call to the whole check in start_job, a call
// per order for one comparison.
[[gnu::always_inline]] inline void check_not_past(Time time, Time now) {
    if (time < now) [[unlikely]]
        throw_past(time, now);
}

class EventQueue {
  public:
    // Throws std::invalid_argument for a time before the last popped one.
    void push(Time time, std::uint32_t kind, std::uint32_t id) {
        check_not_past(time, last_);
        put(Event{time, next_seq_++, kind, id});
        ++size_;
    }

    // Precondition: !empty().
    Event pop() {
        const Event next = front();
        ++head_;
        --size_;
        return next;
    }

    // The next event, left in the queue; precondition: !empty(). Like pop(),
    // it makes that event's time the reference: pushes before it throw.
    const Event& front() {
        if (head_ == buckets_[0].size()) refill();
        return buckets_[0][head_];
    }

    // Time of the next event; precondition: !empty(). It only looks: moving the
    // reference time here would make pushes between now and that event throw.
    Time next_time() const {
        if (head_ < buckets_[0].size()) return buckets_[0][head_].time;
        return min_time(buckets_[lowest_nonempty()]);
    }

    // A place in the tie order for an event kept outside the queue: among
    // events of equal time it comes after those pushed before this call and
    // before those pushed after it.
    std::uint64_t reserve_seq() { return next_seq_++; }

    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }
    // The time of the last popped event (0 before the first): pushes before it throw.
    Time last_time() const { return last_; }

    void clear() {
        for (auto& bucket : buckets_)
            bucket.clear();
        occupied_ = 0;
        head_ = 0;
        size_ = 0;
        last_ = 0;
        next_seq_ = 0;
    }

  private:
    // Times are never negative (the reference starts at 0 and nothing is
    // accepted below it), so bit 63 never differs and 64 buckets suffice.
    static constexpr std::size_t kBuckets = 64;

    std::size_t bucket_of(Time time) const {
        const auto diff = static_cast<std::uint64_t>(time) ^ static_cast<std::uint64_t>(last_);
        return diff == 0 ? 0 : 64 - static_cast<std::size_t>(std::countl_zero(diff));
    }

    static std::uint64_t bit(std::size_t bucket) { return std::uint64_t{1} << bucket; }

    // The lowest non-empty bucket above 0, read off the occupancy mask: at a
    // thousand pending events that is a fifth faster than walking the buckets.
    // Precondition: !empty().
    std::size_t lowest_nonempty() const {
        return static_cast<std::size_t>(std::countr_zero(occupied_ & ~bit(0)));
    }

    void put(const Event& e) {
        const std::size_t b = bucket_of(e.time);
        buckets_[b].push_back(e);
        occupied_ |= bit(b);
    }

    static Time min_time(const std::vector<Event>& events) {
        Time min = events.front().time;
        for (const Event& e : events)
            if (e.time < min) min = e.time;
        return min;
    }

    // Bucket 0 is exhausted: take the lowest non-empty bucket, make its
    // minimum the new reference time and spread its events over lower buckets.
    void refill() {
        buckets_[0].clear();
        head_ = 0;
        const std::size_t source = lowest_nonempty();
        auto& events = buckets_[source];
        last_ = min_time(events);
        occupied_ &= ~bit(source);
        for (const Event& e : events)
            put(e);
        events.clear();
    }

    std::array<std::vector<Event>, kBuckets> buckets_{};
    std::uint64_t occupied_ = 0; // for b >= 1, bit b is set iff bucket b holds events
    std::size_t head_ = 0;
    std::size_t size_ = 0;
    Time last_ = 0;
    std::uint64_t next_seq_ = 0;
};

} // namespace fieldsim::sim
