#include "models/engine/simulation.h"

#include <algorithm>
#include <type_traits>

namespace fieldsim::models {

namespace {
// How often the loop looks at the cancellation flag and reports progress.
constexpr std::uint64_t kCheckEvery = 1u << 16;
} // namespace

Simulation::Simulation(const World& world, std::uint64_t seed, std::uint64_t replication,
                       bool keep_orders)
    : world_(world), seed_(seed), replication_(replication), keep_orders_(keep_orders),
      weather_(
          world.scenario.weather.any()
              ? std::optional<Weather>(
                    std::in_place, world.scenario.weather,
                    world.scenario.horizon.days + world.scenario.horizon.max_drain_days + 1,
                    sim::Stream(seed, replication, static_cast<std::uint64_t>(Purpose::weather)))
              : std::nullopt),
      start_rule_(world.start_rule()),
      shortest_job_(
          *std::min_element(start_rule_.expected_work.begin(), start_rule_.expected_work.end())),
      longest_trip_(longest(*start_rule_.travel)),
      policy_(make_dispatch_policy(world.scenario.dispatch.policy, start_rule_)),
      escalated_(world.has_emergency_team ? make_edf_policy(start_rule_) : nullptr),
      picks_(policy_->picks_technician()), plans_(policy_->plans()),
      arrivals_(world.sources, seed, replication, weather_ ? &*weather_ : nullptr),
      customer_draws_(seed, replication, static_cast<std::uint64_t>(Purpose::customer_decisions)),
      visit_draws_(seed, replication, static_cast<std::uint64_t>(Purpose::visits)),
      fault_draws_(seed, replication, static_cast<std::uint64_t>(Purpose::technician_faults)),
      third_party_draws_(seed, replication, static_cast<std::uint64_t>(Purpose::third_party)),
      // A spare player, never updated, stands in when there are no sources.
      outside_(std::vector<Stamp>(std::max<std::size_t>(1, arrivals_.source_count()) +
                                      (escalated_ ? 1 : 0),
                                  Stamp{kNever, 0})),
      checks_player_(std::max<std::size_t>(1, arrivals_.source_count())),
      relying_on_(escalated_ ? world.homes.size() : 0),
      stop_at_(
          sim::start_of_day(world.scenario.horizon.days + world.scenario.horizon.max_drain_days)),
      idle_(world.homes.size(),
            policy_->files_idle_by_zone() ? static_cast<std::size_t>(start_rule_.zone_count) : 0),
      emergency_idle_(world.homes.size()), on_shift_(world.homes.size()),
      tally_(world.homes, world.segments, world.scenario.payers, world.scenario.calendar,
             static_cast<std::size_t>(sim::day_index(stop_at_)) + 1),
      ledgers_(world.scenario.law ? world.homes.size() : 0), overtime_left_(ledgers_.size()),
      evening_jobs_(seed, replication, static_cast<std::uint64_t>(Purpose::evening_jobs)),
      // Reseeded per technician and day at its first offer (evening_draws()).
      evening_draws_(world.scenario.evening.model == EveningModel::per_job ? world.homes.size()
                                                                           : 0),
      evening_draws_day_(evening_draws_.size(), -1),
      books_hours_(world.pay.pays_overtime() || world.scenario.law),
      law_(world.scenario.law.has_value()), third_parties_(world.scenario.visits.third_party > 0) {
    for (std::size_t k = 0; k < world.homes.size(); ++k)
        techs_.push_back(
            Crew{world.homes[k], world.homes[k], world.group_of[k],
                 static_cast<std::uint32_t>(k - world.first_of_group[world.group_of[k]]),
                 world.skills.held_by(world.group_of[k]),
                 world.scenario.technicians.groups[world.group_of[k]].emergency});
    for (Crew& t : techs_)
        t.regular_end = overtime_after_on(t.on_duty, t.group);
    if (const auto& spec = world.scenario.sla.appointments; spec && world.sla.uses_appointments())
        appointments_.emplace(*spec, world.scenario.sla.hours, world.scenario.calendar,
                              world.scenario.districts.size(),
                              world.scenario.horizon.days + world.scenario.horizon.max_drain_days +
                                  1);
}

ReplicationResult Simulation::run(const sim::ReplicationTicket* ticket) {
    schedule_day(0);
    for (std::size_t source = 0; source < arrivals_.source_count(); ++source) {
        const Time first = arrivals_.next_time(source);
        if (first == kNever) continue;
        outside_.update(source, Stamp{first, queue_.reserve_seq(kArrivalRank)});
        ++open_sources_;
    }
    const double horizon = static_cast<double>(sim::start_of_day(world_.scenario.horizon.days));
    // While a source is open or a check waits, the least stamp is theirs.
    while (!all_done() && (open_sources_ > 0 || !queue_.empty() || !checks_.empty())) {
        if (outside_comes_first()) {
            now_ = outside_.least().time;
            if (now_ > stop_at_) break;
            const std::size_t player = outside_.winner();
            if (player != checks_player_)
                on_arrival(player);
            else if (!on_check())
                continue;
        } else {
            const sim::Event event = queue_.pop();
            if (event.time > stop_at_) break;
            now_ = event.time;
            dispatch(event);
        }
        if (++events_ % kCheckEvery != 0 || !ticket) continue;
        if (ticket->cancel.load(std::memory_order_relaxed)) throw sim::Cancelled();
        ticket->fraction.store(std::min(0.99, static_cast<double>(now_) / horizon),
                               std::memory_order_relaxed);
    }
    // With orders still open (the drain limit came first, or nothing could
    // take them) the run ends at the limit, where they are settled.
    if (!all_done()) now_ = stop_at_;
    return report();
}

// Each stream's next arrival waits outside the queue, holding the place in
// the queue's tie order it would have had as a queued event. A tournament
// over the sources names the first of them in O(log sources): a scan per
// arrival made the cost of an order grow with the number of streams. A
// source with no more orders is stamped kNever and loses to every event.
// With the queue empty the arrival comes first: the loop goes on then only
// while a source is open or a check waits.
//
// The escalation checks wait outside too, one more player: there is one per
// pooled order (2,200 pending in the city example against 110 queued
// events), and most are stale before they come due (the order has been
// taken): they wait as timers (sim/timers.h) that start_job cancels, at a
// few instructions each, so that only the live ones are ever sorted.
bool Simulation::outside_comes_first() const {
    const Stamp& first = outside_.least();
    return queue_.precedes_front(first.time, first.seq);
}

// Kept out of the loop's body, whose inlined arrival path it would crowd
// (that cost the city without a team 69 instructions per order).
// The checks' stamp may lag behind a cancelled check: it is then earlier
// than the first check left, and when it comes first it is only renewed,
// which is not an event (returns false).
[[gnu::noinline]] bool Simulation::on_check() {
    const bool live = !checks_.empty() && checks_.front().seq == outside_.least().seq;
    const std::uint32_t slot = live ? checks_.pop().id : 0;
    stamp_checks();
    if (live) on_escalation_check(slot);
    return live;
}

void Simulation::stamp_checks() {
    if (checks_.empty()) return outside_.update(checks_player_, Stamp{kNever, 0});
    const sim::Timer first = checks_.front();
    outside_.update(checks_player_, Stamp{first.time, first.seq});
}

// Today's travel times (weather slows them), and the longest of them: the
// offer asks only those whose zone is near enough once an order's work would
// end within that much of their end (IdleCrews::find_if_free_until).
void Simulation::use_travel(const std::vector<Time>& matrix) {
    if (start_rule_.travel == &matrix) return;
    start_rule_.travel = &matrix;
    longest_trip_ = longest(matrix);
}

Time Simulation::longest(const std::vector<Time>& travel) {
    return *std::max_element(travel.begin(), travel.end());
}

void Simulation::schedule_day(std::int64_t day) {
    const Time midnight = sim::start_of_day(day);
    const auto& groups = world_.scenario.technicians.groups;
    const auto& evening = world_.scenario.evening;
    const auto d = static_cast<std::uint32_t>(day);
    if (weather_) queue_.push(midnight, day_start, d, kDayRank);
    // Each group's shift events carry the day and the group.
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto id = static_cast<std::uint32_t>(day * static_cast<std::int64_t>(groups.size()) +
                                                   static_cast<std::int64_t>(g));
        queue_.push(midnight + groups[g].shift_start, shift_start, id, kDayRank);
        queue_.push(midnight + groups[g].shift_end, shift_over, id, kDayRank);
        if (groups[g].rest_break.given())
            queue_.push(midnight + groups[g].rest_break.window_start, break_start, id, kDayRank);
    }
    if (evening.enabled) {
        queue_.push(midnight + evening.start, evening_start, d, kDayRank);
        queue_.push(midnight + evening.end, shift_over, d, kDayRank);
    }
}

void Simulation::dispatch(const sim::Event& event) {
    // Most events are completions: tested first, not through the switch's
    // jump table.
    if (event.kind == job_done) [[likely]]
        return on_job_done(event.id);
    switch (event.kind) {
    case job_done: // taken above
        break;
    case shift_start:
        on_shift_start(event.id / world_.scenario.technicians.groups.size(),
                       event.id % world_.scenario.technicians.groups.size());
        break;
    case shift_over:
        on_shift_over();
        break;
    case evening_start:
        on_evening_start(event.id);
        break;
    case day_start:
        use_travel(world_.travel_matrix(weather_->travel_time_x(event.id)));
        break;
    case release:
        place(event.id);
        break;
    case break_start:
        on_break_start(event.id / world_.scenario.technicians.groups.size(),
                       event.id % world_.scenario.technicians.groups.size());
        break;
    case break_over:
        on_break_over(event.id);
        break;
    case woken:
        on_wake(event.id);
        break;
    case overdue:
        on_overdue(event.id);
        break;
    }
}

bool Simulation::all_done() const {
    return open_sources_ == 0 && open_orders_ == 0;
}

// A slot for a new order, for the order to be made in (not copied into).
std::uint32_t Simulation::new_slot() {
    ++open_orders_;
    if (free_slots_.empty()) {
        slots_.emplace_back();
        return static_cast<std::uint32_t>(slots_.size() - 1);
    }
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
}

// Everything about a new order is resolved once, here: its segment, its
// promise and due time, and the exemptions that come with where it is.
Order Simulation::make_order(const NewOrder& fresh) {
    const std::uint32_t cell =
        world_.cell(fresh.zone, fresh.kind, fresh.product, fresh.customer_class);
    const std::size_t district = world_.district_of_zone[static_cast<std::size_t>(fresh.zone)];
    Reasons reasons = world_.zone_reasons[static_cast<std::size_t>(fresh.zone)];
    const bool declined = world_.sla.may_decline(cell, fresh.kind, fresh.entry) &&
                          customer_draws_.bernoulli(world_.sla.decline_probability(fresh.kind));
    if (declined) reasons |= reason(Cause::customer);
    const Due due = world_.sla.due(cell, district, fresh.entry, declined,
                                   appointments_ ? &*appointments_ : nullptr);
    // An appointment is offered `lead` before its window, so that a
    // technician can be there when it opens; a third party holds it back.
    Time ready = due.ready;
    Time release = release_of(due, fresh.entry);
    if (third_parties_ && third_party_draws_.bernoulli(world_.scenario.visits.third_party)) {
        const Time held = fresh.entry + world_.third_party_delay(third_party_draws_);
        ready = std::max(ready, held);
        release = std::max(release, held);
        reasons |= reason(Cause::third_party);
    }
    const std::uint32_t work_class = world_.dispatch_class(
        due.appointment ? world_.appointment_class(world_.work_class(fresh.source, fresh.kind))
                        : world_.work_class(fresh.source, fresh.kind),
        cell);
    return Order{tally_.orders(), fresh.entry, due.due,    ready,   release,    fresh.work,
                 fresh.zone,      cell,        fresh.kind, reasons, work_class, true};
}

// An order joins the pool now, or at `release_at` when it is held back.
void Simulation::enter(std::uint32_t slot, Time release_at) {
    if (release_at > now_)
        queue_.push(release_at, release, slot, kArrivalRank);
    else
        place(slot);
}

// A released order is offered to the idle technicians. With nobody idle to
// ask (most arrivals in refcity) it joins the pool here, without offer()'s
// call and the reading of its reach.
void Simulation::place(std::uint32_t slot) {
    if (!picks_ && idle_.empty())
        join_pool(slot);
    else
        offer(slot);
}

// A new order is offered to the idle technicians (DispatchPolicy::arrive).
void Simulation::on_arrival(std::size_t source) {
    const std::uint32_t slot = new_slot();
    Order& order = slots_[slot];
    order = make_order(arrivals_.take(source));
    tally_.entered(order);
    if (keep_orders_)
        order_log_.push_back(OrderRecord{order.id, order.cell, order.zone, order.entry, order.due,
                                         -1, -1, -1, -1, false, Cause::none, 0, 0.0});

    Stamp next{arrivals_.next_time(source), 0};
    if (next.time == kNever)
        --open_sources_;
    else
        next.seq = queue_.reserve_seq(kArrivalRank);
    outside_.update(source, next);

    enter(slot, order.release);
}

// A new order goes to the idle technician the policy sends, else to the pool.
void Simulation::offer(std::uint32_t slot) {
    const WaitingOrder order = waiting(slot);
    // The default, DispatchPolicy::arrive, done here without virtual calls,
    // and without asking those whose shift or break ends too soon for the
    // order's work, or too soon to get there and do it (10.8 of the 14 an
    // order would ask in the city example), or who lack its skill: they
    // would say no, and be asked nothing else (allowed()).
    const Reach reach = reach_of(order);
    // As work_end + travel <= end, with the file's end less the work's end,
    // the same for all of a file, worked out once outside the loop over it.
    const auto near = [&](int zone, Time end) {
        return reach.travel.from(zone) <= end - reach.work_end;
    };
    // The scan made once with the law and once without, so that no ask
    // tests whether there is one.
    const auto scan = [&](auto law) {
        return idle_.find_if_free_until(
            world_.holders[reach.skill].words(), std::max(reach.work_end, reach.window_end),
            reach.work_end + longest_trip_, near,
            [&](std::size_t tech) { return allowed(tech, reach, true, law) && send(tech, order); });
    };
    const bool sent = picks_ ? policy_->arrive(order, idle_, *this)
                      : law_ ? scan(std::true_type{})
                             : scan(std::false_type{});
    if (!sent) join_pool(slot);
}

// What every technician asked about an order shares, read once: the
// compiler cannot keep it in registers across the asks, which may write.
Simulation::Reach Simulation::reach_of(const WaitingOrder& order) const {
    const Time work = start_rule_.expected_work[order.work_class];
    const Time ready = start_rule_.window_start(order.work_class, order.due);
    return Reach{now_ + work,
                 ready + work,
                 ready - start_rule_.early,
                 start_rule_.travel_into(order.zone),
                 order.due,
                 start_rule_.class_skill[order.work_class]};
}

WaitingOrder Simulation::waiting(std::uint32_t slot) const {
    const Order& order = slots_[slot];
    return WaitingOrder{order.due, order.id, slot, order.zone, order.work_class, order.stamp};
}

// Whether the law lets `tech` start an order, due by the end of its duty
// day or not, its work expected to end at `finish`, where its shift alone
// would: the law's end being no later than the shift's, only its end for
// this order can stop it. `law`: whether there is one (law_, given so that
// the offer's scan, made apart with and without, need not read it).
[[gnu::always_inline]] inline bool Simulation::law_allows(std::size_t tech, bool due_today,
                                                          Time finish, bool law) const {
    return !law || finish <= overtime_left_[tech].latest_end(now_, due_today);
}

std::optional<StartNow> Simulation::start_now(std::size_t tech, const WaitingOrder& order) const {
    const Crew& t = techs_[tech];
    const Time travel = start_rule_.travel_time(t.zone, order.zone);
    const Time work = start_rule_.expected_work[order.work_class];
    const Time ready = start_rule_.window_start(order.work_class, order.due);
    const Time finish = std::max(now_ + travel, ready) + work;
    const StartRule::Arrival at = start_rule_.arrival(now_, travel, ready, t.regular_end);
    if (!StartRule::allows(t.skills, start_rule_.class_skill[order.work_class], at.on_site, finish,
                           free_until(t), t.night_by) ||
        !law_allows(tech, order.due <= end_of_day(t.on_duty),
                    StartRule::law_end_of(at.for_law, ready, work, t.regular_end), law_))
        return std::nullopt;
    return StartNow{travel, finish};
}

// Inlined into the scan of offer(), which runs on every arrival. The law is
// asked only when the shift alone would allow the start. One with no time
// left for any job leaves the idle set here, only to save later asks: one
// that offer() passes over for ending too soon stays in it, to be passed
// over again by every order until its shift ends (on_shift_over). One the
// law stops has time for a job, untested: the shift allowed this one,
// whose work is no shorter than the shortest and travel never negative.
// `offered`: asked by the offer's scan, which asks only those who hold the
// order's skill and could finish it by their end (IdleCrews::
// find_if_free_until, whose files hold each at its end): the night limit is
// all the shift leaves to test, and its end is read only for one that fails
// it (20 instructions an order in the city month, of 3.3 asks, most of which
// the law stops); `law`: law_, as law_allows takes it.
[[gnu::always_inline]] inline bool Simulation::allowed(std::size_t tech, const Reach& reach,
                                                       bool offered, bool law) {
    const Crew& t = techs_[tech];
    const Time travel = reach.travel.from(t.zone);
    const Time finish = std::max(reach.work_end + travel, reach.window_end);
    // Most asks are for no window to be early for: only those the rule is asked.
    Time arrival = now_ + travel;
    Time law_arrival = arrival;
    if (reach.aimed > arrival) [[unlikely]] {
        const auto at = StartRule::put_off(now_, travel, reach.aimed, t.regular_end);
        arrival = at.on_site;
        law_arrival = at.for_law;
    }
    if (offered ? arrival <= t.night_by
                : StartRule::allows(t.skills, reach.skill, arrival, finish, free_until(t),
                                    t.night_by)) {
        const bool due_today = reach.due <= end_of_day(t.on_duty);
        // Without a wait the law judges the true end (read so, the common
        // case costs no more than without windows).
        const Time work = reach.work_end - now_;
        const Time by_law =
            finish == law_arrival + work
                ? finish
                : StartRule::law_end_of(law_arrival, reach.window_end - work, work, t.regular_end);
        if (law_allows(tech, due_today, by_law, law)) return true;
        count_limit_stop(tech, due_today);
        return false;
    }
    // Too late in its shift (or before its break) for any job: stop asking
    // it. A plan keeps one with a break ahead for after it.
    if (has_time_for_a_job(free_until(t), t.night_by)) return false;
    set_idle(tech, false);
    if (plans_ && !t.emergency && !break_still_ahead(t)) policy_->off_shift(tech);
    return false;
}

// When the technician is next free to set out, and the latest a job may then
// end. One whose break window has opened by then takes the break first (at
// its first idle moment in the window, if that is before its shift's end),
// and the break then bounds nothing.
Simulation::Opening Simulation::next_opening(const Crew& t) const {
    const Time idle_at = idle_from(t);
    if (idle_at < t.break_from) return {idle_at, free_until(t)};
    if (idle_at >= t.regular_end) return {idle_at, t.shift_end}; // the break forgone
    const Time length = world_.scenario.technicians.groups[t.group].rest_break.length;
    return {std::max(idle_at, t.break_from) + length, t.shift_end};
}

Seeker Simulation::shift_seeker_when_free(std::size_t tech) const {
    return shift_seeker_at(tech, next_opening(techs_[tech]));
}

Seeker Simulation::shift_seeker_at(std::size_t tech, const Opening& opening) const {
    const Crew& t = techs_[tech];
    return seeker_of(t, t.busy ? t.free_zone : t.zone, opening.at, shift_ends(opening.until));
}

Seeker Simulation::when_free(std::size_t tech) const {
    const Seeker by_shift = shift_seeker_when_free(tech);
    return law_ ? seeker_by_law(tech, by_shift) : by_shift;
}

// A break untaken whose window opens before the regular end and after the
// technician is next free.
bool Simulation::break_still_ahead(const Crew& t) const {
    return t.break_from != kNever && t.break_from < t.regular_end && idle_from(t) < t.break_from;
}

std::optional<BreakAhead> Simulation::break_ahead(std::size_t tech) const {
    const Crew& t = techs_[tech];
    if (!break_still_ahead(t)) return std::nullopt;
    const Time length = world_.scenario.technicians.groups[t.group].rest_break.length;
    const Seeker by_shift = shift_seeker_at(tech, Opening{t.break_from + length, t.shift_end});
    return BreakAhead{t.break_from, length, law_ ? seeker_by_law(tech, by_shift) : by_shift};
}

bool Simulation::send(std::size_t tech, const WaitingOrder& order) {
    if (techs_[tech].asks_from <= now_ && !accepts(tech, order.slot, seeker(tech))) return false;
    start_job(tech, order.slot);
    return true;
}

// After the event in hand, at the same second, as a technician freed then
// would look.
void Simulation::wake(std::size_t tech) {
    queue_.push(now_, woken, static_cast<std::uint32_t>(tech), kCompletionRank);
}

// One still idle and on shift looks; one that took work since, or went
// home, finds its planned order when it next looks, or leaves it to be
// planned anew.
void Simulation::on_wake(std::size_t tech) {
    if (idle_.contains(tech) && now_ < techs_[tech].shift_end) look(tech);
}

// Pushed only for a job that will run past its expected end, so the job is
// still in hand.
void Simulation::on_overdue(std::size_t tech) {
    policy_->running_late(tech);
}

// A tracked order is stamped as it joins (take_live skips stale entries).
// With an emergency team, a waiting order is checked for escalation when the
// team would need to set out to finish it by its due. The check is a timer
// of the order's slot, cancelled when the order leaves the pool
// (mark_in_service): one that fires is for an order still waiting since it
// last joined. It is armed before the add, so that nothing need be kept
// across the policy's call.
void Simulation::join_tracked_pool(std::uint32_t slot) {
    Order& order = slots_[slot];
    order.stamp = ++stamps_;
    if (escalated_) arm_check(slot, order);
    policy_->add(
        WaitingOrder{order.due, order.id, slot, order.zone, order.work_class, order.stamp});
}

void Simulation::arm_check(std::uint32_t slot, Order& order) {
    order.relies_on = Order::kNobody;
    check_at(slot, std::max(now_, order.due - start_rule_.expected_work[order.work_class] -
                                      world_.scenario.dispatch.escalation_lead));
}

void Simulation::check_at(std::uint32_t slot, Time at) {
    const Stamp check{at, queue_.reserve_seq(kArrivalRank)};
    checks_.set(slot, check.time, check.seq);
    // Its seq, just reserved, is the latest: it comes first only by its time.
    if (check.time < checks_stamp_.time) outside_.update(checks_player_, check);
}

// An order still waiting is escalated when no regular technician on shift
// can finish it by its due at expected times: it stays in the regular pool
// and is offered to the emergency team too. One that some regular
// technician could still finish relies on it, and is checked again when
// that technician takes other work (recheck_relying_on) or just after the
// last moment it could set out for the order.
void Simulation::on_escalation_check(std::uint32_t slot) {
    Order& order = slots_[slot];
    if (const std::optional<Relief> relief = regular_relief(order)) {
        order.relies_on = static_cast<std::uint32_t>(relief->tech);
        relying_on_[relief->tech].push_back(slot);
        return check_at(slot, relief->last_set_out + 1);
    }
    order.escalated = true;
    tally_.escalated();
    if (!escalated_->arrive(waiting(slot), emergency_idle_, *this)) escalated_->add(waiting(slot));
}

// The orders whose last check found `tech` could still finish them are
// checked again now that it takes other work (a job, its break, or goes
// home). Those since taken, or checked again, have no check pending on it.
void Simulation::recheck_relying_on(std::size_t tech) {
    std::vector<std::uint32_t>& relying = relying_on_[tech];
    if (relying.empty()) return;
    rechecked_.swap(relying);
    for (const std::uint32_t slot : rechecked_) {
        if (slots_[slot].relies_on != tech || !checks_.pending(slot)) continue;
        checks_.cancel(slot);
        on_escalation_check(slot);
    }
    rechecked_.clear();
}

// The first regular technician on shift, free now or when its job or break
// is expected to end (after the break it then takes, next_opening), that
// could set out then and finish the order by its due, and the last moment it
// could set out; none if nobody could. Only those whose shift was set to end
// later and who hold the order's skill are read (most checks come after
// hours); those whose shift has ended since leave the set here.
std::optional<Simulation::Relief> Simulation::regular_relief(const Order& order) {
    // From the start of work, which waits for the order's window.
    const Time work = start_rule_.expected_work[order.work_class];
    // Read once: the scan's erasing might otherwise be taken to change them.
    const Time earliest = std::max(now_, order.ready);
    const Time start_by = order.due - work;
    // Already too late for anyone to start in time (it joined the pool late,
    // or waits for its window): nobody need be read.
    if (earliest > start_by || on_shift_.empty()) return std::nullopt;
    const std::uint64_t* on_shift = on_shift_.words();
    const std::uint64_t* holders =
        world_.holders[start_rule_.class_skill[order.work_class]].words();
    const auto among = [&](std::size_t w) { return on_shift[w] & holders[w]; };
    std::optional<Relief> relief;
    sim::IndexSet::find_if_in_words(on_shift_.word_count(), among, [&](std::size_t k) {
        const Crew& t = techs_[k];
        if (t.shift_end <= now_) {
            on_shift_.erase(k);
            return false;
        }
        // Without travel, by its due and its shift's or break's end: most
        // fail this, before their Seeker is built; those whose shift ends too
        // soon before their opening is read.
        if (t.shift_end < earliest + work) return false;
        const Opening opening = next_opening(t);
        const Time start = std::max(earliest, opening.at);
        if (start > start_by || start + work > opening.until) return false;
        const Seeker who = shift_seeker_at(k, opening);
        const Time travel = start_rule_.travel_time(who.zone, order.zone);
        const StartRule::Arrival at =
            start_rule_.arrival(who.now, travel, order.ready, who.regular_end);
        const Time finish = std::max(at.on_site, order.ready) + work;
        // By its due and its shift's rules; by the law's (never later), where
        // a wait past the regular end is not overtime.
        const Time end_by = std::min(order.due, who.end_for(order.due));
        const Time law_by = law_ ? seeker_by_law(k, who).end_for(order.due) : kNever;
        if (finish > end_by ||
            StartRule::law_end_of(at.for_law, order.ready, work, who.regular_end) > law_by ||
            at.on_site > who.latest_arrival)
            return false;
        // How much later than at its opening it could set out: a later start
        // first shortens its wait for the window (no set-out moves its
        // arrivals by more than it moves).
        const Time wait = finish - work - (who.now + travel);
        const Time slack = std::min(
            {end_by - finish + wait, law_by - work - at.for_law, who.latest_arrival - at.on_site});
        relief = Relief{k, opening.at + slack}; // an opening is never before now
        return true;
    });
    return relief;
}

// The technician is on shift until `end`.
void Simulation::set_shift_end(std::size_t tech, Time end) {
    techs_[tech].shift_end = end;
    if (!techs_[tech].emergency) on_shift_.insert(tech);
}

// With an emergency team or a policy that plans: the order left the pools
// (its entries there are now stale, its escalation check cancelled), and its
// technician is expected free when and where the job ends.
void Simulation::mark_in_service(Crew& t, Order& order) {
    if (escalated_ && checks_.pending(t.job)) checks_.cancel(t.job);
    order.in_service = true;
    order.stamp = ++stamps_;
    t.free_at = t.work_start + start_rule_.expected_work[order.work_class];
    t.free_zone = order.zone;
}

// The pool's next order for `who` that no one has taken from the other pool.
std::optional<WaitingOrder> Simulation::take_live(DispatchPolicy& pool, std::size_t tech,
                                                  const Seeker& who) {
    auto chosen = pool.next_job(tech, who);
    if (!tracks_orders()) return chosen;
    while (chosen && slots_[chosen->slot].stamp != chosen->stamp)
        chosen = pool.next_job(tech, who);
    return chosen;
}

void Simulation::look(std::size_t tech) {
    const Seeker who = seeker(tech);
    DispatchPolicy& pool = pool_of(tech);
    // Without time for the shortest job nothing is within reach: the pool
    // need not search (under the law, a common case in the evening).
    const bool has_time = has_time_for_a_job(who);
    const auto chosen = has_time ? take_live(pool, tech, who) : std::nullopt;
    if (!chosen) {
        // A start the shift alone would have allowed is one the law stopped;
        // the shift's Seeker is built only when the law ends its jobs sooner.
        if (law_ && who.latest_end < free_until(techs_[tech]) &&
            pool.any_within_reach(shift_seeker(tech)))
            count_limit_stop(tech, stopped_due_today(tech, who, pool));
        if (plans_ && !has_time && !break_still_ahead(techs_[tech])) pool.off_shift(tech);
        return set_idle(tech, has_time);
    }
    // A refusal's recheck may have escalated the order and an emergency
    // technician taken it (its stamp then changed): only a waiting one goes back.
    if (techs_[tech].asks_from <= now_ && !accepts(tech, chosen->slot, who)) {
        if (slots_[chosen->slot].stamp == chosen->stamp) pool.add(*chosen);
        return;
    }
    start_job(tech, chosen->slot);
}

// A regular technician took a job or its break, or went home: the orders
// relying on it are checked for escalation again.
[[gnu::always_inline]] inline void Simulation::took_other_work(std::size_t tech) {
    if (escalated_ && !techs_[tech].emergency) recheck_relying_on(tech);
}

void Simulation::start_job(std::size_t tech, std::uint32_t slot) {
    set_idle(tech, false);
    Crew& t = techs_[tech];
    Order& order = slots_[slot];
    if (plans_ && order.escalated && t.emergency) policy_->withdraw(waiting(slot));
    t.busy = true;
    t.job = slot;
    // It sets out to be on site a little before an appointment's window
    // opens, and waits there for it.
    const Time travel = start_rule_.travel_time(t.zone, order.zone);
    t.arrival = start_rule_.arrival(now_, travel, order.ready, t.regular_end).on_site;
    t.departure = t.arrival - travel;
    t.work_start = std::max(t.arrival, order.ready);
    t.visit_end = draw_visit_end(order);
    const Time on_site =
        t.visit_end == VisitEnd::nobody_home ? world_.scenario.visits.no_show_time : order.work;
    queue_.push(t.work_start + on_site, job_done, static_cast<std::uint32_t>(tech),
                kCompletionRank);
    if (tracks_orders()) track_start(tech, order, t.work_start + on_site);
}

// With an emergency team or a policy that plans: the order is in service,
// the orders relying on the technician are checked again, and a plan hears
// when the job is expected to end and has not (at `finish` it will).
[[gnu::noinline]] void Simulation::track_start(std::size_t tech, Order& order, Time finish) {
    Crew& t = techs_[tech];
    mark_in_service(t, order);
    took_other_work(tech);
    if (plans_ && !t.emergency && finish > t.free_at)
        queue_.push(t.free_at, overdue, static_cast<std::uint32_t>(tech), kCompletionRank);
}

void Simulation::on_job_done(std::size_t tech) {
    finish_job(tech);
    const Crew& t = techs_[tech];
    if (plans_ && !t.emergency) tell_free(tech);
    if (breaks_now(tech)) return start_break(tech);
    if (now_ < t.shift_end) look(tech);
}

// A break is part of the shift: one whose job ran past the shift's end goes
// without it (its work from then on is overtime, which a break would not
// shorten).
bool Simulation::takes_break(std::size_t tech) {
    Crew& t = techs_[tech];
    if (now_ < t.regular_end) return true;
    t.break_from = t.break_by = kNever;
    return false;
}

// A planning policy hears that a technician is free before its plan
// expected it, or that it is done for the day.
void Simulation::tell_free(std::size_t tech) {
    const Crew& t = techs_[tech];
    if (now_ >= t.shift_end)
        policy_->off_shift(tech);
    else if (now_ < t.free_at)
        policy_->finished_early(tech);
}

// Those of the group on duty and free take their break as its window opens.
void Simulation::on_break_start(std::int64_t day, std::size_t group_index) {
    const std::size_t first = world_.first_of_group[group_index];
    const auto count =
        static_cast<std::size_t>(world_.scenario.technicians.groups[group_index].count);
    for (std::size_t k = first; k < first + count; ++k) {
        const Crew& t = techs_[k];
        if (t.on_duty == day && !t.busy && t.break_from <= now_) start_break(k);
    }
}

void Simulation::start_break(std::size_t tech) {
    set_idle(tech, false);
    Crew& t = techs_[tech];
    t.busy = true;
    t.break_from = t.break_by = kNever;
    const Time length = world_.scenario.technicians.groups[t.group].rest_break.length;
    if (tracks_orders()) {
        t.free_at = now_ + length;
        t.free_zone = t.zone;
    }
    tally_.break_taken(tech, now_, length);
    queue_.push(now_ + length, break_over, static_cast<std::uint32_t>(tech), kCompletionRank);
    if (plans_ && !t.emergency) policy_->on_break(tech);
    took_other_work(tech);
}

void Simulation::on_break_over(std::size_t tech) {
    techs_[tech].busy = false;
    if (plans_ && !techs_[tech].emergency) tell_free(tech);
    if (now_ < techs_[tech].shift_end) look(tech);
}

void Simulation::finish_job(std::size_t tech) {
    Crew& t = techs_[tech];
    if (t.visit_end != VisitEnd::done) return fail_visit(tech);
    Order& order = slots_[t.job]; // the slot is only reused after this returns
    order.open = false;
    free_slots_.push_back(t.job);
    --open_orders_;
    leave_site(t, order);

    const double owed = now_ > order.due ? settle(order, now_) : 0.0;
    const VisitDone visit = visit_done(tech, t);
    tally_.finished(
        JobDone{order, visit,
                world_.pay.piece(PaidJob{order.cell, order.entry, t.departure, t.work_start, now_}),
                world_.pay.premium(t.departure, t.work_start)});
    if (books_hours_) book_hours(visit, order.due);

    if (!keep_orders_) return;
    OrderRecord& row = order_log_[order.id];
    row.technician = static_cast<int>(tech);
    row.departure = t.departure;
    row.work_start = t.work_start;
    row.finish = now_;
    log_settlement(order, now_, owed);
}

// The log row's due, lateness, cause and amount as of `at`.
void Simulation::log_settlement(const Order& order, Time at, double owed) {
    OrderRecord& row = order_log_[order.id];
    row.due = order.due;
    row.late = at > order.due;
    row.cause = row.late ? cause_of(order) : Cause::none;
    row.failed_visits = order.failed_visits;
    row.compensation_cny = owed;
}

// A visit is over: the technician is free, where the order was (or at home,
// when its shift began while it was still on the job).
void Simulation::leave_site(Crew& t, const Order& order) {
    t.busy = false;
    t.visit_end = VisitEnd::done;
    t.zone = t.restart_from_home ? t.home : order.zone;
    t.restart_from_home = false;
}

// When an order joins the pool: an appointment `lead` before its window,
// anything else from `from`.
Time Simulation::release_of(const Due& due, Time from) const {
    return due.appointment ? due.ready - world_.sla.appointment_lead() : from;
}

// Each from a stream of its own, drawn whether or not the other fails the
// visit, so that one probability leaves the other's draws as they were.
VisitEnd Simulation::draw_visit_end(const Order& order) {
    const VisitSpec& visits = world_.scenario.visits;
    const bool nobody_home =
        world_.any_no_show && visit_draws_.bernoulli(visits.no_show[order.kind]);
    const bool fault =
        world_.any_technician_fault && fault_draws_.bernoulli(visits.technician_fault[order.kind]);
    return nobody_home ? VisitEnd::nobody_home
                       : (fault ? VisitEnd::technician_fault : VisitEnd::done);
}

// The visit failed: it cost its travel and time on site, and the order goes
// back to the pool.
void Simulation::fail_visit(std::size_t tech) {
    Crew& t = techs_[tech];
    Order& order = slots_[t.job];
    const VisitEnd end = t.visit_end;
    leave_site(t, order);
    if (order.failed_visits < UINT8_MAX) ++order.failed_visits;
    const VisitDone visit = visit_done(tech, t);
    tally_.visit_failed(visit, end == VisitEnd::technician_fault);
    if (books_hours_) book_hours(visit, order.due);
    if (end == VisitEnd::nobody_home)
        rebook_for_customer(order);
    else
        redo_after_fault(order);
    order.in_service = false;
    order.escalated = false;
    enter(t.job, order.release);
}

// Nobody was at home: due by the after-cutoff form from now.
void Simulation::rebook_for_customer(Order& order) {
    const std::size_t district = world_.district_of_zone[static_cast<std::size_t>(order.zone)];
    const Due due =
        world_.sla.due(order.cell, district, now_, true, appointments_ ? &*appointments_ : nullptr);
    order.due = due.due;
    order.ready = due.ready;
    order.release = release_of(due, now_);
    order.work_class = world_.rebooked_class(order.work_class, due.appointment);
    order.reasons |= reason(Cause::customer);
}

// The technician's fault: the promise stands and the order is redone as soon
// as someone can; the fault that makes visits.faults_for_senior hands it to a
// senior technician, who keeps it.
void Simulation::redo_after_fault(Order& order) {
    order.release = now_;
    order.reasons |= reason(Cause::technician);
    const std::uint8_t for_senior = world_.scenario.visits.faults_for_senior;
    if (order.faults == for_senior || ++order.faults != for_senior) return;
    order.work_class = world_.senior_class(order.work_class);
    tally_.referred_to_senior();
}

// Under the law no later than today's and this month's overtime allow: 3 h
// a day instead of 1 on a force-majeure day or for an order due today.
Simulation::Ends Simulation::law_ends(std::size_t tech, Time at, Time end) const {
    const OvertimeLeft& left = overtime_left_[tech];
    return {std::min(end, left.latest_end(at, false)), std::min(end, left.latest_end(at, true)),
            end_of_day(techs_[tech].on_duty), end};
}

Seeker Simulation::seeker_by_law(std::size_t tech, const Seeker& by_shift) const {
    return seeker_of(techs_[tech], by_shift.zone, by_shift.now,
                     law_ends(tech, by_shift.now, by_shift.latest_end));
}

// The law's limits read anew: the technician's day began or its ledger changed.
void Simulation::refresh_overtime_left(std::size_t tech) {
    const Crew& t = techs_[tech];
    overtime_left_[tech] = OvertimeLeft(ledgers_[tech], *world_.scenario.law, t.on_duty, t.month,
                                        overtime_after_on(t.on_duty, t.group), t.force_majeure_day);
}

// A start the law stopped, counted against the limit that binds for the
// order: the day's larger limit for one due today may leave more than the
// month's where the day's smaller one does not.
void Simulation::count_limit_stop(std::size_t tech, bool due_today) {
    tally_.limit_stopped(tech, now_, overtime_left_[tech].daily_stops(due_today));
}

// Of a look the law stopped with some order within its shift's reach:
// whether that order is due today, where it decides the limit counted. It
// is when lifting the limit on the other orders alone brings none within
// reach.
bool Simulation::stopped_due_today(std::size_t tech, const Seeker& who,
                                   const DispatchPolicy& pool) const {
    const OvertimeLeft& left = overtime_left_[tech];
    if (left.daily_binds == left.daily_binds_urgent) return false;
    Seeker others_lifted = who;
    others_lifted.latest_end = shift_seeker(tech).latest_end;
    return !pool.any_within_reach(others_lifted);
}

bool Simulation::force_majeure_day(std::int64_t day) const {
    return weather_ && weather_->force_majeure_day(day);
}

// Overtime is booked when a visit ends, to the day it started (8.12), and
// paid by the kind of day; the day's larger limit holds for an order due
// that day.
//
// Most visits end within the shift: nothing to pay, and booking nothing would
// leave the ledger's limits, and so what they leave, as they are. That test
// is inlined where visits end; the booking is not. It reads the visit as
// the tally was given it: working out the day of departure again for it
// cost 21 instructions an order in the city month.
[[gnu::always_inline]] inline void Simulation::book_hours(const VisitDone& visit, Time due) {
    const Time overtime = overtime_of(visit);
    if (overtime > 0) book_overtime(visit.technician, due, overtime);
}

void Simulation::book_overtime(std::size_t tech, Time due, Time overtime) {
    const Crew& t = techs_[tech];
    const std::int64_t day = sim::day_index(t.departure);
    tally_.overtime_paid(tech, t.departure,
                         world_.pay.overtime_pay(overtime, day, world_.scenario.calendar));
    if (!world_.scenario.law) return;
    // Mostly the technician's duty day, whose month it knows.
    const std::int64_t month = day == t.on_duty ? t.month : month_of(day, world_.scenario.calendar);
    const Time over = ledgers_[tech].book(*world_.scenario.law, day, month, overtime,
                                          force_majeure_day(day) || due <= end_of_day(day));
    tally_.limit_overrun(tech, t.departure, over);
    refresh_overtime_left(tech);
    took_other_work(tech); // less overtime left: orders relying on it are checked again
}

Time Simulation::overtime_after(const Crew& t) const {
    return overtime_after_on(sim::day_index(t.departure), t.group);
}

Time Simulation::overtime_after_on(std::int64_t day, std::uint32_t group) const {
    return sim::start_of_day(day) + world_.overtime_after[group];
}

// The first reason that applies; force majeure depends on the weather.
Cause Simulation::cause_of(const Order& order) const {
    Reasons reasons = order.reasons;
    if (weather_ && weather_->force_majeure(order.due)) reasons |= reason(Cause::force_majeure);
    return first_cause(reasons);
}

// The drain limit stopped the run with orders still open: each counts as
// late, and owed, for as long as it was overdue when the run stopped.
void Simulation::close_open_orders() {
    for (const Order& order : slots_) {
        if (!order.open) continue;
        const double owed = settle(order, stop_at_);
        if (keep_orders_) log_settlement(order, stop_at_, owed);
    }
}

// Counts the order late or not as of `finish`, and what is owed for it.
double Simulation::settle(const Order& order, Time finish) {
    const Time late_by = finish - order.due;
    if (late_by <= 0) return 0.0;
    const Cause cause = cause_of(order);
    const double owed = exempt(cause) ? 0.0 : world_.compensation[order.cell].amount(late_by);
    tally_.late(order, late_by, cause, owed);
    if (order.escalated) tally_.escalated_late();
    return owed;
}

// The run ended inside a shift period: what was left of it was not worked.
void Simulation::close_shift_time() {
    for (std::size_t k = 0; k < techs_.size(); ++k) {
        const Crew& t = techs_[k];
        tally_.not_on_shift(k, t.period_start,
                            std::max<Time>(0, t.period_end - std::max(now_, t.period_start)),
                            t.evening_period);
    }
}

void Simulation::on_shift_start(std::int64_t day, std::size_t group_index) {
    const ShiftGroupSpec& group = world_.scenario.technicians.groups[group_index];
    // A 24-hour shift is continuous duty: the next shift begins as this one
    // ends, so no job is refused for lack of time and nobody goes home.
    const Time shift_end = group.continuous() ? kNever : sim::start_of_day(day) + group.shift_end;
    // Group 0's shift start plans the next day (once a day, whatever the rosters).
    if (group_index == 0) schedule_day(day + 1);
    if (!world_.scenario.calendar.is_workday(day)) return;
    const std::optional<std::int64_t> pattern_day =
        group.roster.pattern_day(day, world_.scenario.calendar);
    if (!pattern_day) return;
    const std::int64_t month = law_ ? month_of(day, world_.scenario.calendar) : 0;
    const bool force_majeure = law_ && force_majeure_day(day);
    const std::size_t first = world_.first_of_group[group_index];
    for (std::size_t k = first; k < first + static_cast<std::size_t>(group.count); ++k) {
        Crew& t = techs_[k];
        if (!group.roster.works(t.rank, static_cast<std::size_t>(group.count), *pattern_day))
            continue;
        t.on_duty = day;
        t.regular_end = overtime_after_on(day, static_cast<std::uint32_t>(group_index));
        t.asks_from = kNever;
        t.night_by = world_.scenario.night_safety.latest_arrival(sim::start_of_day(day));
        if (law_) {
            t.month = month;
            t.force_majeure_day = force_majeure;
            refresh_overtime_left(k);
        }
        if (group.rest_break.given()) {
            t.break_from = sim::start_of_day(day) + group.rest_break.window_start;
            t.break_by = sim::start_of_day(day) + group.rest_break.window_end;
        }
        count_on_shift(k, sim::start_of_day(day) + group.shift_start,
                       sim::start_of_day(day) + group.shift_end, false);
        tally_.day_worked(k, now_);
        if (group.continuous() && day > 0) {
            // Its duty goes on, but the day's break window moved its end:
            // one waiting is filed anew under it (the offer asks only those
            // whose file's end lets them finish).
            if (idle_.contains(k)) set_idle(k, true);
            continue;
        }
        set_shift_end(k, shift_end);
        if (t.busy) {
            t.restart_from_home = true;
            continue;
        }
        t.zone = t.home;
        // A break window open as the shift begins finds it idle in it: the
        // break first (the window's own event, at the same second, comes after).
        if (breaks_now(k)) {
            start_break(k);
            continue;
        }
        look(k);
    }
}

// Shift time is counted when a period begins; the part of the last period
// after the run's end is taken back in report().
void Simulation::count_on_shift(std::size_t tech, Time from, Time to, bool evening) {
    tally_.on_shift(tech, from, to - from, evening);
    techs_[tech].period_start = from;
    techs_[tech].period_end = to;
    techs_[tech].evening_period = evening;
}

void Simulation::on_shift_over() {
    for (IdleCrews* set : {&idle_, &emergency_idle_})
        set->find_if([&](std::size_t tech) {
            if (techs_[tech].shift_end > now_) return false;
            set_idle(tech, false);
            if (plans_ && !techs_[tech].emergency) policy_->off_shift(tech);
            return false;
        });
}

// The evening is for those on duty today whose shift is over by its start.
void Simulation::on_evening_start(std::int64_t day) {
    if (!world_.scenario.calendar.is_workday(day)) return;
    const Time evening_end = sim::start_of_day(day) + world_.scenario.evening.end;
    if (world_.scenario.evening.model == EveningModel::per_job)
        offer_evenings(day, evening_end);
    else
        decide_evenings(day, evening_end);
    // All decide first, then the idle ones that stay look, in id order.
    for (std::size_t k = 0; k < techs_.size(); ++k)
        if (techs_[k].shift_end == evening_end && !techs_[k].busy) look(k);
}

// per_evening: each decides once, in id order from one stream of the day.
void Simulation::decide_evenings(std::int64_t day, Time evening_end) {
    const auto& evening = world_.scenario.evening;
    const auto& groups = world_.scenario.technicians.groups;
    sim::Stream draws(seed_, replication_, static_cast<std::uint64_t>(Purpose::evening_decisions),
                      static_cast<std::uint64_t>(day));
    const double p = world_.evening.probability();
    for (std::size_t k = 0; k < techs_.size(); ++k) {
        Crew& t = techs_[k];
        if (t.on_duty != day || t.emergency || groups[t.group].shift_end > evening.start) continue;
        const bool stays = draws.bernoulli(p);
        tally_.evening_decision(stays);
        if (!stays) continue;
        tally_.evening_worked(k, now_);
        set_shift_end(k, evening_end);
        count_on_shift(k, sim::start_of_day(day) + evening.start, evening_end, true);
    }
}

// per_job: everyone whose shift is over is available and chooses job by job,
// with draws from a stream of its own for the day, so that adding a
// technician leaves the others' choices as they were.
void Simulation::offer_evenings(std::int64_t day, Time evening_end) {
    const auto& evening = world_.scenario.evening;
    const auto& groups = world_.scenario.technicians.groups;
    const Time start = sim::start_of_day(day) + evening.start;
    for (std::size_t k = 0; k < techs_.size(); ++k) {
        Crew& t = techs_[k];
        if (t.on_duty != day || t.emergency || groups[t.group].shift_end > evening.start) continue;
        t.asks_from = start;
        t.evening_worked = false;
        set_shift_end(k, evening_end);
        count_on_shift(k, start, evening_end, true);
    }
}

// per_job: whether the technician takes the evening job it is offered, for
// what it pays (piece rate, premium, points) and the hours it has worked. One
// who declines goes home; the order stays in the pool, and is late for the
// technician's choice if it could have finished it in time (8.9).
bool Simulation::accepts(std::size_t tech, std::uint32_t slot, const Seeker& who) {
    Crew& t = techs_[tech];
    Order& order = slots_[slot];
    const Time work_start =
        std::max(now_ + start_rule_.travel_time(who.zone, order.zone), order.ready);
    const Time finish = work_start + start_rule_.expected_work[order.work_class];
    const double money =
        world_.pay.piece(PaidJob{order.cell, order.entry, now_, work_start, finish}) +
        world_.pay.premium(now_, work_start) + world_.evening.points_cny();
    const Time shift_start =
        sim::start_of_day(t.on_duty) + world_.scenario.technicians.groups[t.group].shift_start;
    const double hours = static_cast<double>(now_ - shift_start) / sim::kHour;
    const bool yes = evening_draws(tech).bernoulli(world_.evening.accepts(money, hours));
    tally_.evening_decision(yes);
    if (yes) {
        if (!t.evening_worked) tally_.evening_worked(tech, now_);
        t.evening_worked = true;
        return true;
    }
    tally_.evening_declined(tech, now_);
    if (finish <= order.due) order.reasons |= reason(Cause::technician);
    end_evening(tech);
    if (plans_) policy_->declined(tech);
    return false;
}

// A technician's stream for the evening of its duty day, made at its first
// offer that evening: many are never offered a job.
sim::LazyStream& Simulation::evening_draws(std::size_t tech) {
    const std::int64_t day = techs_[tech].on_duty;
    if (evening_draws_day_[tech] != day) {
        evening_draws_[tech].reset(evening_jobs_.key((static_cast<std::uint64_t>(tech) << 32) |
                                                     static_cast<std::uint64_t>(day)));
        evening_draws_day_[tech] = day;
    }
    return evening_draws_[tech];
}

// The technician goes home now: the rest of its evening is not on shift.
void Simulation::end_evening(std::size_t tech) {
    Crew& t = techs_[tech];
    set_idle(tech, false);
    tally_.not_on_shift(tech, t.period_start, std::max<Time>(0, t.period_end - now_), true);
    t.period_end = std::min(t.period_end, now_);
    t.shift_end = now_;
    t.asks_from = kNever;
    took_other_work(tech);
}

ReplicationResult Simulation::report() {
    const std::uint64_t unfinished = open_orders_;
    close_open_orders();
    close_shift_time();
    ReplicationResult result;
    result.settlement = tally_.settlement();
    result.values =
        tally_.outputs(unfinished, now_, events_, world_.staffing_cost_cny, result.settlement);
    result.orders = std::move(order_log_);
    result.technicians = tally_.take_technicians();
    result.breakdown = tally_.breakdown();
    return result;
}

ReplicationResult simulate(const World& world, std::uint64_t seed, std::uint64_t replication,
                           bool keep_orders, const sim::ReplicationTicket* ticket) {
    return Simulation(world, seed, replication, keep_orders).run(ticket);
}

} // namespace fieldsim::models
