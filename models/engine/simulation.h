// One replication of a scenario: the event loop that wires arrivals, shifts,
// evening decisions and dispatch to the kernel's event queue.
#pragma once

#include "models/core/crew.h"
#include "models/core/order.h"
#include "models/dispatch/policy.h"
#include "models/engine/outputs.h"
#include "models/engine/tally.h"
#include "models/engine/world.h"
#include "sim/event_heap.h"
#include "sim/index_set.h"
#include "sim/replication.h"
#include "sim/statistics.h"
#include "sim/tournament.h"

#include <memory>
#include <optional>
#include <vector>

namespace fieldsim::models {

class Simulation {
  public:
    Simulation(const World& world, std::uint64_t seed, std::uint64_t replication, bool keep_orders);
    // Runs to the end (every order finished, or the drain limit) and reports.
    ReplicationResult run(const sim::ReplicationTicket* ticket = nullptr);

  private:
    // Arrivals are not queued events: see arrival_comes_first().
    enum EventKind : std::uint32_t { job_done, shift_start, shift_over, evening_start };

    // A source's next arrival: its entry time and the place in the queue's
    // tie order it would have as a queued event.
    struct ArrivalStamp {
        Time time;
        std::uint64_t seq;
    };
    struct ArrivesFirst {
        bool operator()(const ArrivalStamp& a, const ArrivalStamp& b) const {
            return sim::precedes(a.time, a.seq, b.time, b.seq);
        }
    };

    bool arrival_comes_first() const;
    void schedule_day(std::int64_t day);
    void dispatch(const sim::Event& event);
    void on_arrival(std::size_t source);
    Order make_order(const NewOrder& fresh);
    void on_job_done(std::size_t tech);
    void on_shift_start(std::int64_t day);
    void on_shift_over();
    void on_evening_start(std::int64_t day);

    void look(std::size_t tech);
    void start_job(std::size_t tech, std::uint32_t slot);
    void finish_job(std::size_t tech);
    void set_idle(std::size_t tech, bool idle);
    void count_on_shift(std::size_t tech, Time from, Time to);
    bool has_time_for_a_job(const Crew& t) const { return now_ + shortest_job_ <= t.shift_end; }
    std::uint32_t store(const Order& order);
    bool all_done() const;
    void close_open_orders();
    double settle(const Order& order, Time finish);
    void close_shift_time();
    ReplicationResult report();

    const World& world_;
    std::uint64_t seed_;
    std::uint64_t replication_;
    bool keep_orders_;
    StartRule start_rule_;
    Time shortest_job_; // the least expected work of any class
    std::unique_ptr<DispatchPolicy> policy_;
    ArrivalProcess arrivals_;
    sim::Stream customer_draws_;                  // who declines same-day service
    std::optional<AppointmentBook> appointments_; // when the promise books windows
    sim::Tournament<ArrivalStamp, ArrivesFirst> next_arrival_; // over the sources
    sim::EventHeap queue_; // small: one completion per technician at most
    Time now_ = 0;
    Time stop_at_;
    std::uint64_t events_ = 0;

    std::vector<Crew> techs_;
    sim::IndexSet idle_; // technicians on shift, waiting for work
    std::vector<Order> slots_;
    std::vector<std::uint32_t> free_slots_;
    std::size_t open_orders_ = 0;
    std::size_t open_sources_ = 0;

    Tally tally_;
    std::vector<OrderRecord> order_log_;
};

ReplicationResult simulate(const World& world, std::uint64_t seed, std::uint64_t replication,
                           bool keep_orders, const sim::ReplicationTicket* ticket = nullptr);

} // namespace fieldsim::models
