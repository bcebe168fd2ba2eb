// The future event list as a binary heap ordered by (time, seq), with
// EventQueue's interface and tie order, and one thing more: a rank, so that
// events at the same time go by rank first (a model's fixed order of kinds of
// event, e.g. shift changes before completions before arrivals), then by
// scheduling order. The rank is the top byte of seq.
//
// In the hold model (benchmarks/kernel_hold.cpp) the radix heap of
// EventQueue is the faster of the two at every size. The reference model's
// loop is different: each stream's next arrival waits outside the queue, so
// the loop looks at the next queued time before every step, and only one
// completion per technician is pending (130 in refcity). There this heap,
// eight to eleven levels deep and all in the first-level cache, took 6 %
// fewer instructions and 10 to 20 % less time per replication than the radix
// heap (refcity month and metro-year), for the same results.
// A pop costs one comparison per level (Floyd's bottom-up sift: the hole
// goes down to a leaf along the earlier children, then the last event climbs
// back from there, usually not far), made without a branch. That suits a
// heap in the first-level cache; once the heap outgrows the caches each
// level waits for its load, and the hold benchmark shows it falling to a
// third of std::priority_queue's speed at 10^6 events: EventQueue is the
// queue for those sizes.
//
// Each entry carries (time, seq) as one 128-bit key, time in the high half:
// times are never negative, so the unsigned order of the key is the order of
// events, and a comparison is one subtraction with borrow instead of two
// comparisons and their logic. A sentinel with the largest key sits after
// the last entry, so that a node's right child can always be read (it never
// wins) and the walk down needs no test for a missing child. Together they
// took refcity month from 1,866 to 1,784 instructions per order, and
// walking down by pointer rather than by index 20 more. Four children a node
// (half the levels, three comparisons each) cost 15 more than two; leaving
// the popped root's place for the next push (a technician's next job)
// saved nothing, as that push then walks down the whole heap.
#pragma once

#include "sim/event_queue.h"

#include <vector>

namespace fieldsim::sim {

class EventHeap {
  public:
    static constexpr int kRankShift = 56;

    EventHeap() : heap_(1, kSentinel) {}

    // Throws std::invalid_argument for a time before the last popped one.
    void push(Time time, std::uint32_t kind, std::uint32_t id, std::uint8_t rank = 0) {
        check_not_past(time, last_);
        const Entry entry{key_of(time, reserve_seq(rank)), kind, id};
        const std::size_t hole = size();
        heap_.push_back(kSentinel);
        climb(hole, entry);
    }

    // Precondition: !empty().
    Event pop() {
        const Entry next = heap_.front();
        last_ = time_of(next.key);
        const std::size_t n = size() - 1;
        const Entry last = heap_[n];
        heap_[n] = kSentinel;
        heap_.pop_back();
        if (n > 0) climb(hole_to_leaf(n), last);
        return event_of(next);
    }

    // Precondition: !empty(). Unlike EventQueue::front(), it moves nothing.
    Event front() const { return event_of(heap_.front()); }
    Time next_time() const { return time_of(heap_.front().key); }
    // Whether an event at (time, seq) would come before the front; true when
    // the heap is empty.
    bool precedes_front(Time time, std::uint64_t seq) const {
        return key_of(time, seq) < heap_.front().key;
    }
    std::uint64_t reserve_seq(std::uint8_t rank = 0) {
        return (std::uint64_t{rank} << kRankShift) | next_seq_++;
    }

    bool empty() const { return size() == 0; }
    std::size_t size() const { return heap_.size() - 1; }
    Time last_time() const { return last_; }

    void clear() {
        heap_.assign(1, kSentinel);
        last_ = 0;
        next_seq_ = 0;
    }

  private:
    using Key = __uint128_t;
    struct Entry {
        Key key;
        std::uint32_t kind;
        std::uint32_t id;
    };
    // Later than any event: a real key's time half is at most INT64_MAX.
    static constexpr Entry kSentinel{~Key{0}, 0, 0};

    static Key key_of(Time time, std::uint64_t seq) {
        return (Key{static_cast<std::uint64_t>(time)} << 64) | seq;
    }
    static Time time_of(Key key) { return static_cast<Time>(key >> 64); }
    static Event event_of(const Entry& e) {
        return Event{time_of(e.key), static_cast<std::uint64_t>(e.key), e.kind, e.id};
    }

    // Moves the hole at the root down along the earlier children to a leaf
    // of the n entries; returns where it ended.
    std::size_t hole_to_leaf(std::size_t n) {
        Entry* const heap = heap_.data();
        const Entry* const end = heap + n;
        Entry* hole = heap;
        for (Entry* child = heap + 1; child < end; child = hole + (hole - heap) + 1) {
            child += static_cast<std::ptrdiff_t>(child[1].key < child[0].key);
            *hole = *child;
            hole = child;
        }
        return static_cast<std::size_t>(hole - heap);
    }

    // Puts `entry` at `hole` or above it, shifting later parents down.
    void climb(std::size_t hole, const Entry& entry) {
        Entry* const heap = heap_.data();
        while (hole > 0) {
            const std::size_t parent = (hole - 1) / 2;
            if (heap[parent].key < entry.key) break;
            heap[hole] = heap[parent];
            hole = parent;
        }
        heap[hole] = entry;
    }

    std::vector<Entry> heap_; // the entries in heap order, then the sentinel
    Time last_ = 0;
    std::uint64_t next_seq_ = 0;
};

} // namespace fieldsim::sim
