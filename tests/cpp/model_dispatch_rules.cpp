// No policy ever starts a job the rules forbid. A crew of technicians with
// random skills, places, times left and night limits stands in for the simulation; random
// arrivals, frees, declines, breaks, early finishes and shift ends drive
// each policy, and every job it starts, by handing it to a freed technician
// or by sending an idle one, is checked against the start rule of that
// moment. Every order ends up started or still waiting: none is lost.
#include "models/dispatch/policy.h"
#include "sim/random.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace fieldsim;
using namespace fieldsim::models;

namespace {

constexpr int kZones = 8;
constexpr std::size_t kTechs = 6;

class FakeCrews final : public Crews {
  public:
    FakeCrews(const StartRule& rule, sim::Stream& rng)
        : rule_(rule), rng_(rng), idle(kTechs, kZones) {}

    Seeker seeker(std::size_t tech) const { return techs[tech]; }
    int zone_when_free(std::size_t tech) const override { return techs[tech].zone; }
    Seeker when_free(std::size_t tech) const override {
        Seeker who = techs[tech];
        who.now = std::max(who.now, free_at[tech]);
        return who;
    }
    // No hours law here: the shift's ends are the technician's.
    Seeker shift_when_free(std::size_t tech) const override { return when_free(tech); }
    // No breaks either.
    std::optional<BreakAhead> break_ahead(std::size_t) const override { return std::nullopt; }
    bool may_start(std::size_t tech, const WaitingOrder& order) override {
        asked.push_back(tech);
        const bool may = rule_.may_start(techs[tech], order.zone, order.work_class, order.due);
        if (may) cleared.insert({tech, order.id});
        return may;
    }
    std::optional<StartNow> start_now(std::size_t tech, const WaitingOrder& order) const override {
        const Seeker who = when_free(tech);
        if (!rule_.may_start(who, order.zone, order.work_class, order.due)) return std::nullopt;
        return StartNow{rule_.travel_time(who.zone, order.zone),
                        rule_.expected_end(who, order.zone, order.work_class, order.due)};
    }
    bool send(std::size_t tech, const WaitingOrder& order) override {
        // Only after may_start said yes for this technician and order.
        REQUIRE(cleared.count({tech, order.id}) == 1);
        if (rng_.bernoulli(0.1)) {
            idle.erase(tech);
            declines.push_back(tech);
            return false;
        }
        started(tech, order);
        return true;
    }

    void wake(std::size_t tech) override { woken.push_back(tech); }

    void started(std::size_t tech, const WaitingOrder& order) {
        INFO("technician " << tech << " order " << order.id);
        REQUIRE(rule_.may_start(techs[tech], order.zone, order.work_class, order.due));
        REQUIRE(starts.insert(order.id).second); // started once
        idle.erase(tech);
        free_at[tech] = rule_.expected_end(techs[tech], order.zone, order.work_class, order.due);
        techs[tech].zone = order.zone;
    }

    std::vector<Seeker> techs;
    std::vector<Time> free_at = std::vector<Time>(kTechs, 0);
    std::vector<std::size_t> declines; // since the last look
    std::vector<std::size_t> woken;    // since the last step
    std::vector<std::size_t> asked;    // by may_start, since the last arrival
    std::set<std::uint64_t> starts;
    std::set<std::pair<std::size_t, std::uint64_t>> cleared;

  private:
    const StartRule& rule_;
    sim::Stream& rng_;

  public:
    IdleCrews idle;
};

// The idle technicians by travel to the order, then id: the order in which
// nearest_feasible asks them until one goes.
std::vector<std::size_t> nearest_first(const StartRule& rule, const FakeCrews& crews,
                                       const WaitingOrder& order) {
    std::vector<std::pair<Time, std::size_t>> by_travel;
    crews.idle.find_if([&](std::size_t tech) {
        by_travel.emplace_back(rule.travel_time(crews.techs[tech].zone, order.zone), tech);
        return false;
    });
    std::sort(by_travel.begin(), by_travel.end());
    std::vector<std::size_t> ids;
    for (const auto& [travel, tech] : by_travel)
        ids.push_back(tech);
    return ids;
}

void drive(const std::string& name, std::uint64_t seed) {
    sim::Stream rng(seed, 0, 0);
    std::vector<Time> travel(kZones * kZones, 0);
    for (int a = 0; a < kZones; ++a)
        for (int b = 0; b < kZones; ++b)
            if (a != b) travel[a * kZones + b] = 60 * static_cast<Time>(5 + rng.below(50));
    // The last class's orders are booked into two-hour windows: work waits
    // for the window to open.
    const StartRule rule{&travel,
                         kZones,
                         {30 * 60, 90 * 60, 45 * 60},
                         {0, 0, 1},
                         {StartRule::kNoWindow, StartRule::kNoWindow, 2 * sim::kHour}};
    const auto policy = make_dispatch_policy(name, rule);
    FakeCrews crews(rule, rng);
    sim::Stream nights(seed, 0, 1); // apart, so that the rest of the drive is as without them
    std::vector<Time> night_margin(kTechs, -sim::kDay); // night limit before the end; none: after
    for (std::size_t k = 0; k < kTechs; ++k) {
        // Some hold skill 1, some may work longer for orders due today, some
        // must arrive by a night limit before their end.
        const Time end = static_cast<Time>(4 + rng.below(6)) * 3600;
        crews.techs.push_back(Seeker{static_cast<int>(rng.below(kZones)), 0, end,
                                     end + static_cast<Time>(rng.below(2)) * 3600, 6 * 3600,
                                     rng.bernoulli(0.5) ? 3u : 1u});
        if (nights.bernoulli(0.3)) night_margin[k] = static_cast<Time>(1 + nights.below(2)) * 1800;
        crews.techs.back().latest_arrival = end - night_margin[k];
    }
    const auto look = [&](std::size_t k) {
        const Seeker who = crews.seeker(k);
        if (const auto order = policy->next_job(k, who)) {
            return crews.started(k, *order);
        }
        crews.idle.insert(k, crews.techs[k].zone, crews.techs[k].latest_end);
    };
    for (std::size_t k = 0; k < kTechs; ++k)
        look(k);
    std::uint64_t next_id = 0;
    Time now = 0;
    std::vector<std::size_t> woken;
    for (int step = 0; step < 3'000; ++step) {
        // Those the policy woke in the last step look, as the simulation
        // has them do after each event.
        woken.swap(crews.woken);
        for (const std::size_t k : woken)
            if (crews.idle.contains(k)) look(k);
        woken.clear();
        now += static_cast<Time>(rng.below(600));
        for (auto& who : crews.techs)
            who.now = now;
        const auto pick = static_cast<std::size_t>(rng.below(kTechs));
        const double event = rng.uniform();
        if (event < 0.5) {
            const WaitingOrder order{now + static_cast<Time>(1 + rng.below(8)) * 3600, next_id++, 0,
                                     static_cast<int>(rng.below(kZones)),
                                     static_cast<std::uint32_t>(rng.below(3))};
            std::vector<std::size_t> nearest = nearest_first(rule, crews, order);
            crews.asked.clear();
            if (!policy->arrive(order, crews.idle, crews)) policy->add(order);
            if (name == "nearest_feasible") {
                REQUIRE(crews.asked.size() <= nearest.size());
                nearest.resize(crews.asked.size());
                CHECK(crews.asked == nearest);
            }
            for (std::size_t k : crews.declines)
                policy->declined(k);
            crews.declines.clear();
        } else if (event < 0.8) {
            // A technician frees up, sometimes before its plan expected.
            if (crews.idle.contains(pick)) continue;
            if (now < crews.free_at[pick]) policy->finished_early(pick);
            look(pick);
        } else if (event < 0.88) {
            if (crews.idle.contains(pick)) continue;
            crews.free_at[pick] = now + 30 * 60;
            policy->on_break(pick);
        } else if (event < 0.96) {
            // Its day is over.
            crews.idle.erase(pick);
            crews.techs[pick].latest_end = crews.techs[pick].latest_end_urgent = now;
            policy->off_shift(pick);
        } else {
            // A new day for one technician.
            const Time end = now + static_cast<Time>(4 + rng.below(6)) * 3600;
            crews.techs[pick].latest_end = crews.techs[pick].latest_end_urgent = end;
            crews.techs[pick].urgent_by = end + 3600;
            crews.techs[pick].latest_arrival = end - night_margin[pick];
            look(pick);
        }
    }
    CHECK(crews.starts.size() > 200);
    CHECK(crews.starts.size() + policy->waiting() == next_id);
}

} // namespace

TEST_CASE("no policy starts a job the start rule forbids", "[model][dispatch]") {
    const std::string name = GENERATE(from_range(dispatch_policy_names()));
    const std::uint64_t seed = GENERATE(1, 2, 3, 4);
    INFO(name << " seed " << seed);
    drive(name, seed);
}
