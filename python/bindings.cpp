// fieldsim._core: the thin layer between the C++ engine and the Python
// package. Scenarios cross as JSON text, results as NumPy arrays; the run
// itself happens without the GIL.
#include "models/dispatch/policy.h"
#include "models/engine/footprint.h"
#include "models/engine/outputs.h"
#include "models/engine/run.h"
#include "models/scenario/load.h"
#include "sim/interrupt.h"
#include "sim/statistics.h"

#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <thread>
#include <type_traits>

namespace py = pybind11;
using namespace fieldsim;

namespace {

// A replication's rows of one log: a member of ReplicationResult, or any
// callable that gives them.
template <class Rows>
using RowOf =
    typename std::decay_t<std::invoke_result_t<Rows, const models::ReplicationResult&>>::value_type;

// Ctrl-C during a long step outside the replications (sim/interrupt.h):
// Python's handler runs here and its KeyboardInterrupt leaves through the C++
// step. FIELDSIM_TEST_PAUSE=<step> holds that step at its first check until a
// signal comes (at most a minute), so that the tests can interrupt each step.
void check_signals(const char* step) {
    const py::gil_scoped_acquire gil;
    static const char* const pause = std::getenv("FIELDSIM_TEST_PAUSE");
    static std::atomic<bool> paused{false};
    const bool hold = pause && std::strcmp(pause, step) == 0 && !paused.exchange(true);
    if (hold) {
        std::fprintf(stderr, "fieldsim: paused in %s\n", step);
        std::fflush(stderr);
    }
    for (int waited = 0;; ++waited) {
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
        if (!hold || waited == 6000) return;
        const py::gil_scoped_release release;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

// One column over all replications' rows: get(replication, row) -> value.
template <class Rows, class Get>
py::array fill(const std::vector<models::ReplicationResult>& reps, Rows rows, Get get) {
    using Row = RowOf<Rows>;
    using Value = decltype(get(std::size_t{0}, std::declval<const Row&>()));
    std::size_t total = 0;
    for (const auto& rep : reps)
        total += std::invoke(rows, rep).size();
    py::array_t<Value> out(static_cast<py::ssize_t>(total));
    auto data = out.template mutable_unchecked<1>();
    py::ssize_t i = 0;
    for (std::size_t r = 0; r < reps.size(); ++r) {
        sim::check_interrupt("frames");
        for (const Row& row : std::invoke(rows, reps[r]))
            data(i++) = get(r, row);
    }
    return out;
}

template <class Rows, class Get>
py::array column(const std::vector<models::ReplicationResult>& reps, Get get, Rows rows) {
    return fill(reps, rows, [&get](std::size_t, const RowOf<Rows>& row) { return get(row); });
}

template <class Rows>
py::array replication_column(const std::vector<models::ReplicationResult>& reps, Rows rows) {
    return fill(reps, rows,
                [](std::size_t r, const RowOf<Rows>&) { return static_cast<std::int64_t>(r); });
}

// The segment of each row, one code column per dimension.
template <class Rows>
void segment_columns(py::dict& d, const std::vector<models::ReplicationResult>& reps, Rows rows,
                     const models::SegmentSpace& space) {
    const auto part = [&](auto pick) {
        return column(
            reps, [&](const RowOf<Rows>& row) { return pick(space.segment(row.cell)); }, rows);
    };
    d["district"] =
        part([](const models::Segment& s) { return static_cast<std::int32_t>(s.district); });
    d["kind"] = part([](const models::Segment& s) { return static_cast<std::int8_t>(s.kind); });
    d["product"] =
        part([](const models::Segment& s) { return static_cast<std::int8_t>(s.product); });
    d["class"] =
        part([](const models::Segment& s) { return static_cast<std::int8_t>(s.customer_class); });
}

py::dict order_columns(const std::vector<models::ReplicationResult>& reps,
                       const models::SegmentSpace& space) {
    using models::OrderRecord;
    const auto rows = &models::ReplicationResult::orders;
    py::dict d;
    d["replication"] = replication_column(reps, rows);
    d["order_id"] = column(
        reps, [](const OrderRecord& o) { return static_cast<std::int64_t>(o.id); }, rows);
    segment_columns(d, reps, rows, space);
    d["zone"] = column(
        reps, [](const OrderRecord& o) { return static_cast<std::int32_t>(o.zone); }, rows);
    d["entry_s"] = column(
        reps, [](const OrderRecord& o) { return o.entry; }, rows);
    d["due_s"] = column(
        reps, [](const OrderRecord& o) { return o.due; }, rows);
    d["technician"] = column(
        reps, [](const OrderRecord& o) { return static_cast<std::int32_t>(o.technician); }, rows);
    d["departure_s"] = column(
        reps, [](const OrderRecord& o) { return o.departure; }, rows);
    d["work_start_s"] = column(
        reps, [](const OrderRecord& o) { return o.work_start; }, rows);
    d["finish_s"] = column(
        reps, [](const OrderRecord& o) { return o.finish; }, rows);
    d["late"] = column(
        reps, [](const OrderRecord& o) { return o.late; }, rows);
    d["cause"] = column(
        reps, [](const OrderRecord& o) { return static_cast<std::int8_t>(o.cause); }, rows);
    d["failed_visits"] = column(
        reps, [](const OrderRecord& o) { return static_cast<std::int16_t>(o.failed_visits); },
        rows);
    d["compensation_cny"] = column(
        reps, [](const OrderRecord& o) { return o.compensation_cny; }, rows);
    return d;
}

py::dict technician_columns(const std::vector<models::ReplicationResult>& reps) {
    using models::TechnicianRecord;
    const auto rows = &models::ReplicationResult::technicians;
    py::dict d;
    d["replication"] = replication_column(reps, rows);
    d["technician"] = column(
        reps, [](const TechnicianRecord& t) { return static_cast<std::int32_t>(t.id); }, rows);
    d["home_zone"] = column(
        reps, [](const TechnicianRecord& t) { return static_cast<std::int32_t>(t.home_zone); },
        rows);
    d["month"] = column(
        reps, [](const TechnicianRecord& t) { return static_cast<std::int32_t>(t.month); }, rows);
    d["days_worked"] = column(
        reps, [](const TechnicianRecord& t) { return static_cast<std::int64_t>(t.days_worked); },
        rows);
    d["evening_on_shift_s"] = column(
        reps, [](const TechnicianRecord& t) { return t.evening_on_shift; }, rows);
    d["stopped_daily"] = column(
        reps, [](const TechnicianRecord& t) { return static_cast<std::int64_t>(t.stopped_daily); },
        rows);
    d["stopped_monthly"] = column(
        reps,
        [](const TechnicianRecord& t) { return static_cast<std::int64_t>(t.stopped_monthly); },
        rows);
    d["jobs"] = column(
        reps, [](const TechnicianRecord& t) { return static_cast<std::int64_t>(t.jobs); }, rows);
    d["failed_visits"] = column(
        reps, [](const TechnicianRecord& t) { return static_cast<std::int64_t>(t.failed_visits); },
        rows);
    d["faulty_visits"] = column(
        reps, [](const TechnicianRecord& t) { return static_cast<std::int64_t>(t.faulty_visits); },
        rows);
    d["declined_jobs"] = column(
        reps, [](const TechnicianRecord& t) { return static_cast<std::int64_t>(t.declined_jobs); },
        rows);
    d["travel_s"] = column(
        reps, [](const TechnicianRecord& t) { return t.travel; }, rows);
    d["wait_s"] = column(
        reps, [](const TechnicianRecord& t) { return t.wait; }, rows);
    d["work_s"] = column(
        reps, [](const TechnicianRecord& t) { return t.work; }, rows);
    d["overtime_s"] = column(
        reps, [](const TechnicianRecord& t) { return t.overtime; }, rows);
    d["limit_overrun_s"] = column(
        reps, [](const TechnicianRecord& t) { return t.limit_overrun; }, rows);
    d["on_shift_s"] = column(
        reps, [](const TechnicianRecord& t) { return t.on_shift; }, rows);
    d["break_s"] = column(
        reps, [](const TechnicianRecord& t) { return t.breaks; }, rows);
    d["evening_days"] = column(
        reps, [](const TechnicianRecord& t) { return static_cast<std::int64_t>(t.evening_days); },
        rows);
    d["premium_pay_cny"] = column(
        reps, [](const TechnicianRecord& t) { return t.premium_pay_cny; }, rows);
    d["overtime_pay_cny"] = column(
        reps, [](const TechnicianRecord& t) { return t.overtime_pay_cny; }, rows);
    return d;
}

// Compensation by settlement period (month of completion) and payer.
py::dict settlement_columns(const std::vector<models::ReplicationResult>& reps) {
    using models::SettlementRow;
    const auto rows = [](const models::ReplicationResult& r) -> const auto& {
        return r.settlement.periods;
    };
    py::dict d;
    d["replication"] = replication_column(reps, rows);
    d["period"] = column(
        reps, [](const SettlementRow& p) { return p.period; }, rows);
    d["payer"] = column(
        reps, [](const SettlementRow& p) { return static_cast<std::int32_t>(p.payer); }, rows);
    d["completed"] = column(
        reps, [](const SettlementRow& p) { return static_cast<std::int64_t>(p.completed); }, rows);
    d["technician_late"] = column(
        reps, [](const SettlementRow& p) { return static_cast<std::int64_t>(p.technician_late); },
        rows);
    d["technician_cny"] = column(
        reps, [](const SettlementRow& p) { return p.technician_cny; }, rows);
    d["compensation_cny"] = column(
        reps, [](const SettlementRow& p) { return p.compensation_cny; }, rows);
    d["pays_cny"] = column(
        reps, [](const SettlementRow& p) { return p.pays_cny; }, rows);
    return d;
}

// What each payer pays on each run day.
py::dict cash_columns(const std::vector<models::ReplicationResult>& reps) {
    using models::CashRow;
    const auto rows = [](const models::ReplicationResult& r) -> const auto& {
        return r.settlement.cash;
    };
    py::dict d;
    d["replication"] = replication_column(reps, rows);
    d["pay_day"] = column(
        reps, [](const CashRow& c) { return c.pay_day; }, rows);
    d["payer"] = column(
        reps, [](const CashRow& c) { return static_cast<std::int32_t>(c.payer); }, rows);
    d["cny"] = column(
        reps, [](const CashRow& c) { return c.cny; }, rows);
    return d;
}

// Who pays (payer codes index "names"), and the shift group and employer of
// each technician (ids run through the groups in order).
py::dict money_names(const models::Scenario& scenario) {
    py::dict d;
    d["payers"] = scenario.payers.names();
    d["pay_within_days"] = scenario.payers.pay_within_days;
    std::vector<std::string> groups, employers;
    for (const auto& group : scenario.technicians.groups) {
        groups.insert(groups.end(), static_cast<std::size_t>(group.count), group.name);
        employers.insert(employers.end(), static_cast<std::size_t>(group.count), group.employer);
    }
    d["group_of_technician"] = groups;
    d["employer_of_technician"] = employers;
    d["start_date"] = scenario.calendar.start_date
                          ? py::object(py::int_(*scenario.calendar.start_date))
                          : py::object(py::none());
    return d;
}

// Raises fieldsim.ScenarioError (defined in Python, where users look for it)
// with the JSON path kept as an attribute.
void translate_scenario_error(std::exception_ptr p) {
    try {
        if (p) std::rethrow_exception(p);
    } catch (const models::ScenarioError& e) {
        const py::object type = py::module_::import("fieldsim._errors").attr("ScenarioError");
        const py::object error =
            type(e.what(), models::printable(e.source()), models::printable(e.json_path()));
        PyErr_SetObject(type.ptr(), error.ptr());
    }
}

// One row per replication and cell, for the cells with orders in any
// replication; one column per declared measure.
py::dict breakdown_columns(const std::vector<models::ReplicationResult>& reps,
                           const models::SegmentSpace& space) {
    std::vector<bool> active(space.size(), false);
    const auto orders = static_cast<std::size_t>(models::Measure::orders);
    for (const auto& rep : reps)
        for (std::size_t c = 0; c < rep.breakdown.size(); ++c)
            if (rep.breakdown[c][orders] > 0) active[c] = true;
    py::dict d;
    std::vector<std::int64_t> replication;
    std::vector<std::uint32_t> cell;
    for (std::size_t r = 0; r < reps.size(); ++r)
        for (std::size_t c = 0; c < reps[r].breakdown.size(); ++c)
            if (active[c]) {
                replication.push_back(static_cast<std::int64_t>(r));
                cell.push_back(static_cast<std::uint32_t>(c));
            }
    d["replication"] =
        py::array_t<std::int64_t>(static_cast<py::ssize_t>(replication.size()), replication.data());
    const auto code = [&](auto pick, auto type) {
        using T = decltype(type);
        py::array_t<T> out(static_cast<py::ssize_t>(cell.size()));
        auto data = out.template mutable_unchecked<1>();
        for (std::size_t i = 0; i < cell.size(); ++i)
            data(static_cast<py::ssize_t>(i)) = static_cast<T>(pick(space.segment(cell[i])));
        return out;
    };
    d["district"] = code([](const models::Segment& s) { return s.district; }, std::int32_t{});
    d["kind"] = code([](const models::Segment& s) { return s.kind; }, std::int8_t{});
    d["product"] = code([](const models::Segment& s) { return s.product; }, std::int8_t{});
    d["class"] = code([](const models::Segment& s) { return s.customer_class; }, std::int8_t{});
    for (std::size_t m = 0; m < models::kMeasureCount; ++m) {
        py::array_t<double> out(static_cast<py::ssize_t>(cell.size()));
        auto data = out.template mutable_unchecked<1>();
        for (std::size_t i = 0; i < cell.size(); ++i)
            data(static_cast<py::ssize_t>(i)) =
                reps[static_cast<std::size_t>(replication[i])].breakdown[cell[i]][m];
        d[py::str(std::string(models::kMeasures[m].name))] = out;
    }
    return d;
}

// The names behind the code columns of the logs and the breakdown.
py::dict segment_names(const models::Scenario& scenario) {
    py::dict d;
    std::vector<std::string> districts;
    for (const auto& district : scenario.districts)
        districts.push_back(district.name);
    d["district"] = districts;
    d["kind"] = scenario.kinds;
    d["product"] =
        std::vector<std::string>(models::kProductNames.begin(), models::kProductNames.end());
    d["class"] = std::vector<std::string>(models::kClassNames.begin(), models::kClassNames.end());
    d["cause"] = std::vector<std::string>(models::kCauseNames.begin(), models::kCauseNames.end());
    return d;
}

py::dict summary_dict(const std::vector<models::OutputSummary>& summaries) {
    py::dict summary;
    for (std::size_t o = 0; o < models::kOutputCount; ++o) {
        const auto& s = summaries[o];
        summary[py::str(std::string(models::kOutputNames[o]))] =
            py::make_tuple(s.mean, s.sd, s.ci95_lo, s.ci95_hi, s.p50, s.p90, s.p95);
    }
    return summary;
}

py::dict run(const models::Scenario& scenario, std::size_t replications, std::uint64_t seed,
             std::uint64_t first_replication, unsigned threads, bool keep_orders,
             const std::function<void(double)>& progress) {
    models::RunOptions options;
    options.replications = replications;
    options.seed = seed;
    options.first_replication = first_replication;
    options.keep_orders = keep_orders;
    options.control.threads = threads;
    bool interrupted = false;
    // Both run on this (the calling) thread, so taking the GIL here is safe;
    // checking signals there is what makes Ctrl-C stop a run.
    options.control.progress = [&](double done) {
        // Not once should_stop has seen Ctrl-C: calling Python with the
        // KeyboardInterrupt pending turns it into a SystemError.
        if (!progress || interrupted) return;
        const py::gil_scoped_acquire gil;
        try {
            progress(done);
        } catch (py::error_already_set& e) {
            // Ctrl-C inside the callback, or a failing callback: stop the run
            // and re-raise it once the workers have stopped.
            e.restore();
            interrupted = true;
        }
    };
    options.control.should_stop = [&] {
        const py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() != 0) interrupted = true;
        return interrupted;
    };

    models::RunResult result;
    try {
        const py::gil_scoped_release release;
        result = models::run(scenario, options);
    } catch (const sim::Cancelled&) {
        if (interrupted) throw py::error_already_set();
        throw;
    }
    py::dict out;
    out["values"] = result.values;
    out["summary"] = summary_dict(result.summary);
    const models::SegmentSpace space(scenario.districts.size(), scenario.kinds.size());
    out["technicians"] = technician_columns(result.replications);
    out["segments"] = segment_names(scenario);
    out["breakdown"] = breakdown_columns(result.replications, space);
    out["settlement"] = settlement_columns(result.replications);
    out["cash"] = cash_columns(result.replications);
    out["money"] = money_names(scenario);
    if (keep_orders || scenario.order_log)
        out["orders"] = order_columns(result.replications, space);
    return out;
}

} // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "fieldsim's C++ engine (private: use the fieldsim package)";
    py::register_exception_translator(translate_scenario_error);
    py::register_exception<sim::Cancelled>(m, "Cancelled");
    sim::interrupt_check() = &check_signals;
    m.def(
        "check_interrupt", [](const std::string& step) { check_signals(step.c_str()); },
        py::arg("step"), "Raise KeyboardInterrupt if Ctrl-C was pressed (holds for tests).");

    std::vector<std::string> names(models::kOutputNames.begin(), models::kOutputNames.end());
    m.attr("OUTPUT_NAMES") = names;
    py::list outputs;
    for (const auto& info : models::kOutputs) {
        py::dict row;
        row["name"] = std::string(info.name);
        row["label"] = std::string(info.label);
        row["unit"] = std::string(info.unit);
        row["aggregation"] =
            std::string(models::kAggregationNames[static_cast<std::size_t>(info.aggregation)]);
        row["meaning"] = std::string(info.meaning);
        outputs.append(row);
    }
    m.attr("OUTPUTS") = outputs;
    py::list measures;
    for (const auto& info : models::kMeasures) {
        py::dict row;
        row["name"] = std::string(info.name);
        row["unit"] = std::string(info.unit);
        row["weight"] = std::string(info.weight);
        row["meaning"] = std::string(info.meaning);
        measures.append(row);
    }
    m.attr("MEASURES") = measures;
    m.attr("DISPATCH_POLICIES") = models::dispatch_policy_names();
    m.attr("DEFAULT_KINDS") = models::Scenario{}.kinds;
    m.attr("PRODUCTS") =
        std::vector<std::string>(models::kProductNames.begin(), models::kProductNames.end());
    m.attr("CLASSES") =
        std::vector<std::string>(models::kClassNames.begin(), models::kClassNames.end());

    py::class_<models::Scenario>(m, "Scenario")
        .def_readonly("name", &models::Scenario::name)
        .def_property_readonly("days", [](const models::Scenario& s) { return s.horizon.days; })
        .def_property_readonly("technicians",
                               [](const models::Scenario& s) { return s.technicians.count(); })
        .def_property_readonly("zones",
                               [](const models::Scenario& s) { return s.network.zones.size(); })
        .def_property_readonly("expected_orders", &models::expected_orders)
        .def(
            "footprint",
            [](const models::Scenario& s, std::size_t replications, unsigned threads,
               bool keep_orders) {
                const models::Footprint f =
                    models::footprint(s, replications, threads, keep_orders);
                py::dict d;
                d["orders"] = f.orders;
                d["events"] = f.events;
                d["world_bytes"] = f.world_bytes;
                d["working_bytes"] = f.working_bytes;
                d["results_bytes"] = f.results_bytes;
                d["technician_rows"] = f.technician_rows;
                d["order_log_bytes"] = f.order_log_bytes;
                return d;
            },
            py::arg("replications"), py::arg("threads"), py::arg("keep_orders"))
        .def_readonly("kinds", &models::Scenario::kinds)
        .def_property_readonly("road_minutes",
                               [](const models::Scenario& s) {
                                   // The roads' own times, before travel_time_x: a calibration
                                   // fits that scale against them.
                                   models::RoadNetworkSpec roads = s.network;
                                   roads.travel_time_x = 1.0;
                                   const models::RoadNetwork network(roads);
                                   std::vector<double> minutes;
                                   for (const sim::Time t : network.matrix())
                                       minutes.push_back(static_cast<double>(t) / 60.0);
                                   return minutes;
                               })
        .def_property_readonly("districts",
                               [](const models::Scenario& s) {
                                   std::vector<std::string> names;
                                   for (const auto& district : s.districts)
                                       names.push_back(district.name);
                                   return names;
                               })
        .def(
            "evening_acceptance",
            [](const models::Scenario& s, const Eigen::ArrayXd& money,
               const Eigen::ArrayXd& hours) {
                const models::EveningResponse response(s.evening);
                Eigen::ArrayXd p(money.size());
                for (Eigen::Index i = 0; i < money.size(); ++i)
                    p[i] = response.accepts(money[i], hours[i]);
                return p;
            },
            py::arg("money_cny"), py::arg("hours_worked"));

    m.def(
        "resolve_document",
        [](const std::string& path) { return models::resolve_document(path).dump(); },
        py::arg("path"), "The scenario file's JSON text with its `extends` merged in.");
    m.def(
        "parse_scenario",
        [](const std::string& json_text, const std::string& source, const std::string& base_dir) {
            return models::parse_scenario(models::parse_json_text(json_text, source), source,
                                          std::filesystem::path(base_dir));
        },
        py::arg("json_text"), py::arg("source"), py::arg("base_dir"),
        "Validate a scenario document; raises ScenarioError naming the JSON path.");
    m.def(
        "resolve_extends",
        [](const std::string& json_text, const std::string& base_dir, const std::string& source) {
            return models::resolve_extends(models::parse_json_text(json_text, source),
                                           std::filesystem::path(base_dir), source)
                .dump();
        },
        py::arg("json_text"), py::arg("base_dir"), py::arg("source"),
        "A document's JSON text with its `extends` (relative to base_dir) merged in.");
    m.def(
        "summarize",
        [](const Eigen::MatrixXd& values) {
            if (values.cols() != static_cast<Eigen::Index>(models::kOutputCount))
                throw py::value_error("summarize: expected one column per output");
            return summary_dict(models::summarize(values));
        },
        py::arg("values"),
        "Per output (column of values): mean, sd, ci95_lo, ci95_hi, p50, p90, p95.");
    m.def("student_t_quantile", &sim::student_t_quantile, py::arg("p"), py::arg("df"),
          "The p-quantile of Student's t with df degrees of freedom.");
    m.def("run", &run, py::arg("scenario"), py::arg("replications"), py::arg("seed"),
          py::arg("first_replication"), py::arg("threads"), py::arg("keep_orders"),
          py::arg("progress") = nullptr);
}
