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

#include <algorithm>
#include <limits>
#include <utility>

namespace fieldsim::models {

namespace {

using namespace dispatch_detail;

class NearestFeasiblePolicy final : public DispatchPolicy {
  public:
    explicit NearestFeasiblePolicy(const StartRule& rule) : rule_(rule), buckets_(rule) {}

    bool picks_technician() const override { return true; }

    // The idle technicians nearest first, each asked whether it may start
    // the order only when its turn comes: mostly the nearest may, and a new
    // order costs a travel lookup per idle technician and one question.
    bool arrive(const WaitingOrder& order, const sim::IndexSet& idle, Crews& crews) override {
        std::size_t nearest = kNone;
        Time least = std::numeric_limits<Time>::max();
        idle.find_if([&](std::size_t tech) {
            const Time travel = rule_.travel_time(crews.zone(tech), order.zone);
            if (travel < least) {
                nearest = tech;
                least = travel;
            }
            return false;
        });
        if (nearest == kNone) return false;
        if (crews.may_start(nearest, order)) {
            if (crews.send(nearest, order)) return true;
        }
        // The rest in order of travel, then id.
        by_travel_.clear();
        idle.find_if([&](std::size_t tech) {
            if (tech != nearest)
                by_travel_.emplace_back(rule_.travel_time(crews.zone(tech), order.zone), tech);
            return false;
        });
        std::sort(by_travel_.begin(), by_travel_.end());
        for (const auto& [travel, tech] : by_travel_)
            if (crews.may_start(tech, order) && crews.send(tech, order)) return true;
        return false;
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
        buckets_.for_each_open(
            who,
            [&](std::size_t b, Time travel) {
                if (travel > best_travel) return;
                if (travel == best_travel && !earlier(buckets_.head(b), buckets_.head(best)))
                    return;
                if (!buckets_.reach_by(who, b, travel)) return;
                best = b;
                best_travel = travel;
            },
            [](std::size_t) { return false; });
        return best;
    }

    const StartRule& rule_;
    Buckets buckets_;
    std::vector<std::pair<Time, std::size_t>> by_travel_; // idle technicians, for arrive
};

} // namespace

std::unique_ptr<DispatchPolicy> make_nearest_feasible_policy(const StartRule& rule) {
    return std::make_unique<NearestFeasiblePolicy>(rule);
}

} // namespace fieldsim::models
