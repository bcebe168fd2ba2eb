// The idle technicians, by id, by how long they may work and by the zone
// they wait in: a technician made idle again elsewhere or with another end
// (its shift began, an evening taken up) moves files.
#include "models/core/idle_crews.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace fieldsim::models;
using fieldsim::sim::Time;

namespace {
template <class Find> std::vector<std::size_t> visited(Find&& find) {
    std::vector<std::size_t> ids;
    find([&](std::size_t tech) {
        ids.push_back(tech);
        return false;
    });
    return ids;
}
std::vector<std::size_t> in_zones(const IdleCrews& idle, std::vector<int> zones) {
    return visited([&](auto visit) { return idle.find_if_in(zones, visit); });
}
// Everyone is near: only the ends decide.
bool anywhere(int, Time) {
    return true;
}
// The ids below `n`: a search among them leaves nobody out.
fieldsim::sim::IndexSet everyone(std::size_t n) {
    fieldsim::sim::IndexSet all(n);
    for (std::size_t i = 0; i < n; ++i)
        all.insert(i);
    return all;
}
const fieldsim::sim::IndexSet kAll = everyone(200);
std::vector<std::size_t> free_until(const IdleCrews& idle, Time need) {
    return visited([&](auto visit) {
        return idle.find_if_free_until(kAll.words(), need, need, anywhere, visit);
    });
}
} // namespace

TEST_CASE("IdleCrews files technicians by the zone they wait in", "[model][dispatch]") {
    IdleCrews idle(100, 3);
    REQUIRE(idle.filed_by_zone());
    idle.insert(70, 2, 1000);
    idle.insert(5, 0, 1000);
    idle.insert(64, 2, 1000);
    idle.insert(9, 1, 1000);
    CHECK(idle.size() == 4);
    CHECK(idle.waiting_in(2) == 2);
    CHECK(in_zones(idle, {2}) == std::vector<std::size_t>{64, 70});
    CHECK(in_zones(idle, {2, 0}) == std::vector<std::size_t>{5, 64, 70});
    idle.insert(64, 1, 1000); // idle anew elsewhere: filed once, under its new zone
    CHECK(idle.size() == 4);
    CHECK(in_zones(idle, {2}) == std::vector<std::size_t>{70});
    CHECK(in_zones(idle, {1}) == std::vector<std::size_t>{9, 64});
    idle.erase(9);
    idle.erase(9); // not idle any more: no change
    CHECK(idle.size() == 3);
    CHECK(in_zones(idle, {0, 1, 2}) == std::vector<std::size_t>{5, 64, 70});
    CHECK_FALSE(idle.contains(9));
}

TEST_CASE("IdleCrews finds those who may work until a time, lowest id first", "[model][dispatch]") {
    IdleCrews idle(200); // no zones: ends are filed all the same
    CHECK_FALSE(idle.filed_by_zone());
    idle.insert(150, 0, 64'800); // 18:00
    idle.insert(3, 0, 72'000);   // 20:00
    idle.insert(77, 0, 64'800);
    idle.insert(10, 0, 75'600); // 21:00
    CHECK(free_until(idle, 0) == std::vector<std::size_t>{3, 10, 77, 150});
    CHECK(free_until(idle, 64'800) == std::vector<std::size_t>{3, 10, 77, 150}); // ending at need
    CHECK(free_until(idle, 64'801) == std::vector<std::size_t>{3, 10});
    CHECK(free_until(idle, 72'001) == std::vector<std::size_t>{10});
    CHECK(free_until(idle, 75'601).empty());
    // 77 takes up the evening: idle anew with a later end.
    idle.insert(77, 0, 75'600);
    CHECK(free_until(idle, 72'001) == std::vector<std::size_t>{10, 77});
    // 18:00's file empties and is reused for another end.
    idle.erase(150);
    idle.insert(150, 0, 68'400);
    CHECK(free_until(idle, 64'801) == std::vector<std::size_t>{3, 10, 77, 150});
    CHECK(free_until(idle, 68'401) == std::vector<std::size_t>{3, 10, 77});
    // A visit may make the one it is given busy.
    std::vector<std::size_t> seen;
    CHECK(idle.find_if_free_until(kAll.words(), 0, 0, anywhere, [&](std::size_t tech) {
        seen.push_back(tech);
        idle.erase(tech);
        return tech == 77;
    }));
    CHECK(seen == std::vector<std::size_t>{3, 10, 77});
    CHECK(free_until(idle, 0) == std::vector<std::size_t>{150});
}

TEST_CASE("IdleCrews passes over those not near, in the files ending before a sure end",
          "[model][dispatch]") {
    IdleCrews idle(200);
    idle.insert(150, 3, 64'800); // 18:00, zone 3
    idle.insert(3, 1, 72'000);   // 20:00, zone 1
    idle.insert(77, 3, 72'000);  // 20:00, zone 3
    idle.insert(10, 2, 75'600);  // 21:00, zone 2
    // Near: zone 1 or 2, or an end of 21:00 or later.
    std::vector<std::pair<int, Time>> asked;
    const auto near = [&](int zone, Time end) {
        asked.emplace_back(zone, end);
        return zone != 3 || end >= 75'600;
    };
    const auto find = [&](Time need, Time sure, const fieldsim::sim::IndexSet& among = kAll) {
        return visited([&](auto visit) {
            return idle.find_if_free_until(among.words(), need, sure, near, visit);
        });
    };
    // Every file ends before the sure end: each is tested, 77 and 150 fail.
    CHECK(find(0, 100'000) == std::vector<std::size_t>{3, 10});
    CHECK(asked.size() == 4);
    // Files ending at 20:00 or later are taken whole: only 150's is tested.
    asked.clear();
    CHECK(find(0, 72'000) == std::vector<std::size_t>{3, 10, 77});
    CHECK(asked == std::vector<std::pair<int, Time>>{{3, 64'800}});
    // Past 18:00 that file is not long enough: nothing is tested.
    asked.clear();
    CHECK(find(64'801, 72'000) == std::vector<std::size_t>{3, 10, 77});
    CHECK(asked.empty());
    // Those not among the ones asked (say they lack the skill) are neither
    // tested nor visited, whole file or not.
    fieldsim::sim::IndexSet some(200);
    some.insert(3);
    some.insert(150);
    asked.clear();
    CHECK(find(0, 100'000, some) == std::vector<std::size_t>{3});
    CHECK(asked == std::vector<std::pair<int, Time>>{{1, 72'000}, {3, 64'800}});
    CHECK(find(0, 72'000, some) == std::vector<std::size_t>{3});
}
