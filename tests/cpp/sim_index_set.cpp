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

TEST_CASE("IndexSet::find_if_in_words visits the members of sets combined word by word",
          "[sim][index_set]") {
    Stream rng(7, 0, 0);
    IndexSet a(300), b(300), c(130); // c has fewer words: those past them read as empty
    std::set<std::size_t> in_a, in_b, in_c;
    const auto add = [](IndexSet& set, std::set<std::size_t>& reference, std::size_t i) {
        set.insert(i);
        reference.insert(i);
    };
    for (int step = 0; step < 300; ++step) {
        const std::size_t i = rng.below(300);
        rng.bernoulli(0.5) ? add(a, in_a, i) : add(b, in_b, i);
        if (i < 130 && rng.bernoulli(0.3)) add(c, in_c, i);
    }
    CHECK(c.word(5) == 0);
    // a without b, or in c.
    std::vector<std::size_t> want;
    for (std::size_t i : in_a)
        if (!in_b.count(i) || in_c.count(i)) want.push_back(i);
    std::vector<std::size_t> seen;
    const auto combined = [&](std::size_t w) { return a.word(w) & (~b.word(w) | c.word(w)); };
    CHECK_FALSE(IndexSet::find_if_in_words(a.word_count(), combined, [&](std::size_t i) {
        seen.push_back(i);
        return false;
    }));
    CHECK(seen == want);
    seen.clear();
    CHECK(IndexSet::find_if_in_words(a.word_count(), combined, [&](std::size_t i) {
        seen.push_back(i);
        return i == want[5];
    }));
    CHECK(seen.size() == 6);
}
