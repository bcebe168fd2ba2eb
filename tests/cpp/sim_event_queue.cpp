#include "sim/calendar.h"
#include "sim/event_queue.h"
#include "sim/random.h"

#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>
#include <vector>

using namespace fieldsim::sim;

namespace {

template <class Queue> std::vector<Event> pop_all(Queue& queue) {
    std::vector<Event> events;
    while (!queue.empty())
        events.push_back(queue.pop());
    return events;
}

std::vector<std::uint32_t> ids_of(const std::vector<Event>& events) {
    std::vector<std::uint32_t> ids;
    for (const Event& e : events)
        ids.push_back(e.id);
    return ids;
}

void require_same(const Event& got, const Event& want) {
    REQUIRE(got.time == want.time);
    REQUIRE(got.seq == want.seq);
    REQUIRE(got.kind == want.kind);
    REQUIRE(got.id == want.id);
}

// Mostly ties and near ties, sometimes a far jump so that high buckets fill.
Time random_delay(Stream& rng) {
    switch (rng.below(4)) {
    case 0:
        return 0;
    case 1:
        return static_cast<Time>(rng.below(8));
    case 2:
        return static_cast<Time>(rng.below(10'000));
    default:
        return static_cast<Time>(rng.below(std::uint64_t{1} << 40));
    }
}

} // namespace

TEMPLATE_TEST_CASE("events pop in time order", "[sim][event_queue]", EventQueue, Calendar) {
    TestType queue;
    queue.push(30, 0, 3);
    queue.push(10, 0, 1);
    queue.push(1'000'000, 0, 4);
    queue.push(20, 0, 2);
    CHECK(ids_of(pop_all(queue)) == std::vector<std::uint32_t>{1, 2, 3, 4});
}

TEMPLATE_TEST_CASE("events of equal time pop in insertion order with increasing seq",
                   "[sim][event_queue]", EventQueue, Calendar) {
    TestType queue;
    for (std::uint32_t id = 0; id < 6; ++id)
        queue.push(id % 2 == 0 ? 50 : 7, id, id);
    const std::vector<Event> events = pop_all(queue);
    CHECK(ids_of(events) == std::vector<std::uint32_t>{1, 3, 5, 0, 2, 4});
    for (std::size_t i = 1; i < events.size(); ++i)
        if (events[i].time == events[i - 1].time) CHECK(events[i].seq > events[i - 1].seq);
    CHECK(events.front().kind == 1);
}

TEMPLATE_TEST_CASE("an event pushed at the current time queues behind those already due",
                   "[sim][event_queue]", EventQueue, Calendar) {
    TestType queue;
    queue.push(10, 0, 1);
    queue.push(10, 0, 2);
    CHECK(queue.pop().id == 1);
    queue.push(10, 0, 3);
    CHECK(ids_of(pop_all(queue)) == std::vector<std::uint32_t>{2, 3});
}

TEMPLATE_TEST_CASE("pushing before the last popped time throws", "[sim][event_queue]", EventQueue,
                   Calendar) {
    TestType queue;
    queue.push(10, 0, 1);
    queue.pop();
    CHECK(queue.last_time() == 10);
    CHECK_THROWS_AS(queue.push(9, 0, 2), std::invalid_argument);
    CHECK_NOTHROW(queue.push(10, 0, 3));
    CHECK(queue.size() == 1);
}

// A loop that peeks to decide whether to go on may still schedule something
// between now and the next event.
TEMPLATE_TEST_CASE("next_time only looks: a push between now and the next event is accepted",
                   "[sim][event_queue]", EventQueue, Calendar) {
    TestType queue;
    queue.push(10, 0, 1);
    queue.push(20, 0, 2);
    queue.pop();
    CHECK(queue.next_time() == 20);
    CHECK(queue.last_time() == 10);
    REQUIRE_NOTHROW(queue.push(15, 0, 3));
    CHECK(ids_of(pop_all(queue)) == std::vector<std::uint32_t>{3, 2});
}

TEMPLATE_TEST_CASE("size, empty, next_time and clear", "[sim][event_queue]", EventQueue, Calendar) {
    TestType queue;
    CHECK(queue.empty());
    CHECK(queue.size() == 0);
    queue.push(40, 0, 1);
    queue.push(25, 0, 2);
    CHECK_FALSE(queue.empty());
    CHECK(queue.size() == 2);
    CHECK(queue.next_time() == 25);
    queue.pop();
    CHECK(queue.next_time() == 40);
    queue.clear();
    CHECK(queue.empty());
    CHECK(queue.size() == 0);
    // clear() starts over: time 0 is allowed again and seq restarts.
    queue.push(0, 0, 3);
    CHECK(queue.pop().seq == 0);
}

// std::multimap keeps equal keys in insertion order, so keyed by time alone it
// is a slow but obviously correct future event list to compare against.
TEMPLATE_TEST_CASE("200k random pushes and pops agree with a multimap reference",
                   "[sim][event_queue]", EventQueue, Calendar) {
    Stream rng(7, 0, 0);
    TestType queue;
    std::multimap<Time, Event> reference;
    Time now = 0;
    std::uint64_t seq = 0;
    auto pop_and_compare = [&] {
        REQUIRE(queue.next_time() == reference.begin()->first);
        const Event got = queue.pop();
        require_same(got, reference.begin()->second);
        reference.erase(reference.begin());
        now = got.time;
    };
    for (int op = 0; op < 200'000; ++op) {
        // Slightly more pushes than pops, so the queue grows to thousands.
        if (reference.empty() || rng.bernoulli(0.55)) {
            const Time t = now + random_delay(rng);
            const auto kind = static_cast<std::uint32_t>(rng.below(5));
            const auto id = static_cast<std::uint32_t>(op);
            queue.push(t, kind, id);
            reference.emplace(t, Event{t, seq++, kind, id});
        } else {
            pop_and_compare();
        }
        REQUIRE(queue.size() == reference.size());
    }
    CHECK(reference.size() > 1000);
    while (!reference.empty())
        pop_and_compare();
    CHECK(queue.empty());
}

// A model may keep an event outside the queue (a stream's next arrival) and
// still break ties with queued events in push order.
TEMPLATE_TEST_CASE("reserve_seq gives an outside event its place in the tie order",
                   "[sim][event_queue]", EventQueue, Calendar) {
    TestType queue;
    queue.push(10, 0, 1);
    const std::uint64_t outside = queue.reserve_seq();
    queue.push(10, 0, 2);
    CHECK(queue.front().seq < outside);
    CHECK(queue.pop().id == 1);
    CHECK(queue.front().seq > outside);
    CHECK(queue.front().id == 2);
    CHECK(queue.size() == 1);
}

TEMPLATE_TEST_CASE("front shows the next event without taking it", "[sim][event_queue]", EventQueue,
                   Calendar) {
    TestType queue;
    queue.push(30, 1, 3);
    queue.push(20, 2, 2);
    CHECK(queue.front().id == 2);
    CHECK(queue.front().kind == 2);
    CHECK(queue.size() == 2);
    CHECK(ids_of(pop_all(queue)) == std::vector<std::uint32_t>{2, 3});
}

TEMPLATE_TEST_CASE("events at the same time go by rank, then by scheduling order", "[queue]",
                   Calendar) {
    TestType queue;
    queue.push(10, 0, 1, 2);
    queue.push(10, 0, 2, 1);
    const std::uint64_t reserved = queue.reserve_seq(1); // a place between the two rank-1 events
    queue.push(10, 0, 3, 1);
    queue.push(10, 0, 4, 0);
    queue.push(9, 0, 5, 2);
    std::vector<std::uint32_t> order;
    while (!queue.empty())
        order.push_back(queue.pop().id);
    CHECK(order == std::vector<std::uint32_t>{5, 4, 2, 3, 1});
    CHECK(precedes(10, queue.reserve_seq(0), 10, reserved));
}
