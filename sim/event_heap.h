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
#pragma once

#include "sim/event_queue.h"

#include <vector>

namespace fieldsim::sim {

class EventHeap {
  public:
    static constexpr int kRankShift = 56;

    // Throws std::invalid_argument for a time before the last popped one.
    void push(Time time, std::uint32_t kind, std::uint32_t id, std::uint8_t rank = 0) {
        check_not_past(time, last_);
        const Event event{time, reserve_seq(rank), kind, id};
        heap_.push_back(event);
        climb(heap_.size() - 1, event);
    }

    // Precondition: !empty().
    Event pop() {
        const Event next = heap_.front();
        last_ = next.time;
        const Event last = heap_.back();
        heap_.pop_back();
        if (!heap_.empty()) climb(hole_to_leaf(), last);
        return next;
    }

    // Precondition: !empty(). Unlike EventQueue::front(), it moves nothing.
    const Event& front() const { return heap_.front(); }
    Time next_time() const { return heap_.front().time; }
    std::uint64_t reserve_seq(std::uint8_t rank = 0) {
        return (std::uint64_t{rank} << kRankShift) | next_seq_++;
    }

    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    Time last_time() const { return last_; }

    void clear() {
        heap_.clear();
        last_ = 0;
        next_seq_ = 0;
    }

  private:
    static bool earlier(const Event& a, const Event& b) {
        return precedes(a.time, a.seq, b.time, b.seq);
    }

    // Moves the hole at the root down along the earlier children to a leaf;
    // returns where it ended.
    std::size_t hole_to_leaf() {
        const std::size_t n = heap_.size();
        std::size_t hole = 0;
        for (std::size_t child = 1; child < n; child = 2 * hole + 1) {
            if (child + 1 < n) child += earlier(heap_[child + 1], heap_[child]);
            heap_[hole] = heap_[child];
            hole = child;
        }
        return hole;
    }

    // Puts `event` at `hole` or above it, shifting later parents down.
    void climb(std::size_t hole, const Event& event) {
        while (hole > 0) {
            const std::size_t parent = (hole - 1) / 2;
            if (earlier(heap_[parent], event)) break;
            heap_[hole] = heap_[parent];
            hole = parent;
        }
        heap_[hole] = event;
    }

    std::vector<Event> heap_;
    Time last_ = 0;
    std::uint64_t next_seq_ = 0;
};

} // namespace fieldsim::sim
