// A scenario compiled for running: travel times resolved, distributions and
// rules built. Read-only and shared by every replication of a run.
#pragma once

#include "models/city/road_network.h"
#include "models/demand/arrivals.h"
#include "models/dispatch/policy.h"
#include "models/money/compensation.h"
#include "models/money/pay.h"
#include "models/scenario/scenario.h"
#include "models/service/causes.h"
#include "models/service/sla.h"
#include "models/workforce/evening.h"
#include "models/workforce/skills.h"
#include "sim/index_set.h"

#include <optional>
#include <vector>

namespace fieldsim::models {

struct World {
    explicit World(const Scenario& scenario);
    // Parts point into `scenario` (the scripted order lists): a copy would
    // point into the original.
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    Scenario scenario;
    OrderSources sources;
    int zone_count;
    RoadNetwork roads;
    std::vector<Reasons> zone_reasons; // per zone: rural, no promise
    std::vector<std::uint16_t> district_of_zone;
    SegmentSpace segments;
    std::vector<int> homes;                  // per technician
    std::vector<std::uint32_t> group_of;     // per technician
    std::vector<std::size_t> first_of_group; // the first technician of each group
    std::vector<Time> overtime_after;        // per group (ShiftGroupSpec::overtime_after)
    SlaBook sla;
    std::vector<CompensationRule> compensation; // per cell
    PieceRate pay;
    EveningResponse evening;
    SkillBook skills;
    // Per skill an order may need, the technicians whose group holds it: the
    // offer and the escalation check read only them.
    std::vector<sim::IndexSet> holders;
    bool any_no_show;          // some kind's visits may find nobody at home
    bool any_technician_fault; // some kind's visits may fail for the technician
    bool has_emergency_team;   // some group takes only escalated orders
    double staffing_cost_cny;  // every group's monthly cost over the days with arrivals

    // The dispatch class of a source's orders of a kind. The start rule asks
    // a class only for its expected work, so orders of equal expected work
    // share a class: the EDF pool keeps a bucket per zone and class, and a
    // city with a stream per district, kind and customer class must not make
    // that pool grow with its streams.
    std::uint32_t work_class(std::uint32_t source, KindId kind) const {
        return class_of_[source * kinds_ + kind];
    }
    std::uint32_t cell(int zone, KindId kind, std::uint8_t product,
                       std::uint8_t customer_class) const {
        return segments.cell(Segment{district_of_zone[static_cast<std::size_t>(zone)], kind,
                                     product, customer_class});
    }
    // The class of an order of `work_class` booked into an appointment window.
    std::uint32_t appointment_class(std::uint32_t work_class) const {
        return appointment_class_[work_class];
    }
    // The dispatch class of an order of class `c` booked anew, into a window
    // or not: its skill and work kept.
    std::uint32_t rebooked_class(std::uint32_t c, bool appointment) const {
        const std::uint32_t work = c % work_classes_;
        return c - work + (appointment ? appointment_class_[work] : plain_class_[work]);
    }
    // Dispatch classes: a work class for each skill, so that the pool's
    // buckets tell at once whether a technician may take their orders.
    std::uint32_t dispatch_class(std::uint32_t work_class, std::uint32_t cell) const {
        return work_class + skills.needed(cell) * work_classes_;
    }
    // The class an order of dispatch class `c` has once only a senior
    // technician may take it.
    std::uint32_t senior_class(std::uint32_t c) const {
        return c % work_classes_ + skills.senior() * work_classes_;
    }
    StartRule start_rule() const;
    // Travel times slowed by `scale` (a weather event's), one of the weather
    // kinds' factors; 1 gives the roads' own.
    const std::vector<Time>& travel_matrix(double scale) const;
    // How long a third party holds an order back.
    Time third_party_delay(sim::Stream& s) const { return (*third_party_delay_)(s); }

  private:
    std::vector<std::uint32_t> appointment_class_; // per work class: its window's class
    std::vector<std::uint32_t> plain_class_;       // per work class: its class without a window
    std::optional<WorkTimeSampler> third_party_delay_;
    std::vector<std::pair<double, std::vector<Time>>> slowed_travel_; // by weather factor
    std::vector<std::uint32_t> class_of_;                             // per source x kind
    std::vector<Time> class_work_;                                    // expected work per class
    std::vector<Time> class_window_; // per class: its appointment window's length, or kNoWindow
    std::uint32_t work_classes_ = 0; // before they are multiplied by skills
    std::size_t kinds_;              // scenario.kinds.size(), kept: read at every arrival
};

} // namespace fieldsim::models
