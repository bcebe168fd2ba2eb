// Each pool against the plainest possible one: a list of waiting orders,
// searched whole at every look for the best order the seeker may start by
// the policy's own order (edf: earliest (deadline, id); nearest_feasible:
// least travel, then deadline, then id). Random adds and looks, random
// seekers (some without the skill half the classes need, some with more time
// for orders due today), more zones than one occupancy word holds and six
// dispatch classes. Before each look, any_within_reach must say whether the
// scan finds an order.
#include "models/dispatch/policy.h"
#include "sim/random.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

using namespace fieldsim;
using namespace fieldsim::models;

namespace {

constexpr int kZones = 70;

StartRule random_rule(sim::Stream& rng, std::vector<Time>& travel) {
    travel.assign(kZones * kZones, 0);
    for (int a = 0; a < kZones; ++a)
        for (int b = 0; b < kZones; ++b)
            if (a != b) travel[a * kZones + b] = 60 * static_cast<Time>(1 + rng.below(90));
    // Three work times, each with no skill needed and with skill 1; four of
    // the six classes booked into windows (of 2 h, 30 min, 2 h and 3 h),
    // whose work waits for them.
    const Time none = StartRule::kNoWindow;
    return StartRule{&travel,
                     kZones,
                     {45 * 60, 80 * 60, 150 * 60, 45 * 60, 80 * 60, 150 * 60},
                     {0, 0, 0, 1, 1, 1},
                     {none, 2 * 3600, 30 * 60, 2 * 3600, none, 3 * 3600}};
}

// The scan's order of preference: a tuple compared left to right.
using Rank = std::tuple<Time, Time, std::uint64_t>;
using RankOf = Rank (*)(const StartRule&, const Seeker&, const WaitingOrder&);

Rank by_deadline(const StartRule&, const Seeker&, const WaitingOrder& order) {
    return {order.due, order.id, 0};
}
Rank by_travel(const StartRule& rule, const Seeker& who, const WaitingOrder& order) {
    return {rule.travel_time(who.zone, order.zone), order.due, order.id};
}

// The scan's choice; `waited` counts the orders refused only for their
// window (`plain`: the rule without windows).
std::optional<WaitingOrder> take_by_scan(std::vector<WaitingOrder>& pool, const StartRule& rule,
                                         const StartRule& plain, const Seeker& who, RankOf rank,
                                         std::size_t& waited) {
    auto best = pool.end();
    for (auto order = pool.begin(); order != pool.end(); ++order) {
        if (!rule.may_start(who, order->zone, order->work_class, order->due)) {
            waited += plain.may_start(who, order->zone, order->work_class, order->due);
            continue;
        }
        if (best == pool.end() || rank(rule, who, *order) < rank(rule, who, *best)) best = order;
    }
    if (best == pool.end()) return std::nullopt;
    const WaitingOrder taken = *best;
    pool.erase(best);
    return taken;
}
std::optional<WaitingOrder> take_by_scan(std::vector<WaitingOrder>& pool, const StartRule& rule,
                                         const Seeker& who, RankOf rank) {
    std::size_t waited = 0;
    return take_by_scan(pool, rule, rule, who, rank, waited);
}

void check_against_scan(const std::string& name, RankOf rank) {
    sim::Stream rng(11, 0, 0);
    std::vector<Time> travel;
    const StartRule rule = random_rule(rng, travel);
    StartRule plain = rule;
    plain.window.assign(rule.window.size(), StartRule::kNoWindow);
    const auto policy = make_dispatch_policy(name, rule);
    std::vector<WaitingOrder> pool;
    std::uint64_t next_id = 0;
    std::size_t taken = 0, refused = 0, waited = 0;
    for (int step = 0; step < 40'000; ++step) {
        if (rng.bernoulli(0.5)) {
            // Few distinct deadlines, so that ties on the deadline are
            // common, each half an hour apart within the hours looked at,
            // so that a window may open before, at or after a look.
            const WaitingOrder order{static_cast<Time>(rng.below(30)) * 1800, next_id++,
                                     static_cast<std::uint32_t>(step),
                                     static_cast<int>(rng.below(kZones)),
                                     static_cast<std::uint32_t>(rng.below(6))};
            policy->add(order);
            pool.push_back(order);
        } else {
            // Time left from none to plenty: most looks near a shift's end.
            const Time end =
                static_cast<Time>(rng.below(4 * 3600 + 1)) * (rng.bernoulli(0.2) ? 3 : 1);
            const Seeker who{static_cast<int>(rng.below(kZones)),
                             0,
                             end,
                             end + static_cast<Time>(rng.below(2 * 3600 + 1)),
                             static_cast<Time>(rng.below(30)) * 1800,
                             rng.bernoulli(0.5) ? 1u : 3u};
            const bool any = policy->any_within_reach(who);
            const auto got = policy->next_job(0, who);
            const auto want = take_by_scan(pool, rule, plain, who, rank, waited);
            REQUIRE(got.has_value() == want.has_value());
            REQUIRE(any == want.has_value());
            if (!got) {
                ++refused;
                continue;
            }
            ++taken;
            REQUIRE(got->id == want->id);
            REQUIRE(got->due == want->due);
            REQUIRE(got->slot == want->slot);
            REQUIRE(got->zone == want->zone);
            REQUIRE(got->work_class == want->work_class);
        }
        REQUIRE(policy->waiting() == pool.size());
    }
    // Both outcomes were exercised many times.
    CHECK(taken > 5'000);
    CHECK(refused > 1'000);
    CHECK(waited > 100'000);
}

} // namespace

TEST_CASE("edf takes what a scan of every waiting order would take", "[model][dispatch]") {
    check_against_scan("edf", by_deadline);
}

TEST_CASE("nearest_feasible takes what a scan of every waiting order would take",
          "[model][dispatch]") {
    check_against_scan("nearest_feasible", by_travel);
}

TEST_CASE("a policy with nothing waiting, or nothing within reach, takes nothing",
          "[model][dispatch]") {
    std::vector<Time> travel{0, 600, 600, 0};
    const StartRule rule{&travel, 2, {3600}, {0}, {StartRule::kNoWindow}};
    const std::string name = GENERATE(from_range(dispatch_policy_names()));
    INFO(name);
    const auto policy = make_dispatch_policy(name, rule);
    const auto until = [](Time end) { return Seeker{0, 0, end, end, 0, 1}; };
    CHECK_FALSE(policy->next_job(0, until(10 * 3600)));
    policy->add(WaitingOrder{100, 0, 0, 1, 0});
    CHECK_FALSE(policy->next_job(0, until(3600 + 599))); // ten minutes away, one hour of work
    CHECK(policy->waiting() == 1);
    const auto got = policy->next_job(0, until(3600 + 600));
    REQUIRE(got);
    CHECK(got->zone == 1);
    CHECK(policy->waiting() == 0);
}

// One zone and one class: every order in one bucket, hundreds waiting, most
// added in deadline order and some due sooner than the last, while the
// front is taken again and again.
TEST_CASE("edf keeps deadline order in one crowded bucket", "[model][dispatch]") {
    sim::Stream rng(17, 0, 0);
    std::vector<Time> travel{0};
    const StartRule rule{&travel, 1, {3600}, {0}, {StartRule::kNoWindow}};
    const auto policy = make_dispatch_policy("edf", rule);
    const Seeker anyone{0, 0, 100 * sim::kDay, 100 * sim::kDay, 0, 1};
    std::vector<WaitingOrder> pool;
    Time due = 0;
    for (std::uint64_t id = 0; id < 20'000; ++id) {
        due += static_cast<Time>(rng.below(600));
        const Time sooner = due - static_cast<Time>(rng.below(6 * 3600));
        const WaitingOrder order{rng.bernoulli(0.1) ? std::max<Time>(0, sooner) : due, id,
                                 static_cast<std::uint32_t>(id), 0, 0};
        policy->add(order);
        pool.push_back(order);
        // Takes lag adds until hundreds wait, then keep pace.
        const int takes = pool.size() > 400 ? static_cast<int>(rng.below(3)) : 0;
        for (int k = 0; k < takes; ++k) {
            const auto got = policy->next_job(0, anyone);
            const auto want = take_by_scan(pool, rule, anyone, by_deadline);
            REQUIRE(got);
            REQUIRE(got->id == want->id);
        }
    }
    while (!pool.empty()) {
        const auto got = policy->next_job(0, anyone);
        REQUIRE(got);
        REQUIRE(got->id == take_by_scan(pool, rule, anyone, by_deadline)->id);
    }
    CHECK(policy->waiting() == 0);
}
