// Cheapest insertion against exhaustive search: every position of a small
// route tried by rebuilding the route and following it job by job, two of
// the three classes booked into windows that the route may wait for.
#include "models/dispatch/insertion.h"
#include "sim/random.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace fieldsim;
using namespace fieldsim::models;

namespace {

constexpr int kZones = 6;

// A route followed from `from`: whether the start rule allows every job,
// whether every order meets its due, and its travel and summed lateness.
struct Followed {
    bool allowed = true;
    bool on_time = true;
    Time travel = 0;
    Time lateness = 0;
};

Followed follow(const StartRule& rule, const Seeker& from, const std::vector<WaitingOrder>& route) {
    Followed f;
    Time at = from.now;
    int zone = from.zone;
    for (const WaitingOrder& order : route) {
        const Time leg = rule.travel_time(zone, order.zone);
        // An order of a class with a window, due at `due`, may be worked
        // from due - window on. The technician sets out to be there `early`
        // before (or at once, if that is past) and waits on site. The law
        // judges the job by its end less the idle time before setting out
        // and the wait on site that lie past the regular end (8.12).
        const Time ready = order.due - rule.window[order.work_class];
        const Time work = rule.expected_work[order.work_class];
        const Time set_out = std::max(at, ready - rule.early - leg);
        const Time arrival = set_out + leg;
        const Time start = std::max(arrival, ready);
        const Time idle_past_regular = std::max<Time>(0, set_out - std::max(at, from.regular_end));
        const Time wait_past_regular =
            std::max<Time>(0, start - std::max(arrival, from.regular_end));
        at = start + work;
        const Time by_law = at - idle_past_regular - wait_past_regular;
        zone = order.zone;
        f.travel += leg;
        f.allowed = f.allowed && rule.holds(from, order.work_class) && at <= from.shift_end &&
                    by_law <= from.end_for(order.due) && arrival <= from.latest_arrival;
        f.on_time = f.on_time && at <= order.due;
        f.lateness += std::max<Time>(0, at - order.due);
    }
    return f;
}

Insertion by_search(const StartRule& rule, const Seeker& from,
                    const std::vector<WaitingOrder>& route, const WaitingOrder& order) {
    const Followed now = follow(rule, from, route);
    Insertion best;
    for (std::size_t p = 0; p <= route.size(); ++p) {
        std::vector<WaitingOrder> with = route;
        with.insert(with.begin() + static_cast<std::ptrdiff_t>(p), order);
        const Followed f = follow(rule, from, with);
        if (!f.allowed) continue;
        const Insertion here{p, true, f.on_time, f.travel - now.travel,
                             f.on_time ? 0 : f.lateness - now.lateness};
        if (!best.allowed || better(here, best)) best = here;
    }
    return best;
}

} // namespace

TEST_CASE("cheapest insertion finds what trying every position finds", "[model][dispatch]") {
    sim::Stream rng(5, 0, 0);
    std::vector<Time> travel(kZones * kZones, 0);
    // Some roads break the triangle inequality: a detour may be shorter.
    for (int a = 0; a < kZones; ++a)
        for (int b = 0; b < kZones; ++b)
            if (a != b) travel[a * kZones + b] = 60 * static_cast<Time>(1 + rng.below(40));
    // Without windows, and with two of the three classes booked into
    // windows (of 2 h and 1 h) that a route may wait for.
    const Time none = StartRule::kNoWindow;
    // With windows, a technician meaning to be on site at once (early 0)
    // or some minutes before a window opens.
    for (const auto& [windows, early] :
         {std::pair{std::vector<Time>{none, none, none}, Time{0}},
          std::pair{std::vector<Time>{2 * 3600, none, 3600}, Time{0}},
          std::pair{std::vector<Time>{2 * 3600, none, 3600}, Time{25 * 60}}}) {
        INFO("windows " << (windows[0] != none) << ", early " << early);
        StartRule rule{&travel, kZones, {30 * 60, 60 * 60, 30 * 60}, {0, 0, 1}, windows};
        rule.early = early;
        std::vector<Time> scratch;
        sim::Stream widen(5, 0, 1); // apart, so that the trials are as without it
        sim::Stream ends(5, 0, 2);  // the same
        std::size_t on_time = 0, late = 0, nowhere = 0, ruled_out = 0;
        for (int trial = 0; trial < 20'000; ++trial) {
            const Time end = static_cast<Time>(2 + rng.below(8)) * 3600;
            Seeker from{static_cast<int>(rng.below(kZones)),
                        0,
                        end,
                        end + static_cast<Time>(rng.below(3)) * 3600,
                        5 * 3600,
                        rng.bernoulli(0.8) ? 3u : 1u};
            // The shift's end, no earlier than the law's ends, and the
            // regular end, after which a wait is not overtime: half the
            // trials as a technician without them.
            if (ends.bernoulli(0.5)) {
                from.shift_end = from.latest_end_urgent + static_cast<Time>(ends.below(2)) * 3600;
                from.regular_end = end - static_cast<Time>(ends.below(3)) * 3600;
            }
            const auto random_order = [&](std::uint64_t id) {
                return WaitingOrder{static_cast<Time>(1 + rng.below(10)) * 3600, id, 0,
                                    static_cast<int>(rng.below(kZones)),
                                    static_cast<std::uint32_t>(rng.below(3))};
            };
            std::vector<WaitingOrder> route;
            const std::size_t length = rng.below(6);
            for (std::size_t i = 0; i < length; ++i)
                route.push_back(random_order(i));
            const WaitingOrder order = random_order(length);
            const Insertion got = cheapest_insertion(rule, from, route, order, scratch);
            const Insertion want = by_search(rule, from, route, order);
            INFO("trial " << trial << ": from zone " << from.zone << ", ends " << from.latest_end
                          << " / " << from.latest_end_urgent << " by " << from.urgent_by
                          << ", shift " << from.shift_end << ", regular " << from.regular_end);
            std::string planned;
            for (const WaitingOrder& job : route)
                planned += " (zone " + std::to_string(job.zone) + ", class " +
                           std::to_string(job.work_class) + ", due " + std::to_string(job.due) +
                           ")";
            INFO("route:" << planned);
            INFO("order: zone " << order.zone << " class " << order.work_class << " due "
                                << order.due);
            REQUIRE(got.allowed == want.allowed);
            // The check routes are ruled out by before pricing, asked with the
            // technician's ends or later ones (its shift's, without the law).
            Seeker later = from;
            later.latest_end += static_cast<Time>(widen.below(3)) * 3600;
            later.latest_end_urgent += static_cast<Time>(widen.below(3)) * 3600;
            REQUIRE((could_be_allowed(rule, from, route, order) || !want.allowed));
            REQUIRE((could_be_allowed(rule, later, route, order) || !want.allowed));
            ruled_out += !could_be_allowed(rule, from, route, order);
            if (!want.allowed) {
                ++nowhere;
                continue;
            }
            (want.on_time ? on_time : late) += 1;
            REQUIRE(got.position == want.position);
            REQUIRE(got.on_time == want.on_time);
            REQUIRE(got.added_travel == want.added_travel);
            REQUIRE(got.added_lateness == want.added_lateness);
            // The bound cheapest_insertion's callers prune routes by.
            REQUIRE(least_added_travel(rule, from.zone, route, order) <= got.added_travel);
        }
        // Each outcome was met many times.
        CHECK(on_time > 2'000);
        CHECK(late > 2'000);
        CHECK(nowhere > 500);
        CHECK(ruled_out > 250);
    }
}
