#include "sim/event_queue.h"
#include "sim/random.h"
#include "sim/tournament.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <vector>

using namespace fieldsim::sim;

namespace {

// The index of the first least key, by a plain scan.
template <class Key, class Less> std::size_t scan_least(const std::vector<Key>& keys, Less less) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < keys.size(); ++i)
        if (less(keys[i], keys[best])) best = i;
    return best;
}

struct Stamp {
    Time time;
    std::uint64_t seq;
};
struct StampLess {
    bool operator()(const Stamp& a, const Stamp& b) const {
        return precedes(a.time, a.seq, b.time, b.seq);
    }
};

} // namespace

TEST_CASE("Tournament agrees with a scan under random updates, keys with ties",
          "[sim][tournament]") {
    Stream rng(11, 0, 0);
    // Sizes around powers of two, where the implicit tree changes shape.
    for (std::size_t n : {1, 2, 3, 5, 7, 8, 9, 31, 64, 100, 513}) {
        std::vector<int> keys(n);
        for (auto& k : keys)
            k = static_cast<int>(rng.below(50));
        Tournament<int> tree(keys);
        REQUIRE(tree.size() == n);
        for (int step = 0; step < 5'000; ++step) {
            const std::size_t player = rng.below(n);
            // Few distinct values, so that ties are common.
            keys[player] = static_cast<int>(rng.below(50));
            tree.update(player, keys[player]);
            const std::size_t want = scan_least(keys, std::less<int>());
            REQUIRE(tree.least() == keys[want]);
            REQUIRE(keys[tree.winner()] == keys[want]);
            REQUIRE(tree.key(player) == keys[player]);
        }
    }
}

TEST_CASE("Tournament names the one least of distinct keys, updating the winner or anyone",
          "[sim][tournament]") {
    Stream rng(12, 0, 0);
    for (std::size_t n : {1, 2, 3, 6, 17, 128, 300}) {
        std::uint64_t seq = 0;
        std::vector<Stamp> keys(n);
        for (auto& k : keys)
            k = Stamp{static_cast<Time>(rng.below(20)), seq++};
        Tournament<Stamp, StampLess> tree(keys);
        REQUIRE(tree.winner() == scan_least(keys, StampLess()));
        for (int step = 0; step < 5'000; ++step) {
            // Half the time the winner moves on, as a source of arrivals does;
            // otherwise anyone moves, earlier or later.
            const std::size_t player = rng.bernoulli(0.5) ? tree.winner() : rng.below(n);
            const Time base = rng.bernoulli(0.5) ? keys[tree.winner()].time : 0;
            keys[player] = Stamp{base + static_cast<Time>(rng.below(20)), seq++};
            tree.update(player, keys[player]);
            const std::size_t want = scan_least(keys, StampLess());
            REQUIRE(tree.winner() == want);
            REQUIRE(tree.least().time == keys[want].time);
            REQUIRE(tree.least().seq == keys[want].seq);
        }
    }
}

TEST_CASE("Tournament needs a player", "[sim][tournament]") {
    CHECK_THROWS_AS(Tournament<int>(std::vector<int>{}), std::invalid_argument);
}
