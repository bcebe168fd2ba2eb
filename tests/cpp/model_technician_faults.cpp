// A visit that fails for a technician fault (city-rules.md section 3): it
// costs its travel and the order's work, the order is redone with its due
// unchanged, a late one has the cause `technician`, and after two faults
// (visits.faults_for_senior) only a technician with the `senior` skill may
// take it. Worked by hand on a
// one-zone branch (tests/cpp/one_zone_branch.h).
#include "clock.h"
#include "one_zone_branch.h"

#include "models/demand/arrivals.h"
#include "sim/random.h"

#include <catch2/catch.hpp>

#include <array>

using namespace fieldsim;
using namespace fieldsim::models;
using namespace fieldsim::testing;

namespace {

// A general technician (id 0) and a senior one (id 1), 08:00-18:00. One
// install entered at 13:00, due at 24:00, expects 60 min and takes 200.
json faulty_branch(double p) {
    json seniors = group("seniors", 1, "08:00", "18:00");
    seniors["skills"] = {"senior"};
    json doc =
        branch({group("general", 1, "08:00", "18:00"), seniors}, {job(0, "13:00", "install", 200)});
    doc["visits"] = {{"technician_fault", {{"install", p}}}};
    return doc;
}

// The first seed whose fault draws at p = 0.5 fail `failures` times, then
// succeed.
std::uint64_t seed_failing(int failures) {
    for (std::uint64_t seed = 1; seed < 1000; ++seed) {
        sim::Stream draws(seed, 0, static_cast<std::uint64_t>(Purpose::technician_faults));
        int failed = 0;
        while (failed <= failures && draws.bernoulli(0.5))
            ++failed;
        if (failed == failures) return seed;
    }
    return 0;
}

// The branch at p = 0.5 with visits.faults_for_senior set, on the first seed
// whose draws fail `failures` times, then succeed.
ReplicationResult run_failing(int failures, int faults_for_senior) {
    const std::uint64_t seed = seed_failing(failures);
    REQUIRE(seed != 0);
    json doc = faulty_branch(0.5);
    doc["visits"]["faults_for_senior"] = faults_for_senior;
    return run(doc, seed);
}

} // namespace

TEST_CASE("a twice-failed visit goes to a senior technician and is late for the technician",
          "[visits][faults]") {
    const std::uint64_t seed = seed_failing(2);
    REQUIRE(seed != 0);
    const auto result = run(faulty_branch(0.5), seed);
    // 13:00 technician 0 sets out, fails at 16:20. Technician 1, idle, sets
    // out at 16:20 (expected end 17:20 is within its shift) and fails at
    // 19:40: the second fault, so the order needs a senior. Technician 1 is
    // off shift until 08:00 the next day and finishes at 11:20: late, due
    // at 24:00 on day 0; the cause is the technician's.
    const OrderRecord& order = result.orders[0];
    CHECK(order.technician == 1);
    CHECK(order.departure == at(1, 8, 0));
    CHECK(order.finish == at(1, 11, 20));
    CHECK(order.due == at(1, 0, 0));
    CHECK(order.late);
    CHECK(order.cause == Cause::technician);
    CHECK(order.compensation_cny == 20.0);
    CHECK(order.failed_visits == 2);
    CHECK(result.value(Output::technician_faults) == 2);
    CHECK(result.value(Output::senior_referrals) == 1);
    // Each failed visit is its technician's time: 200 min of work.
    REQUIRE(result.technicians.size() >= 2);
    CHECK(result.technicians[0].faulty_visits == 1);
    CHECK(result.technicians[0].jobs == 0);
    CHECK(result.technicians[1].faulty_visits == 1);
    CHECK(result.technicians[1].jobs == 1);
}

TEST_CASE("after two faults the general technician never takes the order again",
          "[visits][faults]") {
    // Every visit fails: technician 0 fails at 16:20, technician 1 at 19:40,
    // and from then on only technician 1 tries, whoever is idle.
    const auto result = run(faulty_branch(1.0));
    CHECK(result.value(Output::senior_referrals) == 1);
    CHECK(result.value(Output::orders_unfinished) == 1);
    std::uint32_t general = 0, senior = 0;
    for (const TechnicianRecord& t : result.technicians)
        (t.id == 0 ? general : senior) += t.faulty_visits;
    CHECK(general == 1);
    CHECK(senior > 1);
    CHECK(result.value(Output::technician_faults) == general + senior);
}

TEST_CASE("visits.faults_for_senior sets how many faults pass an order to a senior",
          "[visits][faults]") {
    SECTION("once: the senior takes it after the first fault and is in time") {
        const auto result = run_failing(1, 1);
        // Technician 0 fails at 16:20; the order needs a senior now, and
        // technician 1, idle, sets out then and finishes at 19:40, due 24:00.
        const OrderRecord& order = result.orders[0];
        CHECK(order.technician == 1);
        CHECK(order.departure == at(0, 16, 20));
        CHECK(order.finish == at(0, 19, 40));
        CHECK_FALSE(order.late);
        CHECK(result.value(Output::technician_faults) == 1);
        CHECK(result.value(Output::senior_referrals) == 1);
    }
    SECTION("three times: two faults leave it to whoever is free") {
        const auto result = run_failing(2, 3);
        // As with two (above) up to 19:40, but the order is anyone's: at
        // 08:00 the next day technician 0, the lower id, takes it and
        // finishes at 11:20, late for the technician.
        const OrderRecord& order = result.orders[0];
        CHECK(order.technician == 0);
        CHECK(order.departure == at(1, 8, 0));
        CHECK(order.finish == at(1, 11, 20));
        CHECK(order.cause == Cause::technician);
        CHECK(result.value(Output::technician_faults) == 2);
        CHECK(result.value(Output::senior_referrals) == 0);
    }
}

TEST_CASE("without faults the same install is on time", "[visits][faults]") {
    const auto result = run(faulty_branch(0.0));
    CHECK(result.orders[0].technician == 0);
    CHECK(result.orders[0].finish == at(0, 16, 20));
    CHECK(result.value(Output::technician_faults) == 0);
}

TEST_CASE("technician faults: bad input is named", "[visits][faults][bad]") {
    json doc = faulty_branch(0.1);
    doc["technicians"]["groups"][1]["skills"] = {"enterprise"};
    CHECK_THROWS_WITH(run(doc), "groups.json: /visits/technician_fault: an order whose visit "
                                "fails twice for a technician fault goes to a technician with "
                                "the skill \"senior\", but no technician group holds it");
    doc["visits"]["faults_for_senior"] = 3;
    CHECK_THROWS_WITH(run(doc), "groups.json: /visits/technician_fault: an order whose visit "
                                "fails 3 times for a technician fault goes to a technician with "
                                "the skill \"senior\", but no technician group holds it");
    doc = faulty_branch(1.5);
    CHECK_THROWS_WITH(run(doc), "groups.json: /visits/technician_fault/install: expected a "
                                "number in [0, 1], got 1.5");
    doc = faulty_branch(0.1);
    doc["visits"]["faults_for_senior"] = 0;
    CHECK_THROWS_WITH(run(doc), "groups.json: /visits/faults_for_senior: expected an integer in "
                                "[1, 255], got 0");
}
