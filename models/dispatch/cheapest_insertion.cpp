// Cheapest insertion: every technician on shift has a planned route for the
// rest of its day, and a new order goes where it adds least travel with
// every planned order still meeting its due, or, if no place does, where it
// adds least lateness (insertion.h). An idle technician's route is empty: an
// order planned first for it is sent at once.
//
// A technician joins the plan when it first asks for work, and leaves it
// when it goes off shift or declines an evening job; its route is then
// re-planned order by order (earliest due first) into the others'. A break
// or an early finish rebuilds its own route the same way from when and where
// it is next free; an order no longer on time there is placed anew. Orders no route allows (nobody
// on shift, or nobody could finish them under the start rule) wait in a nearest-feasible pool,
// which a technician with an empty route takes from: the morning's backlog, entered overnight
// before any route exists, then goes to whoever reaches it first instead of across the city by
// due. A freed technician takes its route's first order only if the start rule allows it now; one
// it may not start goes to that pool, so no plan ever sends a technician where the rules forbid.
//
// A technician whose job runs past its expected end hands its route to the
// others. Re-planning prices the idle technicians too: one whose empty route is the
// cheapest place gets the order planned and is woken to take it once the
// event in hand is over (Crews::wake), as sending it from within the event
// that re-plans could not be done safely.
#include "models/dispatch/insertion.h"
#include "models/dispatch/zones_by_travel.h"
#include "sim/index_set.h"

#include <algorithm>

namespace fieldsim::models {

namespace {

class CheapestInsertionPolicy final : public DispatchPolicy {
  public:
    explicit CheapestInsertionPolicy(const StartRule& rule)
        : rule_(rule), unplanned_(make_nearest_feasible_policy(rule)), zones_(rule) {}

    bool arrive(const WaitingOrder& order, const IdleCrews& idle, Crews& crews) override {
        crews_ = &crews;
        idle_ = &idle;
        const Choice best = cheapest_of_all(order);
        // Sent at once if first in an idle technician's route (one planned
        // while idle has its route to take first when woken).
        if (best.insertion.allowed && idle.contains(best.tech) && best.insertion.position == 0) {
            // A refusal leaves the order to add(), which plans it anew.
            return crews.may_start(best.tech, order) && crews.send(best.tech, order);
        }
        // join_pool adds the order next: plan it where found.
        pending_ = best;
        pending_id_ = order.id;
        return false;
    }

    void add(const WaitingOrder& order) override {
        if (crews_ && pending_id_ == order.id) {
            pending_id_ = kNoId;
            return plan(order, pending_);
        }
        place(order);
    }

    // A first order planned for after a break still to take stays first; the
    // technician may meanwhile take an unplanned one that fits before it.
    std::optional<WaitingOrder> next_job(std::size_t tech, const Seeker& who) override {
        join(tech);
        auto& route = routes_[tech];
        while (!route.empty()) {
            const WaitingOrder first = route.front();
            const bool now = rule_.may_start(who, first.zone, first.work_class, first.due);
            if (!now && after_break(tech, first)) break;
            route.erase(route.begin());
            --planned_;
            if (route.empty()) routed_.erase(tech);
            if (now) return first;
            unplanned_->add(first);
        }
        return unplanned_->next_job(tech, who);
    }

    std::size_t waiting() const override { return planned_ + unplanned_->waiting(); }

    bool any_within_reach(const Seeker& who) const override {
        return unplanned_->any_within_reach(who);
    }

    bool picks_technician() const override { return true; }
    bool files_idle_by_zone() const override { return true; }
    bool plans() const override { return true; }
    void off_shift(std::size_t tech) override { leave(tech); }
    void declined(std::size_t tech) override { leave(tech); }
    void on_break(std::size_t tech) override { resequence(tech); }
    void finished_early(std::size_t tech) override { resequence(tech); }
    void running_late(std::size_t tech) override { hand_over(tech); }

    void withdraw(const WaitingOrder& order) override {
        for (std::size_t k = 0; k < routes_.size(); ++k) {
            auto& route = routes_[k];
            const auto at = std::find_if(route.begin(), route.end(),
                                         [&](const WaitingOrder& o) { return o.id == order.id; });
            if (at == route.end()) continue;
            route.erase(at);
            --planned_;
            if (route.empty()) routed_.erase(k);
            return;
        }
    }

  private:
    static constexpr std::uint64_t kNoId = ~std::uint64_t{0};

    struct Choice {
        std::size_t tech = 0;
        Insertion insertion;
    };

    // Whether `here` takes the place of `best`: better(), or as good at a
    // lower id, so that the idle technicians, asked zone by zone, and the
    // others, asked by id, give what one scan by id would.
    static bool replaces(const Choice& here, const Choice& best) {
        return better(here.insertion, best.insertion) ||
               (!better(best.insertion, here.insertion) && here.tech < best.tech);
    }

    // Travel times obey the triangle inequality (they are shortest paths),
    // so no insertion adds less than none: the first on time that adds none
    // wins, as a search of every technician would find.
    static bool unbeatable(const Insertion& insertion) {
        return insertion.on_time && insertion.added_travel == 0;
    }

    Insertion cheapest(const Seeker& from, const std::optional<BreakAhead>& ahead, std::size_t tech,
                       const WaitingOrder& order) {
        return cheapest_insertion(rule_, from, routes_[tech], order, scratch_,
                                  ahead ? &*ahead : nullptr);
    }

    // Whether the technician could start `order` once it has taken a break
    // still ahead.
    bool after_break(std::size_t tech, const WaitingOrder& order) const {
        if (!crews_) return false;
        const std::optional<BreakAhead> ahead = crews_->break_ahead(tech);
        return ahead && rule_.may_start(ahead->after, order.zone, order.work_class, order.due);
    }

    void join(std::size_t tech) {
        if (tech >= routes_.size()) {
            known_.grow(tech + 1);
            routed_.grow(tech + 1);
            routes_.resize(tech + 1);
        }
        known_.insert(tech);
    }

    // The cheapest place among the technicians in the plan, idle or busy;
    // of equally cheap places, the lowest id's.
    Choice cheapest_of_all(const WaitingOrder& order) {
        Choice best;
        cheapest_of_idle(order, best);
        cheapest_of_routes(order, best);
        return best;
    }

    // The idle technicians with empty routes, zone by zone outwards from the
    // order. The only place such a route has adds the travel from the zone
    // the technician is filed in (an idle one stays where it is): once some
    // place keeps every order on time, no idle technician farther than it
    // adds is as cheap. One with a route (planned while idle, and not yet
    // woken to take it) is asked by cheapest_of_routes().
    // The only place is priced by the rules' answer for starting now
    // (Crews::start_now): what cheapest_insertion() would find for the
    // technician when free, without building it.
    void cheapest_of_idle(const WaitingOrder& order, Choice& best) {
        zones_.find_idle(
            order.zone, *idle_,
            [&](int zone) {
                return best.insertion.on_time &&
                       rule_.travel_time(zone, order.zone) > best.insertion.added_travel;
            },
            [&](std::size_t k) {
                if (k >= routes_.size() || !known_.contains(k) || !routes_[k].empty()) return false;
                if (const auto start = crews_->start_now(k, order)) {
                    const Choice here{k, only_job(start->travel, start->finish, order)};
                    if (replaces(here, best)) best = here;
                } else if (const auto ahead = crews_->break_ahead(k)) {
                    const Choice here{k, cheapest(crews_->when_free(k), ahead, k, order)};
                    if (here.insertion.allowed && replaces(here, best)) best = here;
                }
                return false;
            });
    }

    // The technicians in the plan cheapest_of_idle() leaves, lowest id
    // first: the busy ones, and idle ones with a route. Once
    // some place keeps every order on time, a route where no place could
    // add less travel (or as little, at a higher id) is passed over unpriced.
    void cheapest_of_routes(const WaitingOrder& order, Choice& best) {
        const sim::IndexSet& idle = idle_->members();
        const auto asked = [&](std::size_t w) {
            return known_.word(w) & (~idle.word(w) | routed_.word(w));
        };
        sim::IndexSet::find_if_in_words(known_.word_count(), asked, [&](std::size_t k) {
            // No later id can take the place of one that adds no travel.
            if (unbeatable(best.insertion) && k > best.tech) return true;
            if (best.insertion.on_time) {
                const Time least =
                    least_added_travel(rule_, crews_->zone_when_free(k), routes_[k], order);
                if (least > best.insertion.added_travel ||
                    (least == best.insertion.added_travel && k > best.tech))
                    return false;
            }
            consider(order, k, best);
            return false;
        });
    }

    // Prices technician k's route unless its shift alone rules the order
    // out there: then the law does too, and an insertion not allowed takes
    // the place of none.
    void consider(const WaitingOrder& order, std::size_t k, Choice& best) {
        const std::optional<BreakAhead> ahead = crews_->break_ahead(k);
        if (!could_be_allowed(rule_, crews_->shift_when_free(k), routes_[k], order,
                              ahead ? &*ahead : nullptr))
            return;
        const Choice here{k, cheapest(crews_->when_free(k), ahead, k, order)};
        if (replaces(here, best)) best = here;
    }

    void place(const WaitingOrder& order) {
        if (!crews_) return unplanned_->add(order);
        plan(order, cheapest_of_all(order));
    }

    // Into the chosen route; an idle technician's is woken to take it.
    void plan(const WaitingOrder& order, const Choice& choice) {
        if (!choice.insertion.allowed) return unplanned_->add(order);
        auto& route = routes_[choice.tech];
        route.insert(route.begin() + static_cast<std::ptrdiff_t>(choice.insertion.position), order);
        ++planned_;
        routed_.insert(choice.tech);
        if (idle_->contains(choice.tech)) crews_->wake(choice.tech);
    }

    void leave(std::size_t tech) {
        if (tech >= routes_.size() || !known_.contains(tech)) return;
        known_.erase(tech);
        replan(tech);
    }

    // Takes the technician's route apart and places its orders again,
    // earliest due first, in the others' routes.
    void replan(std::size_t tech) {
        if (!take_apart(tech)) return;
        for (const WaitingOrder& order : moving_)
            place(order);
        moving_.clear();
    }

    // A technician whose job runs late hands each planned order, in its
    // route's order, to the others' routes where one keeps it on time (the
    // cheapest such; an idle technician is woken); the rest stay in its
    // route as they were.
    void hand_over(std::size_t tech) {
        if (!crews_ || tech >= routes_.size() || routes_[tech].empty()) return;
        moving_.swap(routes_[tech]);
        planned_ -= moving_.size();
        routed_.erase(tech);
        known_.erase(tech);
        for (const WaitingOrder& order : moving_) {
            const Choice other = cheapest_of_all(order);
            if (other.insertion.allowed && other.insertion.on_time)
                plan(order, other);
            else
                keep(tech, order);
        }
        known_.insert(tech);
        moving_.clear();
    }

    void keep(std::size_t tech, const WaitingOrder& order) {
        routes_[tech].push_back(order);
        ++planned_;
        routed_.insert(tech);
    }

    // Rebuilds the technician's route from when and where it is next free,
    // earliest due first, each order where it is cheapest in it; one that no
    // longer fits there is placed in another's.
    void resequence(std::size_t tech) {
        if (!crews_ || !take_apart(tech)) return;
        const Seeker from = crews_->when_free(tech);
        const std::optional<BreakAhead> ahead = crews_->break_ahead(tech);
        for (const WaitingOrder& order : moving_) {
            const Choice own{tech, cheapest(from, ahead, tech, order)};
            if (own.insertion.on_time)
                plan(order, own);
            else
                place(order);
        }
        moving_.clear();
    }

    bool take_apart(std::size_t tech) {
        if (tech >= routes_.size() || routes_[tech].empty()) return false;
        moving_.swap(routes_[tech]);
        planned_ -= moving_.size();
        routed_.erase(tech);
        std::sort(moving_.begin(), moving_.end(), [](const WaitingOrder& a, const WaitingOrder& b) {
            return a.due != b.due ? a.due < b.due : a.id < b.id;
        });
        return true;
    }

    const StartRule& rule_;
    std::unique_ptr<DispatchPolicy> unplanned_;
    Crews* crews_ = nullptr;                        // the simulation's, from the first arrival
    const IdleCrews* idle_ = nullptr;               // its idle technicians, likewise
    sim::IndexSet known_;                           // the technicians in the plan
    sim::IndexSet routed_;                          // those whose route is not empty
    std::vector<std::vector<WaitingOrder>> routes_; // per technician, in planned order
    std::size_t planned_ = 0;
    Choice pending_;
    std::uint64_t pending_id_ = kNoId;
    std::vector<WaitingOrder> moving_; // a route being re-planned
    std::vector<Time> scratch_;
    dispatch_detail::ZonesByTravel zones_; // the order's zone outwards, for idle technicians
};

} // namespace

std::unique_ptr<DispatchPolicy> make_cheapest_insertion_policy(const StartRule& rule) {
    return std::make_unique<CheapestInsertionPolicy>(rule);
}

} // namespace fieldsim::models
