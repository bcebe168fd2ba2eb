// The future event list of the models: a timing wheel ordered by time, then
// rank (a model's fixed order of kinds of event, e.g. shift changes before
// completions before arrivals, the top byte of seq), then scheduling order.
//
// A model's events are mostly due within hours: a technician's job or break
// ends within hours of its start, one such event per technician at most,
// and the day's shift changes come within the day. An event goes into the
// slot of a ring that covers its time (slots of 2^slot_bits seconds,
// slot_count of them), in order among that slot's few events; a pop takes
// the front slot's first and finds the next non-empty slot by its bit
// (RingMask). The front is kept at hand, so that a loop merging this list
// with events kept outside it (a stream's next arrival) reads it without a
// search. Against a binary heap of the same events, whose push and pop each
// walked its levels, refcity month went from 1,672 to 1,617 instructions an
// order and the metro year (1,300 technicians) from 1,840 to 1,778; keeping
// each slot's tail, so that a burst of events due at one time (the city's
// releases at an appointment window's start) is appended rather than walked,
// costs refcity 17 of those back and saves the city example 28. For millions
// of pending events spread far ahead EventQueue, the radix heap, is the list.
//
// Time never runs backwards: an event is pushed no earlier than the last
// one popped, and the ring spans slot_count slots from that one's slot. An
// event past that span (tomorrow's evening, an appointment next week)
// waits in a binary heap, the overflow, until the ring reaches it.
#pragma once

#include "sim/event_queue.h"
#include "sim/ring_mask.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace fieldsim::sim {

class Calendar {
  public:
    static constexpr int kRankShift = 56;

    // Slots of 2^slot_bits seconds, slot_count of them (a power of two, at
    // least 64). The defaults span 18 hours in slots of 64 s.
    explicit Calendar(unsigned slot_bits = 6, std::size_t slot_count = 1024)
        : slot_bits_(slot_bits), slots_(slot_count), occupied_(slot_count),
          heads_(slot_count, kNil), tails_(slot_count, kNil) {}

    // Throws std::invalid_argument for a time before the last popped one.
    // Forced inline: called, it cost refcity month 6 instructions an order
    // and the city example 11.
    [[gnu::always_inline]] void push(Time time, std::uint32_t kind, std::uint32_t id,
                                     std::uint8_t rank = 0) {
        check_not_past(time, last_);
        const Event event{time, reserve_seq(rank), kind, id};
        ++size_;
        const std::uint64_t slot = slot_of(time);
        if (slot >= cursor_ + slots_) return put_far(event);
        const auto r = static_cast<std::uint32_t>(slot & (slots_ - 1));
        insert_sorted(r, event);
        if (before(event, front_)) {
            front_ = event;
            front_slot_ = r;
        }
    }

    // Precondition: !empty().
    Event pop() {
        const Event first = front_;
        --size_;
        if (front_slot_ == kFar)
            take_far_front();
        else
            unlink_head(front_slot_);
        last_ = first.time;
        cursor_ = slot_of(first.time);
        if (far_slot_ < cursor_ + slots_) take_in_far();
        find_front();
        return first;
    }

    // Precondition: !empty().
    const Event& front() const { return front_; }
    Time next_time() const { return front_.time; }
    // Whether an event at (time, seq) would come before the front; true when
    // the calendar is empty.
    bool precedes_front(Time time, std::uint64_t seq) const {
        return precedes(time, seq, front_.time, front_.seq);
    }
    std::uint64_t reserve_seq(std::uint8_t rank = 0) {
        return (std::uint64_t{rank} << kRankShift) | next_seq_++;
    }

    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }
    Time last_time() const { return last_; }

    void clear() {
        std::fill(heads_.begin(), heads_.end(), kNil);
        std::fill(tails_.begin(), tails_.end(), kNil);
        occupied_ = RingMask(slots_);
        nodes_.clear();
        far_.clear();
        far_slot_ = kNoSlot;
        free_ = kNil;
        cursor_ = 0;
        last_ = 0;
        next_seq_ = 0;
        front_ = kNone;
        front_slot_ = kFar;
        size_ = 0;
    }

  private:
    static constexpr std::uint32_t kNil = UINT32_MAX;
    static constexpr std::uint32_t kFar = UINT32_MAX;
    static constexpr std::uint64_t kNoSlot = UINT64_MAX; // far_slot_ with far_ empty
    static constexpr Event kNone{kNever, UINT64_MAX, 0, 0};
    struct Node {
        Event event;
        std::uint32_t next;
    };

    std::uint64_t slot_of(Time time) const {
        return static_cast<std::uint64_t>(time) >> slot_bits_;
    }
    static bool before(const Event& a, const Event& b) {
        return precedes(a.time, a.seq, b.time, b.seq);
    }
    // std::*_heap keep the greatest element in front; make that the earliest.
    static bool later(const Event& a, const Event& b) { return before(b, a); }

    // A slot's events are a list, earliest first, of nodes reused through
    // a free list: a pop takes the head, and a push most often goes after
    // the tail (events due at one time, such as a day's releases at an
    // appointment window's start, come in the order they are scheduled).
    // Forced inline into push, where the compiler left a call: 7
    // instructions an order fewer on refcity month, 28 on the city example.
    [[gnu::always_inline]] void insert_sorted(std::uint32_t r, const Event& event) {
        const std::uint32_t node = new_node(event); // first: it may move the nodes
        occupied_.set(r);
        if (heads_[r] == kNil) {
            heads_[r] = tails_[r] = node;
            return;
        }
        if (!before(event, nodes_[tails_[r]].event)) {
            nodes_[tails_[r]].next = node;
            tails_[r] = node;
            return;
        }
        std::uint32_t* link = &heads_[r];
        while (before(nodes_[*link].event, event))
            link = &nodes_[*link].next;
        nodes_[node].next = *link;
        *link = node;
    }

    std::uint32_t new_node(const Event& event) {
        if (free_ == kNil) {
            nodes_.push_back(Node{event, kNil});
            return static_cast<std::uint32_t>(nodes_.size() - 1);
        }
        const std::uint32_t node = free_;
        free_ = nodes_[node].next;
        nodes_[node] = Node{event, kNil};
        return node;
    }

    void unlink_head(std::uint32_t r) {
        const std::uint32_t node = heads_[r];
        heads_[r] = nodes_[node].next;
        nodes_[node].next = free_;
        free_ = node;
        if (heads_[r] == kNil) occupied_.clear(r);
    }

    // The head of the first non-empty slot from the cursor's, going round
    // (the ring's order from there is the order of time), or the
    // overflow's earliest when the ring is empty. Every event in the ring
    // is earlier than every one in the overflow, which holds only slots
    // past the ring's span from the cursor.
    void find_front() {
        const std::size_t r = occupied_.next(cursor_ & (slots_ - 1));
        if (r != slots_) {
            front_ = nodes_[heads_[r]].event;
            front_slot_ = static_cast<std::uint32_t>(r);
        } else {
            front_ = far_.empty() ? kNone : far_.front();
            front_slot_ = kFar;
        }
    }

    // The overflow is rare (events more than the ring's span ahead): its
    // paths are kept out of line, so as not to crowd the callers' loops.
    [[gnu::noinline]] void put_far(const Event& event) {
        far_.push_back(event);
        std::push_heap(far_.begin(), far_.end(), later);
        far_slot_ = slot_of(far_.front().time);
        if (before(event, front_)) {
            front_ = event;
            front_slot_ = kFar;
        }
    }

    [[gnu::noinline]] void take_far_front() {
        std::pop_heap(far_.begin(), far_.end(), later);
        far_.pop_back();
        far_slot_ = far_.empty() ? kNoSlot : slot_of(far_.front().time);
    }

    // The ring has reached the overflow's earliest: those within its span go in.
    [[gnu::noinline]] void take_in_far() {
        while (far_slot_ < cursor_ + slots_) {
            const Event event = far_.front();
            take_far_front();
            insert_sorted(static_cast<std::uint32_t>(slot_of(event.time) & (slots_ - 1)), event);
        }
    }

    unsigned slot_bits_;
    std::size_t slots_;                // heads_.size(), kept: read at every push and pop
    RingMask occupied_;                // slot r: heads_[r] is a list
    std::vector<std::uint32_t> heads_; // slot s's earliest node at heads_[s % size]
    std::vector<std::uint32_t> tails_; // and its latest, while it has a head
    std::vector<Node> nodes_;          // the lists' nodes, in use or free
    std::uint32_t free_ = kNil;        // the free nodes' list
    std::vector<Event> far_;           // past the ring's span: a heap, earliest in front
    std::uint64_t far_slot_ = kNoSlot; // far_'s earliest's slot, kept: read at every pop
    std::uint64_t cursor_ = 0;         // the last popped event's slot
    Time last_ = 0;                    // the last popped event's time
    std::uint64_t next_seq_ = 0;
    Event front_ = kNone;
    std::uint32_t front_slot_ = kFar; // where front_ is: a ring slot, or the overflow
    std::size_t size_ = 0;
};

} // namespace fieldsim::sim
