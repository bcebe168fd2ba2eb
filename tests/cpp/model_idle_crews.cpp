// The idle technicians, by id and filed by zone: a technician made idle again
// in another zone (its shift began at home) moves files.
#include "models/core/idle_crews.h"

#include <catch2/catch.hpp>

#include <array>
#include <vector>

using namespace fieldsim::models;

namespace {
std::vector<std::size_t> in_zones(const IdleCrews& idle, std::vector<int> zones) {
    std::vector<std::size_t> ids;
    idle.find_if_in(zones, [&](std::size_t tech) {
        ids.push_back(tech);
        return false;
    });
    return ids;
}
} // namespace

TEST_CASE("IdleCrews files technicians by the zone they wait in", "[model][dispatch]") {
    IdleCrews idle(100, 3);
    REQUIRE(idle.filed_by_zone());
    idle.insert(70, 2);
    idle.insert(5, 0);
    idle.insert(64, 2);
    idle.insert(9, 1);
    CHECK(idle.size() == 4);
    CHECK(idle.waiting_in(2) == 2);
    CHECK(in_zones(idle, {2}) == std::vector<std::size_t>{64, 70});
    CHECK(in_zones(idle, {2, 0}) == std::vector<std::size_t>{5, 64, 70});
    idle.insert(64, 1); // idle anew elsewhere: filed once, under its new zone
    CHECK(idle.size() == 4);
    CHECK(in_zones(idle, {2}) == std::vector<std::size_t>{70});
    CHECK(in_zones(idle, {1}) == std::vector<std::size_t>{9, 64});
    idle.erase(9);
    idle.erase(9); // not idle any more: no change
    CHECK(idle.size() == 3);
    CHECK(in_zones(idle, {0, 1, 2}) == std::vector<std::size_t>{5, 64, 70});
    CHECK_FALSE(idle.contains(9));
}

TEST_CASE("IdleCrews without zones keeps only the ids", "[model][dispatch]") {
    IdleCrews idle(10);
    CHECK_FALSE(idle.filed_by_zone());
    idle.insert(3, 7);
    idle.insert(1, 2);
    std::vector<std::size_t> ids;
    idle.find_if([&](std::size_t tech) {
        ids.push_back(tech);
        return false;
    });
    CHECK(ids == std::vector<std::size_t>{1, 3});
}
