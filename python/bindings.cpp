// fieldsim._core: the thin layer between the C++ engine and the Python
// package. Scenarios cross as JSON text, results as NumPy arrays; the run
// itself happens without the GIL.
#include "models/engine/outputs.h"
#include "models/engine/run.h"
#include "models/scenario/load.h"

#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <filesystem>

namespace py = pybind11;
using namespace fieldsim;

namespace {

// One column over all replications' rows: get(replication, row) -> value.
template <class Row, class Get>
py::array fill(const std::vector<models::ReplicationResult>& reps,
               const std::vector<Row> models::ReplicationResult::*rows, Get get) {
    using Value = decltype(get(std::size_t{0}, std::declval<const Row&>()));
    std::size_t total = 0;
    for (const auto& rep : reps)
        total += (rep.*rows).size();
    py::array_t<Value> out(static_cast<py::ssize_t>(total));
    auto data = out.template mutable_unchecked<1>();
    py::ssize_t i = 0;
    for (std::size_t r = 0; r < reps.size(); ++r)
        for (const Row& row : reps[r].*rows)
            data(i++) = get(r, row);
    return out;
}

template <class Row, class Get>
py::array column(const std::vector<models::ReplicationResult>& reps, Get get,
                 const std::vector<Row> models::ReplicationResult::*rows) {
    return fill(reps, rows, [&get](std::size_t, const Row& row) { return get(row); });
}

template <class Row>
py::array replication_column(const std::vector<models::ReplicationResult>& reps,
                             const std::vector<Row> models::ReplicationResult::*rows) {
    return fill(reps, rows, [](std::size_t r, const Row&) { return static_cast<std::int64_t>(r); });
}

py::dict order_columns(const std::vector<models::ReplicationResult>& reps) {
    using models::OrderRecord;
    const auto rows = &models::ReplicationResult::orders;
    py::dict d;
    d["replication"] = replication_column(reps, rows);
    d["order_id"] = column(
        reps, [](const OrderRecord& o) { return static_cast<std::int64_t>(o.id); }, rows);
    d["kind"] = column(
        reps, [](const OrderRecord& o) { return static_cast<std::int8_t>(o.kind); }, rows);
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
    d["jobs"] = column(
        reps, [](const TechnicianRecord& t) { return static_cast<std::int64_t>(t.jobs); }, rows);
    d["travel_s"] = column(
        reps, [](const TechnicianRecord& t) { return t.travel; }, rows);
    d["work_s"] = column(
        reps, [](const TechnicianRecord& t) { return t.work; }, rows);
    d["overtime_s"] = column(
        reps, [](const TechnicianRecord& t) { return t.overtime; }, rows);
    d["on_shift_s"] = column(
        reps, [](const TechnicianRecord& t) { return t.on_shift; }, rows);
    d["evening_days"] = column(
        reps, [](const TechnicianRecord& t) { return static_cast<std::int64_t>(t.evening_days); },
        rows);
    return d;
}

// Raises fieldsim.ScenarioError (defined in Python, where users look for it)
// with the JSON path kept as an attribute.
void translate_scenario_error(std::exception_ptr p) {
    try {
        if (p) std::rethrow_exception(p);
    } catch (const models::ScenarioError& e) {
        const py::object type = py::module_::import("fieldsim._errors").attr("ScenarioError");
        const py::object error = type(e.what(), e.source(), e.json_path());
        PyErr_SetObject(type.ptr(), error.ptr());
    }
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
    out["technicians"] = technician_columns(result.replications);
    if (keep_orders || scenario.order_log) out["orders"] = order_columns(result.replications);
    return out;
}

} // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "fieldsim's C++ engine (private: use the fieldsim package)";
    py::register_exception_translator(translate_scenario_error);
    py::register_exception<sim::Cancelled>(m, "Cancelled");

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
    std::vector<std::string> kinds(models::kKindNames.begin(), models::kKindNames.end());
    m.attr("KIND_NAMES") = kinds;

    py::class_<models::Scenario>(m, "Scenario")
        .def_readonly("name", &models::Scenario::name)
        .def_property_readonly("days", [](const models::Scenario& s) { return s.horizon.days; })
        .def_property_readonly("technicians",
                               [](const models::Scenario& s) { return s.technicians.count; })
        .def_property_readonly("zones",
                               [](const models::Scenario& s) { return s.network.zones.size(); });

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
    m.def("run", &run, py::arg("scenario"), py::arg("replications"), py::arg("seed"),
          py::arg("first_replication"), py::arg("threads"), py::arg("keep_orders"),
          py::arg("progress") = nullptr);
}
