// The event loop allocates nothing per event (design.md, "kernel habits"): a
// run's allocations are its setup and the amortised growth of its buffers,
// far fewer than its events. Counting them needs the global operator new
// replaced, which is why this file has an executable of its own.
#include "models/engine/simulation.h"
#include "models/scenario/load.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cxxabi.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <new>
#include <sstream>
#include <string>
#include <vector>

using namespace fieldsim;
using namespace fieldsim::models;

namespace {

std::atomic<std::uint64_t> allocations{0};

// Where the allocations of a counted run come from, so that a failing guard
// names the code to fix. A fixed table: recording must not allocate.
constexpr int kFrames = 5; // operator new and four callers
struct Site {
    std::array<void*, kFrames> frames{};
    int depth = 0;
    std::uint64_t count = 0;
};
thread_local bool recording = false;
// Room for a setup's many sites beside the loop's few; the largest are shown.
thread_local std::array<Site, 256> sites{};
constexpr std::size_t kSitesShown = 8;

// Inlined into each operator new, so that the first frame of a backtrace is
// operator new and the next its caller.
[[gnu::always_inline]] inline void note_allocation() {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (!recording) return;
    recording = false; // backtrace() may load the unwinder, which may allocate
    Site here;
    here.depth = backtrace(here.frames.data(), kFrames);
    for (Site& site : sites) {
        if (site.count == 0) site = here;
        if (site.depth == here.depth && site.frames == here.frames) {
            ++site.count;
            break;
        }
    }
    recording = true;
}

[[gnu::always_inline]] inline void* allocate(std::size_t size) {
    note_allocation();
    // operator new must return a distinct pointer even for size 0.
    return std::malloc(size == 0 ? 1 : size);
}

[[gnu::always_inline]] inline void* allocate(std::size_t size, std::align_val_t align) {
    note_allocation();
    const auto a = static_cast<std::size_t>(align);
    // aligned_alloc wants a size that is a multiple of the alignment.
    const std::size_t rounded = (size + a - 1) / a * a;
    return std::aligned_alloc(a, rounded == 0 ? a : rounded);
}

[[gnu::always_inline]] inline void* or_throw(void* p) {
    if (!p) throw std::bad_alloc();
    return p;
}

// A frame as a function name and offset, or as file and offset for
// `addr2line -Cfe FILE OFFSET` where the symbol is not exported.
std::string describe(void* frame) {
    // A return address: the call is the instruction before it.
    const auto at = reinterpret_cast<std::uintptr_t>(frame) - 1;
    Dl_info info{};
    if (!dladdr(reinterpret_cast<void*>(at), &info)) return "?";
    std::ostringstream out;
    out << std::hex;
    if (info.dli_sname) {
        int status = 0;
        char* name = abi::__cxa_demangle(info.dli_sname, nullptr, nullptr, &status);
        out << (status == 0 ? name : info.dli_sname) << "+0x"
            << at - reinterpret_cast<std::uintptr_t>(info.dli_saddr);
        std::free(name);
    } else {
        out << info.dli_fname << " 0x" << at - reinterpret_cast<std::uintptr_t>(info.dli_fbase);
    }
    return out.str();
}

std::string recorded_sites() {
    std::vector<Site> seen;
    for (const Site& site : sites)
        if (site.count > 0) seen.push_back(site);
    std::sort(seen.begin(), seen.end(),
              [](const Site& a, const Site& b) { return a.count > b.count; });
    std::ostringstream out;
    seen.resize(std::min(seen.size(), kSitesShown));
    for (const Site& site : seen) {
        out << site.count << " from";
        for (int f = 1; f < site.depth; ++f)
            out << "\n    " << describe(site.frames[static_cast<std::size_t>(f)]);
        out << '\n';
    }
    return out.str();
}

// Out of line: where GCC sees free() take a pointer from operator new, it
// warns of a mismatch (-Wmismatched-new-delete).
[[gnu::noinline]] void release(void* p) noexcept {
    std::free(p);
}

struct Counted {
    std::uint64_t allocations;
    double events;
    double orders;
    std::string sites; // the largest first
    double per_event() const { return static_cast<double>(allocations) / events; }
};

// Counts the allocations of one replication; the World is built beforehand
// because compiling a scenario allocates, once per run and not per event.
Counted count_run(const World& world, bool keep_orders) {
    sites = {};
    const std::uint64_t before = allocations.load();
    recording = true;
    const ReplicationResult result = simulate(world, 1, 0, keep_orders);
    recording = false;
    const std::uint64_t after = allocations.load();
    return {after - before, result.value(Output::events),
            result.value(Output::orders_install) + result.value(Output::orders_repair),
            recorded_sites()};
}

Scenario load(const char* file) {
    return load_scenario(std::string(FIELDSIM_SOURCE_DIR) + "/" + file);
}

void report(const Counted& run) {
    WARN(run.per_event() << " allocations per event (" << run.allocations << " in " << run.events
                         << " events)");
}

} // namespace

// The replaceable allocation functions, every form the library may call.
void* operator new(std::size_t size) {
    return or_throw(allocate(size));
}
void* operator new[](std::size_t size) {
    return or_throw(allocate(size));
}
void* operator new(std::size_t size, std::align_val_t align) {
    return or_throw(allocate(size, align));
}
void* operator new[](std::size_t size, std::align_val_t align) {
    return or_throw(allocate(size, align));
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    return allocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    return allocate(size);
}
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
    return allocate(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
    return allocate(size, align);
}

void operator delete(void* p) noexcept {
    release(p);
}
void operator delete[](void* p) noexcept {
    release(p);
}
void operator delete(void* p, std::size_t) noexcept {
    release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    release(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
    release(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
    release(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
    release(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
    release(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    release(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    release(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
    release(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
    release(p);
}

TEST_CASE("the counting operator new counts every form", "[alloc]") {
    // Called by name: a new-expression whose pointer never escapes may be elided.
    const std::uint64_t before = allocations.load();
    void* plain = ::operator new(24);
    void* array = ::operator new[](0, std::nothrow);
    void* line = ::operator new(100, std::align_val_t{64});
    CHECK(allocations.load() - before == 3);
    CHECK(array != nullptr);
    CHECK(reinterpret_cast<std::uintptr_t>(line) % 64 == 0);
    ::operator delete(plain, 24);
    ::operator delete[](array);
    ::operator delete(line, std::align_val_t{64});
}

TEST_CASE("refcity year: the event loop allocates nothing per event", "[alloc]") {
    const World world(load("scenarios/refcity/year.json"));
    const Counted run = count_run(world, false);
    report(run);
    INFO(run.sites);
    REQUIRE(run.events > 100'000); // or the setup would decide the ratio
    CHECK(run.per_event() < 0.01);
}

// A month is short enough for the setup to weigh: building the replication
// and the first growth of its buffers cost some 600 allocations. One
// allocation per order would be 0.5 per event.
constexpr double kShortRunBound = 0.05;

TEST_CASE("refcity month with the order log: the log grows by doubling", "[alloc]") {
    const World world(load("scenarios/refcity/month.json"));
    const Counted without = count_run(world, false);
    const Counted with = count_run(world, true);
    report(with);
    INFO(with.sites);
    REQUIRE(with.events == without.events);
    CHECK(with.per_event() < kShortRunBound);
    // Same seed, same events: the difference is the log's own growth.
    const auto log_allocations = with.allocations - without.allocations;
    INFO("the log took " << log_allocations << " allocations");
    CHECK(log_allocations <= 2 * std::bit_width(static_cast<std::uint64_t>(with.orders)));
}

TEST_CASE("every dispatch policy: the event loop allocates nothing per event", "[alloc]") {
    Scenario month = load("scenarios/refcity/month.json");
    month.dispatch.policy = GENERATE(from_range(dispatch_policy_names()));
    INFO(month.dispatch.policy);
    const World world(month);
    const Counted run = count_run(world, false);
    report(run);
    INFO(run.sites);
    CHECK(run.per_event() < kShortRunBound);
}

// A replay of history: the month's own orders, given one by one.
TEST_CASE("scripted orders: the replay of a month allocates nothing per event", "[alloc]") {
    Scenario month = load("scenarios/refcity/month.json");
    const World original(month);
    const ReplicationResult history = simulate(original, 1, 0, true);
    ScriptedOrderStream replay;
    replay.expected_work.assign(month.kinds.size(), 0);
    for (const RandomOrderStream& stream : month.random_streams)
        replay.expected_work[static_cast<std::size_t>(stream.kind)] =
            std::llround(stream.work.expected_s());
    for (const OrderRecord& row : history.orders)
        if (row.finish >= 0)
            replay.orders.push_back({.entry = row.entry,
                                     .work = row.finish - row.work_start,
                                     .zone = row.zone,
                                     .kind = original.segments.segment(row.cell).kind});
    month.random_streams.clear();
    month.scripted_streams = {replay};
    const World world(month);
    const Counted run = count_run(world, false);
    report(run);
    INFO(run.sites);
    REQUIRE(run.orders == static_cast<double>(replay.orders.size()));
    CHECK(run.per_event() < kShortRunBound);
}

// Every workforce rule on (escalation timers per order, breaks, the law's
// ledgers, per-job evening streams) and weather, for a year: a month is too
// short for its 1,536 pool buckets to have grown to their size.
TEST_CASE("the city example year: the event loop allocates nothing per event", "[alloc]") {
    const World world(load("scenarios/examples/city.json"));
    const Counted run = count_run(world, false);
    report(run);
    INFO(run.sites);
    REQUIRE(run.events > 1'000'000);
    // 0.003 (4,144 in 1.4 million events); 0.009 while each slot of the
    // escalation timers' ring grew its own list anew.
    CHECK(run.per_event() < 0.005);
}
