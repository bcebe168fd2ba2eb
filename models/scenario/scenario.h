// The validated description of one run: each section is the spec of the
// concept that reads it (see that concept's header). Everything the rules
// need is data here, read from a scenario file (scenarios/schema.json); the
// simulation holds no amount, hour or probability of its own.
//
// All times are integer seconds (sim::Time); times of day are seconds after
// midnight; money is CNY.
#pragma once

#include "models/city/calendar.h"
#include "models/city/districts.h"
#include "models/city/road_network.h"
#include "models/city/weather.h"
#include "models/demand/day_factor.h"
#include "models/demand/random_stream.h"
#include "models/demand/scripted_orders.h"
#include "models/dispatch/policy.h"
#include "models/engine/horizon.h"
#include "models/money/compensation.h"
#include "models/money/pay.h"
#include "models/money/payers.h"
#include "models/service/sla.h"
#include "models/service/visits.h"
#include "models/workforce/evening.h"
#include "models/workforce/hours.h"
#include "models/workforce/night_safety.h"
#include "models/workforce/skills.h"
#include "models/workforce/technicians.h"

#include <string>
#include <vector>

namespace fieldsim::models {

struct Scenario {
    std::string name;
    std::vector<std::string> kinds{"install", "repair"}; // by KindId
    Horizon horizon;
    CalendarSpec calendar;
    RoadNetworkSpec network;
    std::vector<DistrictSpec> districts; // every zone in one
    WeatherSpec weather;
    std::vector<RandomOrderStream> random_streams;
    std::vector<ScriptedOrderStream> scripted_streams;
    DayFactorSpec day_factor;
    TechnicianSpec technicians;
    NightSafetySpec night_safety;
    SkillSpec skills; // what each segment needs
    std::optional<HoursLawSpec> law; // none: no working-hour limits
    EveningSpec evening;
    DispatchSpec dispatch;
    SlaSpec sla;
    VisitSpec visits;
    CompensationBook compensation;
    PaySpec pay;
    PayersSpec payers;      // who pays compensation, and when
    bool order_log = false; // keep the per-order log (opt-in: it costs memory)

    SegmentNames segment_names() const {
        SegmentNames names{{}, {}, kinds};
        for (const DistrictSpec& district : districts) {
            names.districts.push_back(district.name);
            names.areas.push_back(district.area);
        }
        return names;
    }
};

} // namespace fieldsim::models
