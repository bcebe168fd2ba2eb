#include "sim/random.h"
#include "sim/replication.h"
#include "sim/statistics.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>
#include <vector>

using namespace fieldsim::sim;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t kSeed = 99;
constexpr std::uint64_t kPurpose = 4;

// A replication as the model will write one: its randomness named by its index.
Welford draw_replication(const ReplicationTicket& ticket) {
    Stream s(kSeed, ticket.index, kPurpose);
    Welford w;
    for (int i = 0; i < 5000; ++i)
        w.add(s.normal(10.0, 2.0));
    return w;
}

RunControl with_threads(unsigned threads) {
    RunControl control;
    control.threads = threads;
    return control;
}

Welford merged_in_index_order(const std::vector<Welford>& results) {
    Welford total;
    for (const Welford& w : results)
        total.merge(w);
    return total;
}

struct Boom {};

} // namespace

TEST_CASE("run_replications returns results in index order", "[sim][replication]") {
    const auto results = run_replications<std::size_t>(
        50, [](const ReplicationTicket& t) { return t.index * 10; }, with_threads(4));
    REQUIRE(results.size() == 50);
    for (std::size_t i = 0; i < results.size(); ++i)
        CHECK(results[i] == i * 10);
    CHECK(run_replications<int>(0, [](const ReplicationTicket&) { return 1; }).empty());
}

// Floating-point merging is not associative, so any change of order or of
// streams between thread counts would show in the last bits.
TEST_CASE("the merged result is bit-identical for 1, 2 and 8 threads", "[sim][replication]") {
    const Welford one =
        merged_in_index_order(run_replications<Welford>(24, draw_replication, with_threads(1)));
    for (unsigned threads : {2u, 8u}) {
        INFO(threads << " threads");
        const Welford many = merged_in_index_order(
            run_replications<Welford>(24, draw_replication, with_threads(threads)));
        CHECK(many.count() == one.count());
        CHECK(many.mean() == one.mean());
        CHECK(many.variance() == one.variance());
    }
}

TEST_CASE("an exception inside a replication reaches the caller", "[sim][replication]") {
    const auto fails_at_3 = [](const ReplicationTicket& t) {
        if (t.index == 3) throw Boom{};
        return t.index;
    };
    CHECK_THROWS_AS(run_replications<std::size_t>(10, fails_at_3, with_threads(2)), Boom);
}

// Each replication waits for the cancellation flag (for at most 10 s, so that
// a broken runner fails the test instead of hanging it).
TEST_CASE("should_stop returning true cancels the run", "[sim][replication]") {
    RunControl control = with_threads(2);
    control.should_stop = [] { return true; };
    control.progress_interval = 1ms;
    const auto waits_for_cancel = [](const ReplicationTicket& t) {
        const auto give_up = std::chrono::steady_clock::now() + 10s;
        while (!t.cancel.load() && std::chrono::steady_clock::now() < give_up)
            std::this_thread::sleep_for(1ms);
        return 0;
    };
    CHECK_THROWS_AS(run_replications<int>(4, waits_for_cancel, control), Cancelled);
}

// The first report is slow (a progress bar drawing), so the replications
// finish meanwhile: the final 1 must come all the same.
TEST_CASE("progress is reported between 0 and 1, never backwards, finally 1",
          "[sim][replication]") {
    std::vector<double> reports;
    RunControl control = with_threads(2);
    control.progress = [&](double share) {
        reports.push_back(share);
        if (reports.size() == 1) std::this_thread::sleep_for(100ms);
    };
    control.progress_interval = 1ms;
    const auto halfway_then_done = [](const ReplicationTicket& t) {
        std::this_thread::sleep_for(2ms);
        t.fraction = 0.5;
        std::this_thread::sleep_for(2ms);
        return 0;
    };
    run_replications<int>(8, halfway_then_done, control);
    REQUIRE_FALSE(reports.empty());
    for (std::size_t i = 0; i < reports.size(); ++i) {
        CHECK(reports[i] >= 0.0);
        CHECK(reports[i] <= 1.0);
        if (i > 0) CHECK(reports[i] >= reports[i - 1]);
    }
    CHECK(reports.back() == 1.0);
}

TEST_CASE("a progress callback that throws stops the run and reaches the caller",
          "[sim][replication]") {
    std::atomic<std::size_t> started{0};
    RunControl control = with_threads(2);
    control.progress_interval = 1ms;
    control.progress = [](double) { throw std::runtime_error("callback failed"); };
    auto slow = [&](const ReplicationTicket& ticket) {
        ++started;
        // Bounded, so that a regression fails instead of hanging.
        const auto give_up = std::chrono::steady_clock::now() + 200ms;
        while (!ticket.cancel.load() && std::chrono::steady_clock::now() < give_up)
            std::this_thread::sleep_for(1ms);
        return 0;
    };
    CHECK_THROWS_WITH(run_replications<int>(1000, slow, control), "callback failed");
    // The workers saw the cancellation instead of running all 1000.
    CHECK(started.load() < 1000);
}
