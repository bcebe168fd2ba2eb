// One replication of a scenario: the event loop that wires arrivals, shifts,
// evening decisions and dispatch to the kernel's event queue.
#pragma once

#include "models/core/crew.h"
#include "models/core/order.h"
#include "models/dispatch/policy.h"
#include "models/engine/outputs.h"
#include "models/engine/tally.h"
#include "models/engine/world.h"
#include "sim/calendar.h"
#include "sim/replication.h"
#include "sim/statistics.h"
#include "sim/timers.h"
#include "sim/tournament.h"

#include <memory>
#include <optional>
#include <vector>

namespace fieldsim::models {

// The simulation is the Crews its dispatch policies see and send.
class Simulation final : private Crews {
  public:
    Simulation(const World& world, std::uint64_t seed, std::uint64_t replication, bool keep_orders);
    // The start rule and the dispatch policy point into it.
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;
    // Runs to the end (every order finished, or the drain limit) and reports.
    ReplicationResult run(const sim::ReplicationTicket* ticket = nullptr);

  private:
    // Arrivals are not queued events: see outside_comes_first().
    // Events at the same second go in a fixed order (city-rules.md section 7):
    // day and shift changes and evening decisions, then completions, then
    // arrivals, each in the order they were scheduled.
    static constexpr std::uint8_t kDayRank = 0;
    static constexpr std::uint8_t kCompletionRank = 1;
    static constexpr std::uint8_t kArrivalRank = 2;
    enum EventKind : std::uint32_t {
        job_done,
        shift_start,
        shift_over,
        evening_start,
        day_start,   // only with weather: its effects change at midnight
        release,     // an order held back (appointment, third party) joins the pool
        break_start, // a group's break window opens
        break_over,
        woken,   // an idle technician asked to look for work (Crews::wake)
        overdue, // a job not ended at its expected time (a planning policy hears it)
    };

    // An event waiting outside the queue (a source's next arrival, the
    // first escalation check): its time and the place in the queue's tie
    // order it would have as a queued event.
    struct Stamp {
        Time time;
        std::uint64_t seq;
    };
    struct ComesFirst {
        bool operator()(const Stamp& a, const Stamp& b) const {
            return sim::precedes(a.time, a.seq, b.time, b.seq);
        }
    };

    bool outside_comes_first() const;
    bool on_check();
    void stamp_checks();
    void use_travel(const std::vector<Time>& matrix);
    static Time longest(const std::vector<Time>& travel);
    void schedule_day(std::int64_t day);
    void dispatch(const sim::Event& event);
    void on_arrival(std::size_t source);
    Order make_order(const NewOrder& fresh);
    void enter(std::uint32_t slot, Time release_at);
    void place(std::uint32_t slot);
    void offer(std::uint32_t slot);
    WaitingOrder waiting(std::uint32_t slot) const;
    // Forced inline where a policy's scan calls it (devirtualized), so that
    // the order's reach is read once for the scan rather than per
    // technician: left to the compiler, nearest_feasible cost about 4,000
    // instructions an order in the city month, 3,850 inlined.
    [[gnu::always_inline]] bool may_start(std::size_t tech, const WaitingOrder& order) override {
        return allowed(tech, reach_of(order), false, law_);
    }
    // An order's expected end of work if started now, before travel, the
    // travel times to its zone, its due time and the skill it needs.
    struct Reach {
        Time work_end;   // of work started now
        Time window_end; // of work started at the window's start (long past without one)
        Time aimed;      // when to be on site for it (StartRule::arrival)
        StartRule::TravelInto travel;
        Time due;
        unsigned skill;
    };
    Reach reach_of(const WaitingOrder& order) const;
    bool allowed(std::size_t tech, const Reach& reach, bool offered, bool law);
    bool law_allows(std::size_t tech, bool due_today, Time finish, bool law) const;
    std::optional<StartNow> start_now(std::size_t tech, const WaitingOrder& order) const override;
    bool send(std::size_t tech, const WaitingOrder& order) override;
    void wake(std::size_t tech) override;
    void on_wake(std::size_t tech);
    void on_overdue(std::size_t tech);
    Seeker when_free(std::size_t tech) const override;
    // shift_seeker as of when its job or break is expected to end.
    Seeker shift_seeker_when_free(std::size_t tech) const;
    struct Opening {
        Time at;    // free to set out
        Time until; // the latest a job may then end, by its shift and break
    };
    Opening next_opening(const Crew& t) const;
    Seeker shift_seeker_at(std::size_t tech, const Opening& opening) const;
    Seeker shift_when_free(std::size_t tech) const override { return shift_seeker_when_free(tech); }
    std::optional<BreakAhead> break_ahead(std::size_t tech) const override;
    bool break_still_ahead(const Crew& t) const;
    // When it is next free: now, or when its job or break is expected to end.
    Time idle_from(const Crew& t) const { return t.busy ? std::max(now_, t.free_at) : now_; }

    int zone_when_free(std::size_t tech) const override {
        const Crew& t = techs_[tech];
        return t.busy ? t.free_zone : t.zone;
    }

    std::optional<WaitingOrder> take_live(DispatchPolicy& pool, std::size_t tech,
                                          const Seeker& who);
    DispatchPolicy& pool_of(std::size_t tech) {
        return techs_[tech].emergency ? *escalated_ : *policy_;
    }
    // Without stamps to give or checks to set (refcity) joining the pool is
    // the policy's add alone, done where the order is placed: a call per
    // order cost more than the add.
    [[gnu::always_inline]] void join_pool(std::uint32_t slot) {
        if (tracks_orders()) return join_tracked_pool(slot);
        policy_->add(waiting(slot));
    }
    [[gnu::noinline]] void join_tracked_pool(std::uint32_t slot);
    void arm_check(std::uint32_t slot, Order& order);
    void check_at(std::uint32_t slot, Time at);
    void on_escalation_check(std::uint32_t slot);
    // A regular technician who could finish an order, and the last moment
    // it could set out for it.
    struct Relief {
        std::size_t tech;
        Time last_set_out;
    };
    std::optional<Relief> regular_relief(const Order& order);
    void recheck_relying_on(std::size_t tech);
    void took_other_work(std::size_t tech);
    void track_start(std::size_t tech, Order& order, Time finish);
    void set_shift_end(std::size_t tech, Time end);
    void mark_in_service(Crew& t, Order& order);
    // Orders carry stamps and technicians their expected free time only
    // when someone asks: an emergency team or a policy that plans.
    bool tracks_orders() const { return escalated_ != nullptr || plans_; }
    VisitEnd draw_visit_end(const Order& order);
    void fail_visit(std::size_t tech);
    void rebook_for_customer(Order& order);
    void redo_after_fault(Order& order);
    Cause cause_of(const Order& order) const;
    Time overtime_after(const Crew& t) const; // of the day its visit started
    Time overtime_after_on(std::int64_t day, std::uint32_t group) const;
    void leave_site(Crew& t, const Order& order);
    // The visit `tech` (`t`) ends now, as the tally and the hours ledger read it.
    VisitDone visit_done(std::size_t tech, const Crew& t) const {
        return {tech, t.departure, t.arrival, t.work_start, now_, overtime_after(t)};
    }
    Time release_of(const Due& due, Time from) const;
    void log_settlement(const Order& order, Time at, double owed);
    // The latest ends of a Seeker: of any job, and of one for an order due
    // by urgent_by (the law allows more for it).
    struct Ends {
        Time plain;
        Time urgent;
        Time urgent_by;
        Time shift; // by the shift and an untaken break alone
    };
    // By the shift and an untaken break alone, which end all jobs at `end`.
    static Ends shift_ends(Time end) { return {end, end, 0, end}; }
    // Under the law, for a job started at `at` by one whose shift and break
    // alone allow `end`.
    Ends law_ends(std::size_t tech, Time at, Time end) const;
    // The technician `t` as dispatch sees it, at `zone` from `at`.
    static Seeker seeker_of(const Crew& t, int zone, Time at, const Ends& ends) {
        return Seeker{zone,     at,         ends.plain, ends.urgent,  ends.urgent_by,
                      t.skills, t.night_by, ends.shift, t.regular_end};
    }
    // The technician as dispatch sees it: the latest a job started now may
    // end (the shift's end, earlier for an untaken break or under the law).
    // Its ends worked out first: built from the shift's and then changed
    // under the law, three of its fields were written twice.
    Seeker seeker(std::size_t tech) const {
        const Crew& t = techs_[tech];
        const Time end = free_until(t);
        return seeker_of(t, t.zone, now_, law_ ? law_ends(tech, now_, end) : shift_ends(end));
    }
    // The technician as its shift (and break) alone would have it.
    Seeker shift_seeker(std::size_t tech) const {
        const Crew& t = techs_[tech];
        return seeker_of(t, t.zone, now_, shift_ends(free_until(t)));
    }
    // The latest a job may end by its shift and an untaken break.
    static Time free_until(const Crew& t) { return std::min(t.shift_end, t.break_by); }
    Seeker seeker_by_law(std::size_t tech, const Seeker& by_shift) const;
    void refresh_overtime_left(std::size_t tech);
    void count_limit_stop(std::size_t tech, bool due_today);
    bool takes_break(std::size_t tech);
    // Free now inside its break window, with the break untaken: it takes
    // it (see takes_break).
    bool breaks_now(std::size_t tech) {
        return techs_[tech].break_from <= now_ && takes_break(tech);
    }
    bool stopped_due_today(std::size_t tech, const Seeker& who, const DispatchPolicy& pool) const;
    bool force_majeure_day(std::int64_t day) const;
    void book_hours(const VisitDone& visit, Time due);
    [[gnu::noinline]] void book_overtime(std::size_t tech, Time due, Time overtime);
    void on_job_done(std::size_t tech);
    void tell_free(std::size_t tech);
    void on_shift_start(std::int64_t day, std::size_t group);
    void on_shift_over();
    void on_evening_start(std::int64_t day);
    void decide_evenings(std::int64_t day, Time evening_end);
    void offer_evenings(std::int64_t day, Time evening_end);
    bool accepts(std::size_t tech, std::uint32_t slot, const Seeker& who);
    sim::LazyStream& evening_draws(std::size_t tech);
    void end_evening(std::size_t tech);
    void on_break_start(std::int64_t day, std::size_t group);
    void start_break(std::size_t tech);
    void on_break_over(std::size_t tech);

    void look(std::size_t tech);
    void start_job(std::size_t tech, std::uint32_t slot);
    void finish_job(std::size_t tech);
    IdleCrews& idle_of(std::size_t tech) {
        return techs_[tech].emergency ? emergency_idle_ : idle_;
    }
    void set_idle(std::size_t tech, bool idle) {
        if (idle)
            idle_of(tech).insert(tech, techs_[tech].zone, free_until(techs_[tech]));
        else
            idle_of(tech).erase(tech);
    }
    void count_on_shift(std::size_t tech, Time from, Time to, bool evening);
    bool has_time_for_a_job(const Seeker& who) const {
        return has_time_for_a_job(who.latest_end_urgent, who.latest_arrival);
    }
    // The same of a technician whose jobs must end by `latest_end` and who
    // must arrive by `latest_arrival`, without building its Seeker.
    bool has_time_for_a_job(Time latest_end, Time latest_arrival) const {
        return now_ + shortest_job_ <= latest_end && now_ <= latest_arrival;
    }
    std::uint32_t new_slot();
    bool all_done() const;
    void close_open_orders();
    double settle(const Order& order, Time finish);
    void close_shift_time();
    ReplicationResult report();

    const World& world_;
    std::uint64_t seed_;
    std::uint64_t replication_;
    bool keep_orders_;
    std::optional<Weather> weather_;
    StartRule start_rule_;
    Time shortest_job_; // the least expected work of any class
    Time longest_trip_; // the longest of today's travel times (use_travel)
    std::unique_ptr<DispatchPolicy> policy_;
    std::unique_ptr<DispatchPolicy> escalated_; // the emergency team's pool, if there is one
    bool picks_; // the policy, not send_lowest_id, picks who takes a new order
    bool plans_; // the policy hears of technicians leaving its plan (policy.h)
    ArrivalProcess arrivals_;
    sim::Stream customer_draws_;                  // who declines same-day service
    sim::Stream visit_draws_;                     // who is not at home
    sim::Stream fault_draws_;                     // which visits fail for the technician
    sim::Stream third_party_draws_;               // which orders others hold up
    std::optional<AppointmentBook> appointments_; // when the promise books windows
    // The first event waiting outside the queue: each source's next arrival
    // and, with an emergency team, the earliest escalation check.
    sim::Tournament<Stamp, ComesFirst> outside_;
    sim::Calendar queue_;       // mostly completions: one per technician at most
    sim::Timers checks_;        // escalation checks by order slot, in queue_'s tie order
    std::size_t checks_player_; // checks_' front in outside_
    // Its stamp there, read at every join: the tournament's leaves stay put.
    const Stamp& checks_stamp_ = outside_.key(checks_player_);
    // Per regular technician: the slots of orders whose last check found it
    // could finish them (entries of orders since taken or checked again are
    // left for its next recheck to pass over); recheck_relying_on's copy.
    std::vector<std::vector<std::uint32_t>> relying_on_;
    std::vector<std::uint32_t> rechecked_;
    Time now_ = 0;
    Time stop_at_;
    std::uint64_t events_ = 0;

    std::vector<Crew> techs_;
    IdleCrews idle_;           // technicians on shift, waiting for work
    IdleCrews emergency_idle_; // the emergency team's, waiting for escalations
    sim::IndexSet on_shift_;   // regular technicians, some of whose shifts may have ended
    std::uint32_t stamps_ = 0; // the last stamp given to an order (Order::stamp)
    std::vector<Order> slots_;
    std::vector<std::uint32_t> free_slots_;
    std::size_t open_orders_ = 0;
    std::size_t open_sources_ = 0;

    Tally tally_;
    std::vector<HoursLedger> ledgers_;            // per technician, under the law
    std::vector<OvertimeLeft> overtime_left_;     // per technician: what its ledger leaves today
    sim::StreamFamily evening_jobs_;              // evening_draws_'s streams, by technician and day
    std::vector<sim::LazyStream> evening_draws_;  // per technician, for per-job acceptance
    std::vector<std::int64_t> evening_draws_day_; // the day each was made for
    bool books_hours_;                            // overtime is limited or paid
    bool law_;                                    // working-hour limits bind
    // Read per order: a flag is cheaper than the scenario's probability.
    bool third_parties_; // orders may be held up by a third party
    std::vector<OrderRecord> order_log_;
};

ReplicationResult simulate(const World& world, std::uint64_t seed, std::uint64_t replication,
                           bool keep_orders, const sim::ReplicationTicket* ticket = nullptr);

} // namespace fieldsim::models
