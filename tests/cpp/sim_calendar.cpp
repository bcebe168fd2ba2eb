// The timing wheel's own cases; what it shares with the other future event
// lists (order, ties, ranks, a random run against a reference) is in
// sim_event_queue.cpp.
#include "sim/calendar.h"
#include "sim/random.h"
#include "sim/ring_mask.h"

#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>
#include <tuple>
#include <vector>

using namespace fieldsim::sim;

namespace {

std::vector<std::uint32_t> pop_all(Calendar& calendar) {
    std::vector<std::uint32_t> ids;
    while (!calendar.empty())
        ids.push_back(calendar.pop().id);
    return ids;
}

} // namespace

TEST_CASE("a ring mask finds the next set slot going round", "[sim][calendar]") {
    RingMask mask(128);
    CHECK(mask.next(5) == 128); // none set
    mask.set(3);
    mask.set(70);
    CHECK(mask.next(0) == 3);
    CHECK(mask.next(3) == 3);
    CHECK(mask.next(4) == 70);
    CHECK(mask.next(71) == 3); // round past the end
    mask.clear(3);
    CHECK(mask.next(71) == 70); // all the way round to where it started
    CHECK(mask.test(70));
    CHECK_FALSE(mask.test(3));
    CHECK_THROWS_AS(RingMask(96), std::invalid_argument);
    CHECK_THROWS_AS(RingMask(32), std::invalid_argument);
}

TEST_CASE("a calendar's front moves between the ring and the overflow", "[sim][calendar]") {
    Calendar calendar(4, 64);                      // slots of 16 s: a span of 1,024 s
    CHECK(calendar.precedes_front(kNever - 1, 0)); // empty: anything comes first
    calendar.push(5000, 0, 1);                     // past the span
    calendar.push(2000, 0, 2);                     // past the span
    CHECK(calendar.front().id == 2);
    calendar.push(100, 0, 3); // in the ring: earlier than all the overflow
    CHECK(calendar.front().id == 3);
    CHECK(calendar.pop().id == 3);
    CHECK(calendar.front().id == 2); // the ring is empty again
    CHECK(calendar.pop().id == 2);   // from the overflow: it moves the cursor
    calendar.push(2001, 0, 4);
    calendar.push(2000 + 1024 + 100, 0, 5); // past the span from the new cursor
    CHECK(pop_all(calendar) == std::vector<std::uint32_t>{4, 5, 1});
    CHECK_THROWS_AS(calendar.push(4999, 0, 6), std::invalid_argument);
}

TEST_CASE("a calendar agrees with a sorted reference at any slot width", "[sim][calendar]") {
    for (const unsigned slot_bits : {0u, 3u, 10u}) {
        Stream rng(11, slot_bits, 0);
        Calendar calendar(slot_bits, 64);
        std::map<std::pair<Time, std::uint64_t>, std::uint32_t> reference;
        std::uint64_t seq = 0;
        Time now = 0;
        for (int step = 0; step < 40'000; ++step) {
            if (rng.below(2) == 0) { // mostly near, sometimes far past the span
                const Time time =
                    now + static_cast<Time>(rng.below(rng.below(8) == 0 ? 200'000 : 300));
                const auto id = static_cast<std::uint32_t>(step);
                calendar.push(time, 0, id);
                reference.emplace(std::pair{time, seq++}, id);
            } else if (!calendar.empty()) {
                const auto& [key, id] = *reference.begin();
                REQUIRE_FALSE(calendar.precedes_front(key.first, key.second));
                const Event first = calendar.pop();
                REQUIRE(std::tuple{first.time, first.seq, first.id} ==
                        std::tuple{key.first, key.second, id});
                now = first.time;
                reference.erase(reference.begin());
            }
            REQUIRE(calendar.size() == reference.size());
        }
        for (const auto& [key, id] : reference) {
            const Event first = calendar.pop();
            REQUIRE(std::tuple{first.time, first.seq, first.id} ==
                    std::tuple{key.first, key.second, id});
        }
        CHECK(calendar.empty());
    }
}
