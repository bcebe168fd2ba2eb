// Independent replications on a pool of threads.
//
// Each replication is a pure function of its index (its random streams are
// named by it), results land in a slot per index, and callers merge them in
// index order: the same seed gives bit-identical results for any number of
// threads. Progress is reported from the calling thread only, so a callback
// that needs a lock (Python's GIL) never blocks a worker.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

namespace fieldsim::sim {

struct Cancelled : std::runtime_error {
    Cancelled() : std::runtime_error("run cancelled") {}
};

// What a replication sees of the run: its index, a cancellation flag to poll
// now and then, and a place to say how far it has got (0..1).
struct ReplicationTicket {
    std::size_t index;
    const std::atomic<bool>& cancel;
    std::atomic<double>& fraction;
};

struct RunControl {
    unsigned threads = 0; // 0: all cores
    // Called from the calling thread with the completed share of the run (0..1).
    std::function<void(double)> progress;
    // Also polled by the caller; when it returns true the run is cancelled.
    std::function<bool()> should_stop;
    std::chrono::milliseconds progress_interval{100};
};

inline unsigned resolve_threads(unsigned requested, std::size_t jobs) {
    unsigned threads = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(jobs, 1)));
}

template <class Result, class Replicate>
std::vector<Result> run_replications(std::size_t count, Replicate&& replicate,
                                     const RunControl& control = {}) {
    std::vector<std::optional<Result>> slots(count);
    std::vector<std::atomic<double>> fractions(count);
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> finished{0};
    std::atomic<bool> cancel{false};
    std::exception_ptr failure;
    std::mutex mutex;
    std::condition_variable wake;

    auto worker = [&] {
        for (std::size_t i; !cancel.load(std::memory_order_relaxed) && (i = next++) < count;) {
            try {
                slots[i].emplace(replicate(ReplicationTicket{i, cancel, fractions[i]}));
                fractions[i] = 1.0;
            } catch (...) {
                const std::lock_guard lock(mutex);
                if (!failure) failure = std::current_exception();
                cancel = true;
            }
            ++finished;
            wake.notify_one();
        }
    };

    const unsigned threads = resolve_threads(control.threads, count);
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back(worker);

    auto report = [&] {
        if (!control.progress || count == 0) return;
        double done = 0.0;
        for (const auto& f : fractions)
            done += f.load(std::memory_order_relaxed);
        control.progress(done / static_cast<double>(count));
    };
    // A callback that throws stops the workers before the exception leaves.
    auto watch = [&] {
        std::unique_lock lock(mutex);
        while (finished.load() < count && !(cancel && next.load() >= count)) {
            wake.wait_for(lock, control.progress_interval);
            lock.unlock();
            if (control.should_stop && control.should_stop()) cancel = true;
            report();
            lock.lock();
            if (cancel) break;
        }
    };
    try {
        watch();
    } catch (...) {
        cancel = true;
        pool.clear();
        throw;
    }
    pool.clear(); // joins
    if (failure) std::rethrow_exception(failure);
    if (cancel) throw Cancelled();
    report();

    std::vector<Result> results;
    results.reserve(count);
    for (auto& slot : slots)
        results.push_back(std::move(*slot));
    return results;
}

} // namespace fieldsim::sim
