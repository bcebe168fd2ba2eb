// Earliest deadline first (ties: earlier arrival, then lower id) among the
// orders the technician may start.
//
// The start rule depends on an order only through its zone and work class,
// so the pool is split into one heap per (zone, class) bucket, and a
// tournament tree over the bucket heads names the earliest head of all. With
// hours of shift left that head is within reach and a look costs one check.
// Late in a shift, when it is not, the look compares the heads of the
// non-empty buckets within reach: never more than zones x classes of them
// however many orders wait.
//
// Buckets are laid out skill by skill, each skill's block a power of two, so
// that a node of the tree names the earliest head of each skill: a technician
// without the skill of the earliest order of all still finds its own earliest
// in one check per skill it holds.
#include "models/dispatch/policy.h"

#include <algorithm>
#include <bit>

namespace fieldsim::models {

namespace {

// Dispatch priority of an order, smaller first: (deadline, id), ids growing
// with entry time so that ties go to the earlier arrival. Deadlines are never
// negative, so both fit one unsigned 128-bit number, deadline high.
using Key = __uint128_t;

Key key_of(const WaitingOrder& order) {
    return (static_cast<Key>(static_cast<std::uint64_t>(order.due)) << 64) | order.id;
}
Time due_of(Key key) {
    return static_cast<Time>(key >> 64);
}
std::uint64_t id_of(Key key) {
    return static_cast<std::uint64_t>(key);
}

constexpr Key kNoOrder = ~Key{0};

// a < b, read off the borrow of a - b. Written as `<`, the comparison of
// 128-bit numbers may compile to branches, and which of two bucket heads is
// earlier is a coin toss that the branch predictor loses half the time.
bool earlier(Key a, Key b) {
    Key difference;
    return __builtin_sub_overflow(a, b, &difference);
}

struct Waiting {
    Key key;
    std::uint32_t slot;
    std::uint32_t stamp;
};

class EdfPolicy final : public DispatchPolicy {
  public:
    // Buckets are numbered class by class within each skill, each class's
    // zones padded to whole 64-bit words of the occupancy mask (a power of two
    // of them), so that a look skips a class whose jobs are all too long for
    // the time left in one step.
    explicit EdfPolicy(const StartRule& rule)
        : rule_(rule), classes_(rule_.expected_work.size()),
          skills_(static_cast<std::size_t>(
                      *std::max_element(rule_.class_skill.begin(), rule_.class_skill.end())) +
                  1),
          classes_per_skill_(classes_ / skills_),
          words_per_class_(std::bit_ceil((static_cast<std::size_t>(rule_.zone_count) + 63) / 64)),
          block_(std::bit_ceil(classes_per_skill_) * words_per_class_ * 64),
          bucket_count_(skills_ * block_), leaves_(std::bit_ceil(bucket_count_)),
          skill_root_(leaves_ / block_),
          zone_shift_(static_cast<unsigned>(std::countr_zero(words_per_class_ * 64))),
          buckets_(bucket_count_), heads_(bucket_count_ + 1, kNoOrder), tree_(2 * leaves_),
          occupied_(bucket_count_ / 64, 0) {
        // Leaves past the last bucket name the spare head that never wins.
        for (std::size_t leaf = 0; leaf < leaves_; ++leaf)
            tree_[leaves_ + leaf] = static_cast<std::uint32_t>(std::min(leaf, bucket_count_));
        for (std::size_t node = leaves_ - 1; node >= 1; --node)
            tree_[node] = winner(tree_[2 * node], tree_[2 * node + 1]);
        // Each class's row of buckets, and back (padding rows name class 0:
        // they are never occupied).
        row_class_.assign(bucket_count_ >> zone_shift_, 0);
        for (std::size_t c = 0; c < classes_; ++c) {
            const std::size_t skill = rule_.class_skill[c];
            first_bucket_.push_back(
                static_cast<std::uint32_t>(skill * block_ + (c - skill * classes_per_skill_) *
                                                                (std::size_t{1} << zone_shift_)));
            row_class_[first_bucket_.back() >> zone_shift_] = static_cast<std::uint32_t>(c);
        }
    }

    void add(const WaitingOrder& order) override {
        const std::size_t b = first_bucket(order.work_class) + static_cast<std::size_t>(order.zone);
        auto& heap = buckets_[b];
        heap.push_back(Waiting{key_of(order), order.slot, order.stamp});
        std::push_heap(heap.begin(), heap.end(), later_first);
        occupied_[b / 64] |= std::uint64_t{1} << (b % 64);
        ++waiting_;
        if (earlier(heap.front().key, heads_[b])) moved_earlier(b, heap.front().key);
    }

    std::optional<WaitingOrder> take(const Seeker& who) override {
        if (waiting_ == 0) return std::nullopt;
        const std::size_t best = choose(who);
        if (best == bucket_count_) return std::nullopt;
        return pop(best);
    }

    std::size_t waiting() const override { return waiting_; }

    bool any_within_reach(const Seeker& who) const override {
        return waiting_ > 0 && choose(who) != bucket_count_;
    }

  private:
    // std::*_heap keep the greatest element in front; make that the earliest.
    static bool later_first(const Waiting& a, const Waiting& b) { return earlier(b.key, a.key); }

    std::uint32_t winner(std::uint32_t a, std::uint32_t b) const {
        const std::uint32_t b_wins = 0u - static_cast<std::uint32_t>(earlier(heads_[b], heads_[a]));
        return a ^ ((a ^ b) & b_wins);
    }

    // The bucket of class c in zone 0.
    std::size_t first_bucket(std::size_t c) const { return first_bucket_[c]; }
    std::size_t class_of(std::size_t b) const { return row_class_[b >> zone_shift_]; }
    int zone_of(std::size_t b) const {
        return static_cast<int>(b & ((std::size_t{1} << zone_shift_) - 1));
    }

    // The bucket `who` should take from, or bucket_count_. When the earliest
    // head of every skill it holds is within reach, the earliest of those;
    // else (late in a shift) a search of the buckets within reach.
    std::size_t choose(const Seeker& who) const {
        if (skills_ > 1) return choose_by_skill(who);
        const std::uint32_t first = tree_[1];
        return within_reach(who, first) ? first : earliest_within_reach(who);
    }

    [[gnu::noinline]] std::size_t choose_by_skill(const Seeker& who) const {
        std::size_t best = bucket_count_;
        const std::uint64_t skills =
            skills_ >= 64 ? who.skills : who.skills & ((std::uint64_t{1} << skills_) - 1);
        for (std::uint64_t held = skills; held; held &= held - 1) {
            const std::uint32_t head =
                tree_[skill_root_ + static_cast<std::size_t>(std::countr_zero(held))];
            if (heads_[head] == kNoOrder) continue;
            if (!within_reach(who, head)) return earliest_within_reach(who);
            if (earlier(heads_[head], heads_[best])) best = head;
        }
        return best;
    }

    // The farthest an order of class c due at `due` may be and still be started.
    Time reach(const Seeker& who, std::size_t c, Time due) const {
        return who.end_for(due) - who.now - rule_.expected_work[c];
    }

    // Whether `who` may start the head of bucket b. The rest of the bucket
    // is due no earlier, so when the head is out of reach all of it is.
    bool within_reach(const Seeker& who, std::size_t b) const {
        const std::size_t c = class_of(b);
        return (skills_ == 1 || rule_.holds(who, c)) &&
               travel_to(who.zone, b) <= reach(who, c, due_of(heads_[b]));
    }

    Time travel_to(int from, std::size_t b) const { return rule_.travel_time(from, zone_of(b)); }

    // The non-empty bucket within reach with the earliest head, or
    // bucket_count_ if none is. Classes whose skill the technician lacks, or
    // whose work no longer fits in the time left even for an order due
    // today, are skipped whole.
    std::size_t earliest_within_reach(const Seeker& who) const {
        std::size_t best = bucket_count_;
        for (std::size_t c = 0; c < classes_; ++c) {
            if (!rule_.holds(who, c) || reach(who, c, who.urgent_by) < 0) continue;
            const std::size_t first_word = first_bucket(c) / 64;
            for (std::size_t w = first_word; w < first_word + words_per_class_; ++w) {
                for (std::uint64_t bits = occupied_[w]; bits; bits &= bits - 1) {
                    const std::size_t b = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
                    if (earlier(heads_[b], heads_[best]) && within_reach(who, b)) best = b;
                }
            }
        }
        return best;
    }

    // A head moved earlier: it wins every match up the tree until one
    // against an earlier head, above which nothing changes.
    void moved_earlier(std::size_t b, Key key) {
        heads_[b] = key;
        for (std::size_t node = (leaves_ + b) / 2; node >= 1; node /= 2) {
            if (earlier(heads_[tree_[node]], key)) break;
            tree_[node] = static_cast<std::uint32_t>(b);
        }
    }

    // A head moved later (or its bucket emptied): replay its matches to the root.
    void moved_later(std::size_t b, Key key) {
        heads_[b] = key;
        for (std::size_t node = (leaves_ + b) / 2; node >= 1; node /= 2)
            tree_[node] = winner(tree_[2 * node], tree_[2 * node + 1]);
    }

    WaitingOrder pop(std::size_t b) {
        auto& heap = buckets_[b];
        std::pop_heap(heap.begin(), heap.end(), later_first);
        const Waiting taken = heap.back();
        heap.pop_back();
        --waiting_;
        if (heap.empty()) occupied_[b / 64] &= ~(std::uint64_t{1} << (b % 64));
        moved_later(b, heap.empty() ? kNoOrder : heap.front().key);
        return WaitingOrder{due_of(taken.key),
                            id_of(taken.key),
                            taken.slot,
                            zone_of(b),
                            static_cast<std::uint32_t>(class_of(b)),
                            taken.stamp};
    }

    const StartRule& rule_; // the replication's: today's travel times
    std::size_t classes_;
    std::size_t skills_;            // skill ids the classes need: 0 .. skills_-1
    std::size_t classes_per_skill_; // class c needs skill c / classes_per_skill_
    std::size_t words_per_class_;
    std::size_t block_; // buckets of one skill, a power of 2
    std::size_t bucket_count_;
    std::size_t leaves_;     // of the tree: bucket_count_ rounded up to a power of 2
    std::size_t skill_root_; // node skill_root_ + s: the earliest head of skill s
    unsigned zone_shift_;    // a class's row of buckets: 1 << zone_shift_ zones
    std::vector<std::uint32_t> first_bucket_; // per class: its bucket in zone 0
    std::vector<std::uint32_t> row_class_;    // per row of buckets: its class
    std::vector<std::vector<Waiting>> buckets_;
    std::vector<Key> heads_;              // per bucket, kNoOrder when empty; one spare at the end
    std::vector<std::uint32_t> tree_;     // node n >= 1: bucket of the earliest head below n
    std::vector<std::uint64_t> occupied_; // bit b: bucket b is not empty
    std::size_t waiting_ = 0;
};

} // namespace

std::unique_ptr<DispatchPolicy> make_edf_policy(const StartRule& rule) {
    return std::make_unique<EdfPolicy>(rule);
}

} // namespace fieldsim::models
