#include "sim/index_set.h"
#include "sim/random.h"

#include <catch2/catch.hpp>

#include <set>
#include <vector>

using namespace fieldsim::sim;

namespace {
std::vector<std::size_t> members(const IndexSet& set) {
    std::vector<std::size_t> all;
    set.find_if([&](std::size_t i) {
        all.push_back(i);
        return false;
    });
    return all;
}
} // namespace

TEST_CASE("IndexSet agrees with std::set under random inserts and erases", "[sim][index_set]") {
    Stream rng(3, 0, 0);
    IndexSet set(200);
    std::set<std::size_t> reference;
    for (int step = 0; step < 20'000; ++step) {
        const std::size_t i = rng.below(200);
        if (rng.bernoulli(0.5)) {
            set.insert(i);
            reference.insert(i);
        } else {
            set.erase(i);
            reference.erase(i);
        }
        REQUIRE(set.size() == reference.size());
        REQUIRE(set.empty() == reference.empty());
        REQUIRE(set.contains(i) == (reference.count(i) == 1));
    }
    CHECK(members(set) == std::vector<std::size_t>(reference.begin(), reference.end()));
}

TEST_CASE("IndexSet::find_if visits in increasing order, stops at true, and allows erasing",
          "[sim][index_set]") {
    IndexSet set(130);
    for (std::size_t i : {129, 3, 64, 63, 0})
        set.insert(i);
    set.insert(3); // twice: still one member
    CHECK(set.size() == 5);
    CHECK(members(set) == std::vector<std::size_t>{0, 3, 63, 64, 129});
    std::vector<std::size_t> seen;
    const bool found = set.find_if([&](std::size_t i) {
        seen.push_back(i);
        if (i < 64) set.erase(i);
        return i == 64;
    });
    CHECK(found);
    CHECK(seen == std::vector<std::size_t>{0, 3, 63, 64});
    CHECK(members(set) == std::vector<std::size_t>{64, 129});
    set.erase(64);
    set.erase(129);
    set.erase(129); // not a member any more: no change
    CHECK(set.empty());
    CHECK_FALSE(set.find_if([](std::size_t) { return true; }));
}
