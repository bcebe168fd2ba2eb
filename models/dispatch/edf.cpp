// Earliest deadline first (ties: earlier arrival, then lower id) among the
// orders the technician may start.
//
// A tournament tree over the bucket heads (buckets.h) names the earliest
// head of all. With hours of shift left that head is within reach and a look
// costs one check. Late in a shift, when it is not, the look compares the
// heads of the non-empty buckets within reach: never more than zones x
// classes of them however many orders wait. With skills, a node of the tree
// names each skill's earliest head (buckets.h), so that a technician without
// the skill of the earliest order of all still finds its own in one check
// per skill it holds.
#include "models/dispatch/buckets.h"

namespace fieldsim::models {

namespace {

using namespace dispatch_detail;

class EdfPolicy final : public DispatchPolicy {
  public:
    explicit EdfPolicy(const StartRule& rule)
        : buckets_(rule), leaves_(std::bit_ceil(buckets_.count())),
          skill_root_(leaves_ / buckets_.block()), tree_(2 * leaves_) {
        // Leaves past the last bucket name the spare head that never wins.
        for (std::size_t leaf = 0; leaf < leaves_; ++leaf)
            tree_[leaves_ + leaf] = static_cast<std::uint32_t>(std::min(leaf, buckets_.count()));
        for (std::size_t node = leaves_ - 1; node >= 1; --node)
            tree_[node] = winner(node);
    }

    void add(const WaitingOrder& order) override {
        // Only an order that became its bucket's front changes the tree: it is
        // earlier than the head it replaces (the old front, or none).
        const Buckets::Added added = buckets_.add(order);
        if (added.front) moved_earlier(added.bucket, key_of(order));
    }

    std::optional<WaitingOrder> next_job(std::size_t, const Seeker& who) override {
        if (buckets_.waiting() == 0) return std::nullopt;
        const std::size_t best = choose(who);
        if (best == buckets_.count()) return std::nullopt;
        return pop(best);
    }

    std::size_t waiting() const override { return buckets_.waiting(); }

    // As choose(who) != count(), but any bucket within reach will do: the
    // search stops at the first.
    bool any_within_reach(const Seeker& who) const override {
        if (buckets_.waiting() == 0) return false;
        const Roots roots = skill_roots(who);
        return roots.best != buckets_.count() ||
               (roots.out_of_reach != 0 &&
                buckets_.for_each_open(
                    who, roots.out_of_reach,
                    [&](std::size_t b, Time travel) { return buckets_.reach_by(who, b, travel); },
                    [&](std::size_t w) { return word_first(w); }));
    }

  private:
    // The bucket `who` should take from, or count(). When the earliest head
    // of every skill it holds is within reach, the earliest of those; else
    // (late in a shift) a search of the buckets within reach.
    std::size_t choose(const Seeker& who) const {
        if (buckets_.skills() > 1) return choose_by_skill(who);
        const std::uint32_t first = tree_[1];
        return buckets_.within_reach(who, first)
                   ? first
                   : earliest_within_reach(who, buckets_.held(who), buckets_.count());
    }

    // A skill whose earliest head is within reach offers that head; only the
    // others are searched, for something earlier than the best offered.
    std::size_t choose_by_skill(const Seeker& who) const {
        const Roots roots = skill_roots(who);
        return roots.out_of_reach ? earliest_within_reach(who, roots.out_of_reach, roots.best)
                                  : roots.best;
    }

    // Of the skills `who` holds with orders waiting: the earliest of their
    // earliest heads within reach (count() for none), and as bits those
    // whose earliest head is out of reach. A skill whose earliest head is no
    // earlier than the best found so far can offer nothing better: its reach
    // is not checked, nor are its buckets searched. A root's head is of a
    // skill `who` holds, so only its reach is checked, from the row of travel
    // times read once.
    struct Roots {
        std::size_t best;
        std::uint64_t out_of_reach;
    };
    Roots skill_roots(const Seeker& who) const {
        Roots roots{buckets_.count(), 0};
        const Time* from = buckets_.travel_from(who);
        for (std::uint64_t rest = buckets_.held(who); rest; rest &= rest - 1) {
            const auto skill = static_cast<std::size_t>(std::countr_zero(rest));
            const std::uint32_t head = tree_[skill_root_ + skill];
            if (!earlier(buckets_.head(head), buckets_.head(roots.best))) continue;
            if (buckets_.reach_by(who, head, buckets_.travel_in(from, head)))
                roots.best = head;
            else
                roots.out_of_reach |= std::uint64_t{1} << skill;
        }
        return roots;
    }

    // The winner of node n's match: its right child's bucket if that head is
    // earlier, else its left's. Read from the pair by the comparison's 0 or
    // 1, without a branch (which child wins is a coin toss) and in fewer
    // instructions than selecting between the two by a mask.
    std::uint32_t winner(std::size_t node) const {
        const std::uint32_t* pair = &tree_[2 * node];
        return pair[earlier(buckets_.head(pair[1]), buckets_.head(pair[0]))];
    }

    // Among the buckets of `skills`, the non-empty one within reach with the
    // earliest head if that is earlier than `best`'s, else `best` (count()
    // for none). The tree's node over a word's 64 buckets names the earliest
    // of them: a word whose earliest is no earlier than the best found is
    // passed over.
    std::size_t earliest_within_reach(const Seeker& who, std::uint64_t skills,
                                      std::size_t best) const {
        buckets_.for_each_open(
            who, skills,
            [&](std::size_t b, Time travel) {
                if (earlier(buckets_.head(b), buckets_.head(best)) &&
                    buckets_.reach_by(who, b, travel))
                    best = b;
                return false;
            },
            [&](std::size_t w) {
                const Key first = word_first(w);
                return earlier(first, buckets_.head(best)) ? first : kNoOrder;
            });
        return best;
    }

    // The earliest head among word w's buckets: the tree's node over them.
    Key word_first(std::size_t w) const { return buckets_.head(tree_[leaves_ / 64 + w]); }

    // A head moved earlier: it wins every match up the tree until one
    // against an earlier head, above which nothing changes.
    void moved_earlier(std::size_t b, Key key) {
        buckets_.set_head(b, key);
        for (std::size_t node = (leaves_ + b) / 2; node >= 1; node /= 2) {
            if (earlier(buckets_.head(tree_[node]), key)) break;
            tree_[node] = static_cast<std::uint32_t>(b);
        }
    }

    // A head moved later (or its bucket emptied): replay its matches to the root.
    void moved_later(std::size_t b, Key key) {
        buckets_.set_head(b, key);
        for (std::size_t node = (leaves_ + b) / 2; node >= 1; node /= 2)
            tree_[node] = winner(node);
    }

    WaitingOrder pop(std::size_t b) {
        const WaitingOrder taken = buckets_.pop(b);
        moved_later(b, buckets_.front(b));
        return taken;
    }

    Buckets buckets_;
    std::size_t leaves_;              // of the tree: count() rounded up to a power of 2
    std::size_t skill_root_;          // node skill_root_ + s: the earliest head of skill s
    std::vector<std::uint32_t> tree_; // node n >= 1: bucket of the earliest head below n
};

} // namespace

std::unique_ptr<DispatchPolicy> make_edf_policy(const StartRule& rule) {
    return std::make_unique<EdfPolicy>(rule);
}

} // namespace fieldsim::models
