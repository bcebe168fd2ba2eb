// Nearest feasible: a technician takes, among the orders it may start, the
// one it reaches first; the earlier deadline, then the earlier arrival, then
// the lower id break ties. A new order goes to the idle technician that
// reaches it first, the lower id breaking ties.
//
// Within a (zone, class) bucket (buckets.h) travel is the same for every
// order, so the bucket's head is its best; a look compares the heads of the
// non-empty buckets within reach: never more than zones x classes of them
// however many orders wait.
#include "models/dispatch/buckets.h"

#include <limits>

namespace fieldsim::models {

namespace {

using namespace dispatch_detail;

class NearestFeasiblePolicy final : public DispatchPolicy {
  public:
    explicit NearestFeasiblePolicy(const StartRule& rule) : rule_(rule), buckets_(rule) {}

    bool picks_technician() const override { return true; }

    bool arrive(const WaitingOrder& order, const sim::IndexSet& idle, Crews& crews) override {
        // The first pass asks the simulation, which counts starts the law
        // stopped; a pass after a refusal must not count them again.
        for (bool first = true;; first = false) {
            std::size_t best = kNone;
            Time best_travel = std::numeric_limits<Time>::max();
            idle.find_if([&](std::size_t tech) {
                const Seeker who = crews.seeker(tech);
                const bool may =
                    first ? crews.may_start(tech, order)
                          : rule_.may_start(who, order.zone, order.work_class, order.due);
                const Time travel = rule_.travel_time(who.zone, order.zone);
                if (may && travel < best_travel) {
                    best = tech;
                    best_travel = travel;
                }
                return false;
            });
            if (best == kNone) return false;
            if (crews.send(best, order)) return true;
        }
    }

    void add(const WaitingOrder& order) override {
        const std::size_t b = buckets_.add(order);
        buckets_.set_head(b, buckets_.front(b));
    }

    std::optional<WaitingOrder> next_job(std::size_t, const Seeker& who) override {
        const std::size_t b = nearest_within_reach(who);
        if (b == buckets_.count()) return std::nullopt;
        const WaitingOrder taken = buckets_.pop(b);
        buckets_.set_head(b, buckets_.front(b));
        return taken;
    }

    std::size_t waiting() const override { return buckets_.waiting(); }

    bool any_within_reach(const Seeker& who) const override {
        return nearest_within_reach(who) != buckets_.count();
    }

  private:
    static constexpr std::size_t kNone = ~std::size_t{0};

    // The non-empty bucket within reach whose head is nearest, then
    // earliest; count() if none is.
    std::size_t nearest_within_reach(const Seeker& who) const {
        std::size_t best = buckets_.count();
        Time best_travel = std::numeric_limits<Time>::max();
        if (buckets_.waiting() == 0) return best;
        buckets_.for_each_open(who, [&](std::size_t b) {
            const Time travel = buckets_.travel_to(who.zone, b);
            if (travel > best_travel) return;
            if (travel == best_travel && !earlier(buckets_.head(b), buckets_.head(best))) return;
            if (!buckets_.within_reach(who, b)) return;
            best = b;
            best_travel = travel;
        });
        return best;
    }

    const StartRule& rule_;
    Buckets buckets_;
};

} // namespace

std::unique_ptr<DispatchPolicy> make_nearest_feasible_policy(const StartRule& rule) {
    return std::make_unique<NearestFeasiblePolicy>(rule);
}

} // namespace fieldsim::models
