// Nearest feasible: a technician takes, among the orders it may start, the
// one it reaches first; the earlier deadline, then the earlier arrival, then
// the lower id break ties. A new order goes to the idle technician that
// reaches it first, the lower id breaking ties (zones_by_travel.h).
//
// Within a (zone, class) bucket (buckets.h) travel is the same for every
// order, so the bucket's head is its best; a look compares the heads of the
// non-empty buckets within reach: never more than zones x classes of them
// however many orders wait.
#include "models/dispatch/buckets.h"
#include "models/dispatch/zones_by_travel.h"

#include <limits>

namespace fieldsim::models {

namespace {

using namespace dispatch_detail;

class NearestFeasiblePolicy final : public DispatchPolicy {
  public:
    explicit NearestFeasiblePolicy(const StartRule& rule) : buckets_(rule), zones_(rule) {}

    bool picks_technician() const override { return true; }

    bool files_idle_by_zone() const override { return true; }

    // The idle technicians nearest first, lowest id among equals, each asked
    // whether it may start the order only when its turn comes: zone by zone
    // outwards from the order, until one goes or every idle one was asked.
    bool arrive(const WaitingOrder& order, const IdleCrews& idle, Crews& crews) override {
        return zones_.find_idle(
            order.zone, idle, [](int) { return false; },
            [&](std::size_t tech) {
                return crews.may_start(tech, order) && crews.send(tech, order);
            });
    }

    void add(const WaitingOrder& order) override {
        const std::size_t b = buckets_.add(order).bucket;
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
    // The non-empty bucket within reach whose head is nearest, then
    // earliest; count() if none is.
    std::size_t nearest_within_reach(const Seeker& who) const {
        std::size_t best = buckets_.count();
        Time best_travel = std::numeric_limits<Time>::max();
        if (buckets_.waiting() == 0) return best;
        buckets_.for_each_open(
            who, buckets_.held(who),
            [&](std::size_t b, Time travel) {
                if (travel > best_travel) return false;
                if (travel == best_travel && !earlier(buckets_.head(b), buckets_.head(best)))
                    return false;
                if (!buckets_.reach_by(who, b, travel)) return false;
                best = b;
                best_travel = travel;
                return false;
            },
            [](std::size_t) { return Key{0}; });
        return best;
    }

    Buckets buckets_;
    ZonesByTravel zones_;
};

} // namespace

std::unique_ptr<DispatchPolicy> make_nearest_feasible_policy(const StartRule& rule) {
    return std::make_unique<NearestFeasiblePolicy>(rule);
}

} // namespace fieldsim::models
