#include "sim/random.h"
#include "sim/timers.h"

#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

using namespace fieldsim::sim;

namespace {

// What the calendar must agree with: the pending timers by (time, seq).
using Reference = std::map<std::pair<Time, std::uint64_t>, std::uint32_t>;

std::vector<std::uint32_t> fire_all(Timers& timers) {
    std::vector<std::uint32_t> ids;
    while (!timers.empty())
        ids.push_back(timers.pop().id);
    return ids;
}

} // namespace

TEST_CASE("timers fire by time, ties by seq", "[sim][timers]") {
    Timers timers(4, 64); // slots of 16 s
    timers.set(1, 100, 5);
    timers.set(2, 40, 9);
    timers.set(3, 100, 2);
    timers.set(4, 41, 1);
    timers.set(5, 5000, 3); // past the ring's span of 1,024 s
    CHECK(timers.size() == 5);
    CHECK(fire_all(timers) == std::vector<std::uint32_t>{2, 4, 3, 1, 5});
}

TEST_CASE("a cancelled timer never fires", "[sim][timers]") {
    Timers timers(4, 64);
    timers.set(1, 10, 1);
    timers.set(2, 20, 2);
    timers.set(3, 3000, 3);
    timers.cancel(2);
    timers.cancel(3);
    CHECK(timers.size() == 1);
    CHECK_FALSE(timers.pending(2));
    CHECK(timers.pending(1));
    timers.set(2, 15, 4); // an id may be armed again
    CHECK(fire_all(timers) == std::vector<std::uint32_t>{1, 2});
}

TEST_CASE("the floor is the last fired timer's slot, and nothing is set below it",
          "[sim][timers]") {
    Timers timers(4, 64); // slots of 16 s
    timers.set(1, 100, 1);
    timers.set(2, 300, 2);
    CHECK(timers.front().id == 1);
    CHECK(timers.floor() == 0); // looking moves nothing
    timers.set(3, 50, 3);       // before the front: it becomes the front
    CHECK(timers.front().id == 3);
    CHECK(timers.pop().id == 3);
    CHECK(timers.floor() == 48); // 50 lies in the slot [48, 64)
    CHECK_THROWS_AS(timers.set(4, 47, 4), std::invalid_argument);
    timers.set(4, 48, 4);
    CHECK_THROWS_AS(timers.set(4, 200, 5), std::logic_error);
    CHECK(fire_all(timers) == std::vector<std::uint32_t>{4, 1, 2});
}

TEST_CASE("timers agree with a sorted reference under random sets, cancels and fires",
          "[sim][timers]") {
    for (const unsigned slot_bits : {0u, 3u, 10u}) {
        Stream rng(7, slot_bits, 0);
        Timers timers(slot_bits, 64);
        Reference reference;
        std::vector<std::pair<Time, std::uint64_t>> armed(200); // by id: its (time, seq)
        std::uint64_t seq = 0;
        Time now = 0;
        for (int step = 0; step < 40'000; ++step) {
            const auto id = static_cast<std::uint32_t>(rng.below(200));
            switch (rng.below(4)) {
            case 0: { // arm, mostly near, sometimes past the ring's span
                if (timers.pending(id)) break;
                const Time time = std::max(now, timers.floor()) +
                                  static_cast<Time>(rng.below(rng.below(8) == 0 ? 200'000 : 300));
                timers.set(id, time, ++seq);
                reference.emplace(std::pair{time, seq}, id);
                armed[id] = {time, seq};
                break;
            }
            case 1: // cancel
                if (!timers.pending(id)) break;
                timers.cancel(id);
                REQUIRE(reference.erase(armed[id]) == 1);
                break;
            case 2: // look at the earliest: later sets may come before it
                if (timers.empty()) break;
                {
                    const Timer first = timers.front();
                    REQUIRE(std::pair{first.time, first.seq} == reference.begin()->first);
                }
                break;
            default: // fire the earliest
                if (timers.empty()) break;
                const Timer first = timers.pop();
                REQUIRE(std::tuple{first.time, first.seq, first.id} ==
                        std::tuple{reference.begin()->first.first, reference.begin()->first.second,
                                   reference.begin()->second});
                reference.erase(reference.begin());
                now = first.time;
            }
            REQUIRE(timers.size() == reference.size());
        }
        for (const auto& [key, id] : reference) {
            const Timer first = timers.pop();
            REQUIRE(std::tuple{first.time, first.seq, first.id} ==
                    std::tuple{key.first, key.second, id});
        }
        CHECK(timers.empty());
    }
}
