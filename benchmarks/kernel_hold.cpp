// The classic hold model for the future event list: fill the queue with N
// events, then repeatedly take the earliest out and put one back at its time
// plus a random increment. It measures the queue alone, at a constant size.
//
// fieldsim's two queues (EventQueue, the radix heap; Calendar, the timing
// wheel for events due within hours, in its default slots of 64 ticks) and a
// std::priority_queue of the same Event ordered by (time, seq) get identical
// work: the same initial times and the same increment sequence. All break
// ties by insertion order, so they must pop the very same sequence; a
// checksum of every popped event proves it (and keeps the optimizer from
// dropping the work). The smallest size is that of the reference model, one
// pending completion per technician.
//
// Usage: kernel_hold [--json PATH]
#include "sim/calendar.h"
#include "sim/event_queue.h"
#include "sim/random.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <queue>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using fieldsim::sim::Calendar;
using fieldsim::sim::Event;
using fieldsim::sim::EventQueue;
using fieldsim::sim::Stream;
using fieldsim::sim::Time;

constexpr std::size_t kSizes[] = {130, 1'000, 100'000, 1'000'000};
constexpr std::size_t kRuns = 5;
// Pending times are Exp(mean) after "now" (memoryless), so about N / mean of
// them share any one tick near "now". A mean of 1000 ticks per pending event
// makes ties rare (at most about 0.1 % of pushes meet an equal time) but
// present, at every size; a fixed mean of 10^6 ticks would make ties common
// at 10^6 events and all but absent at 10^3.
constexpr double kMeanTicksPerPendingEvent = 1000.0;
// Increments are drawn before timing and cycled, so that neither queue pays
// for logarithms inside the timed loop; 2^16 of them (512 KiB), read in order.
constexpr std::size_t kIncrementCount = std::size_t{1} << 16;
constexpr double kTargetSeconds = 0.3;
constexpr std::size_t kPilotHolds = std::size_t{1} << 16;

struct Workload {
    std::vector<Time> initial;
    std::vector<Time> increments;
};

std::vector<Time> exponential_times(Stream& stream, double mean, std::size_t count) {
    std::vector<Time> times(count);
    for (Time& t : times)
        t = static_cast<Time>(stream.exponential(1.0 / mean));
    return times;
}

Workload make_workload(std::size_t size) {
    const double mean = kMeanTicksPerPendingEvent * static_cast<double>(size);
    Stream initial(2024, 0, 0);
    Stream increments(2024, 0, 1);
    return {exponential_times(initial, mean, size),
            exponential_times(increments, mean, kIncrementCount)};
}

// std::priority_queue behind EventQueue's interface, so one hold loop serves both.
class StdPriorityQueue {
  public:
    void push(Time time, std::uint32_t kind, std::uint32_t id) {
        heap_.push(Event{time, next_seq_++, kind, id});
    }
    Event pop() {
        const Event e = heap_.top();
        heap_.pop();
        return e;
    }

  private:
    struct Later {
        bool operator()(const Event& a, const Event& b) const {
            return a.time != b.time ? a.time > b.time : a.seq > b.seq;
        }
    };
    std::priority_queue<Event, std::vector<Event>, Later> heap_;
    std::uint64_t next_seq_ = 0;
};

// Holds number `first` .. `first + count - 1`; returns an order-sensitive checksum.
template <class Queue>
std::uint64_t hold(Queue& queue, const std::vector<Time>& increments, std::size_t first,
                   std::size_t count) {
    const std::size_t mask = increments.size() - 1;
    std::uint64_t checksum = 0;
    for (std::size_t h = first; h < first + count; ++h) {
        const Event e = queue.pop();
        checksum = checksum * 0x100000001b3ULL + (static_cast<std::uint64_t>(e.time) ^ e.id);
        queue.push(e.time + increments[h & mask], e.kind, e.id);
    }
    return checksum;
}

struct Timing {
    double seconds;
    std::uint64_t checksum;
};

// Fill, warm up for `size` holds (untimed, until the queue has seen steady
// state and its storage has grown), then time `holds` holds.
template <class Queue> Timing time_holds(const Workload& workload, std::size_t holds) {
    Queue queue;
    const std::size_t size = workload.initial.size();
    for (std::size_t i = 0; i < size; ++i)
        queue.push(workload.initial[i], 0, static_cast<std::uint32_t>(i));
    hold(queue, workload.increments, 0, size);
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t checksum = hold(queue, workload.increments, size, holds);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return {elapsed.count(), checksum};
}

// Enough holds for the slower queue (presumably std::priority_queue) to run
// about kTargetSeconds.
std::size_t calibrate_holds(const Workload& workload) {
    const Timing pilot = time_holds<StdPriorityQueue>(workload, kPilotHolds);
    const double per_hold = pilot.seconds / static_cast<double>(kPilotHolds);
    return std::max(kPilotHolds, static_cast<std::size_t>(kTargetSeconds / per_hold));
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

struct Row {
    std::size_t size;
    double fieldsim_mholds_s; // EventQueue
    double calendar_mholds_s; // Calendar
    double std_pq_mholds_s;
};

double mholds_per_second(std::size_t holds, const Timing& timing) {
    return static_cast<double>(holds) / timing.seconds / 1e6;
}

// Runs rotate which queue goes first, so that drift of a shared machine
// (turbo, neighbours) does not favour any.
Row measure(std::size_t size) {
    const Workload workload = make_workload(size);
    const std::size_t holds = calibrate_holds(workload);
    const std::array<Timing (*)(const Workload&, std::size_t), 3> queues{
        time_holds<EventQueue>, time_holds<Calendar>, time_holds<StdPriorityQueue>};
    std::array<std::vector<double>, 3> rates;
    for (std::size_t run = 0; run < kRuns; ++run) {
        std::array<Timing, 3> timings{};
        for (std::size_t k = 0; k < queues.size(); ++k) {
            const std::size_t q = (run + k) % queues.size();
            timings[q] = queues[q](workload, holds);
        }
        for (std::size_t q = 0; q < queues.size(); ++q) {
            if (timings[q].checksum != timings[0].checksum)
                throw std::runtime_error("the queues popped different sequences at size " +
                                         std::to_string(size));
            rates[q].push_back(mholds_per_second(holds, timings[q]));
        }
    }
    return {size, median(rates[0]), median(rates[1]), median(rates[2])};
}

std::string machine() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string model = "unknown cpu";
    for (std::string line; std::getline(cpuinfo, line);) {
        if (line.rfind("model name", 0) != 0) continue;
        model = line.substr(line.find(':') + 2);
        break;
    }
    return model + ", " + std::to_string(std::thread::hardware_concurrency()) + " cores";
}

// Two decimals; dividing by 100 (not multiplying by 0.01) gives the shortest print.
double round2(double value) {
    return std::round(value * 100.0) / 100.0;
}

nlohmann::ordered_json to_json(const std::vector<Row>& rows) {
    nlohmann::ordered_json hold = nlohmann::ordered_json::array();
    for (const Row& r : rows)
        hold.push_back({{"size", r.size},
                        {"fieldsim_mholds_s", round2(r.fieldsim_mholds_s)},
                        {"calendar_mholds_s", round2(r.calendar_mholds_s)},
                        {"std_pq_mholds_s", round2(r.std_pq_mholds_s)},
                        {"ratio", round2(r.fieldsim_mholds_s / r.std_pq_mholds_s)},
                        {"calendar_ratio", round2(r.calendar_mholds_s / r.std_pq_mholds_s)}});
    return {{"hold", hold}, {"machine", machine()}, {"runs", kRuns}};
}

// Readers never see a half-written file: write beside it, then rename.
void write_atomically(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::path temp = path;
    temp += ".tmp";
    std::ofstream out(temp);
    out << text << '\n';
    out.close();
    if (!out) throw std::runtime_error("cannot write " + temp.string());
    std::filesystem::rename(temp, path);
}

void print_row(const Row& r) {
    std::printf("%9zu %15.2f %7.2fx %14.2f %7.2fx %17.2f\n", r.size, r.fieldsim_mholds_s,
                r.fieldsim_mholds_s / r.std_pq_mholds_s, r.calendar_mholds_s,
                r.calendar_mholds_s / r.std_pq_mholds_s, r.std_pq_mholds_s);
    std::fflush(stdout);
}

void print_usage(std::FILE* to) {
    std::fprintf(to,
                 "usage: kernel_hold [--json PATH]\n"
                 "Hold model: fieldsim's EventQueue (radix heap) and Calendar (timing wheel)\n"
                 "against std::priority_queue at 130, 10^3, 10^5 and 10^6 pending events,\n"
                 "median of %zu interleaved runs each.\n"
                 "  --json PATH  also write the figures to PATH as JSON\n"
                 "  --help       print this message\n",
                 kRuns);
}

} // namespace

int main(int argc, char** argv) {
    std::string json_path;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0) {
            print_usage(stdout);
            return 0;
        }
        if (std::strcmp(argv[i], "--json") == 0 && i + 1 < argc) {
            json_path = argv[++i];
            continue;
        }
        print_usage(stderr);
        return 2;
    }
    try {
        std::printf("hold model, %s, median of %zu runs, mean increment %.0f ticks x size\n",
                    machine().c_str(), kRuns, kMeanTicksPerPendingEvent);
        std::printf("%9s %15s %8s %14s %8s %17s\n", "size", "EventQueue M/s", "ratio",
                    "Calendar M/s", "ratio", "std::pq Mholds/s");
        std::vector<Row> rows;
        for (std::size_t size : kSizes) {
            rows.push_back(measure(size));
            print_row(rows.back());
        }
        if (!json_path.empty()) write_atomically(json_path, to_json(rows).dump(2));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kernel_hold: %s\n", e.what());
        return 1;
    }
    return 0;
}
