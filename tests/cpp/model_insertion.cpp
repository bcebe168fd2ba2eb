// Cheapest insertion against exhaustive search: every position of a small
// route tried by rebuilding the route and following it job by job, two of
// the three classes booked into windows that the route may wait for.
#include "models/dispatch/insertion.h"
#include "sim/random.h"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
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

// One job set out for at `at`, `leg` away, by `who`: when it ends, and
// whether the rule allows it.
struct Job {
    Time end;
    bool allowed;
};
Job job(const StartRule& rule, const Seeker& who, Time at, Time leg, const WaitingOrder& order) {
    // An order of a class with a window, due at `due`, may be worked from
    // due - window on. The technician sets out to be there `early` before
    // (or at once, if that is past) and waits on site. The law judges the
    // job by its end less the idle time before setting out and the wait on
    // site that lie past the regular end (8.12).
    const Time ready = order.due - rule.window[order.work_class];
    const Time work = rule.expected_work[order.work_class];
    const Time set_out = std::max(at, ready - rule.early - leg);
    const Time arrival = set_out + leg;
    const Time start = std::max(arrival, ready);
    const Time idle_past_regular = std::max<Time>(0, set_out - std::max(at, who.regular_end));
    const Time wait_past_regular = std::max<Time>(0, start - std::max(arrival, who.regular_end));
    const Time end = start + work;
    const Time by_law = end - idle_past_regular - wait_past_regular;
    return {end, rule.holds(who, order.work_class) && end <= who.shift_end &&
                     by_law <= who.end_for(order.due) && arrival <= who.latest_arrival};
}

// With a break ahead (section 5): it starts at the first idle moment in its
// window (forgone at or after the regular end); a job that may not start
// before it (its Seeker bounds jobs by the window's end) waits for the
// window and the break; after it, the technician is `ahead->after`.
Followed follow(const StartRule& rule, const Seeker& from, const std::vector<WaitingOrder>& route,
                const BreakAhead* ahead = nullptr) {
    Followed f;
    Time at = from.now;
    int zone = from.zone;
    bool pending = ahead != nullptr;
    const auto rest = [&](Time start) {
        pending = false;
        return start < from.regular_end ? start + ahead->length : start;
    };
    for (const WaitingOrder& order : route) {
        if (pending && at >= ahead->from) at = rest(at);
        const Time leg = rule.travel_time(zone, order.zone);
        Job done = job(rule, ahead && !pending ? ahead->after : from, at, leg, order);
        if (pending && !done.allowed) {
            at = rest(std::max(at, ahead->from));
            done = job(rule, ahead->after, at, leg, order);
        }
        at = done.end;
        zone = order.zone;
        f.travel += leg;
        f.allowed = f.allowed && done.allowed;
        f.on_time = f.on_time && at <= order.due;
        f.lateness += std::max<Time>(0, at - order.due);
    }
    return f;
}

Insertion by_search(const StartRule& rule, const Seeker& from,
                    const std::vector<WaitingOrder>& route, const WaitingOrder& order,
                    const BreakAhead* ahead = nullptr) {
    const Followed now = follow(rule, from, route, ahead);
    Insertion best;
    for (std::size_t p = 0; p <= route.size(); ++p) {
        std::vector<WaitingOrder> with = route;
        with.insert(with.begin() + static_cast<std::ptrdiff_t>(p), order);
        const Followed f = follow(rule, from, with, ahead);
        if (!f.allowed) continue;
        const Insertion here{p, true, f.on_time, f.travel - now.travel,
                             f.on_time ? 0 : f.lateness - now.lateness};
        if (!best.allowed || better(here, best)) best = here;
    }
    return best;
}

// Zone to zone times of 1 to 40 minutes; some roads break the triangle
// inequality, so that a detour may be shorter.
std::vector<Time> random_travel(sim::Stream& rng) {
    std::vector<Time> travel(kZones * kZones, 0);
    for (int a = 0; a < kZones; ++a)
        for (int b = 0; b < kZones; ++b)
            if (a != b) travel[a * kZones + b] = 60 * static_cast<Time>(1 + rng.below(40));
    return travel;
}

// An order due within 1 to 10 h, of one of the three classes.
WaitingOrder random_order(sim::Stream& rng, std::uint64_t id) {
    return WaitingOrder{static_cast<Time>(1 + rng.below(10)) * 3600, id, 0,
                        static_cast<int>(rng.below(kZones)),
                        static_cast<std::uint32_t>(rng.below(3))};
}

// A route of fewer than `most` orders, then the order to put in it (ids in turn).
std::pair<std::vector<WaitingOrder>, WaitingOrder> random_route(sim::Stream& rng,
                                                                std::size_t most) {
    std::vector<WaitingOrder> route;
    const std::size_t length = rng.below(most);
    for (std::size_t i = 0; i < length; ++i)
        route.push_back(random_order(rng, i));
    return {route, random_order(rng, length)};
}

} // namespace

TEST_CASE("cheapest insertion finds what trying every position finds", "[model][dispatch]") {
    sim::Stream rng(5, 0, 0);
    const std::vector<Time> travel = random_travel(rng);
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
            const auto [route, order] = random_route(rng, 6);
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

TEST_CASE("cheapest insertion with a break ahead finds what trying every position finds",
          "[model][dispatch]") {
    sim::Stream rng(7, 0, 0);
    const std::vector<Time> travel = random_travel(rng);
    StartRule rule{&travel,
                   kZones,
                   {30 * 60, 60 * 60, 30 * 60},
                   {0, 0, 1},
                   {2 * 3600, StartRule::kNoWindow, 3600}};
    rule.early = 10 * 60;
    std::vector<Time> scratch;
    std::size_t after_only = 0, allowed = 0, nowhere = 0;
    for (int trial = 0; trial < 20'000; ++trial) {
        // The technician's ends once its break is taken, and its break: the
        // window opens within 6 h and ends up to 2 h after the break could.
        const Time end = static_cast<Time>(2 + rng.below(8)) * 3600;
        Seeker after{
            static_cast<int>(rng.below(kZones)),          0,        end,
            end + static_cast<Time>(rng.below(3)) * 3600, 5 * 3600, rng.bernoulli(0.8) ? 3u : 1u};
        after.shift_end = after.latest_end_urgent + static_cast<Time>(rng.below(2)) * 3600;
        after.regular_end =
            rng.bernoulli(0.5) ? end - static_cast<Time>(rng.below(3)) * 3600 : sim::kNever;
        const Time window = static_cast<Time>(rng.below(25)) * 15 * 60;
        const Time length = static_cast<Time>(1 + rng.below(4)) * 15 * 60;
        const Time window_end = window + length + static_cast<Time>(rng.below(9)) * 15 * 60;
        // Before it, no job may end past the window's end.
        Seeker from = after;
        from.latest_end = std::min(from.latest_end, window_end);
        from.latest_end_urgent = std::min(from.latest_end_urgent, window_end);
        from.shift_end = std::min(from.shift_end, window_end);
        after.now = window + length;
        const BreakAhead ahead{window, length, after};
        const auto [route, order] = random_route(rng, 5);
        const Insertion got = cheapest_insertion(rule, from, route, order, scratch, &ahead);
        const Insertion want = by_search(rule, from, route, order, &ahead);
        INFO("trial " << trial);
        REQUIRE(got.allowed == want.allowed);
        REQUIRE((could_be_allowed(rule, from, route, order, &ahead) || !want.allowed));
        if (!want.allowed) {
            ++nowhere;
            continue;
        }
        ++allowed;
        REQUIRE(got.position == want.position);
        REQUIRE(got.on_time == want.on_time);
        REQUIRE(got.added_travel == want.added_travel);
        REQUIRE(got.added_lateness == want.added_lateness);
        // Places that only a route taking the break can offer.
        after_only += !cheapest_insertion(rule, from, route, order, scratch).allowed;
    }
    CHECK(allowed > 5'000);
    CHECK(nowhere > 500);
    CHECK(after_only > 1'000);
}
