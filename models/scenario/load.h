// Loading a scenario: JSON text -> resolved document -> validated Scenario.
// Every check of the input happens here, once, before a run; the simulation
// then trusts the Scenario. The format is described by scenarios/schema.json.
#pragma once

#include "models/scenario/json_reader.h" // ScenarioError, the one exception type for bad input
#include "models/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace fieldsim::models {

// Parses JSON text; malformed text is a ScenarioError naming `source` and
// the line and column.
nlohmann::json parse_json_text(const std::string& text, const std::string& source);

// Reads `file` and resolves its "extends". Errors name the file in which
// they occur (an extended file, for text or cycle errors there).
nlohmann::json resolve_document(const std::filesystem::path& file);

// Merges the files listed in doc["extends"] (relative to base_dir) as RFC
// 7386 merge patches under `doc`: later files override earlier ones and doc
// overrides them all; recursive; a cycle is an error. The result has no
// "extends", and CSV paths inherited from other folders are rewritten
// relative to base_dir.
nlohmann::json resolve_extends(nlohmann::json doc, const std::filesystem::path& base_dir,
                               const std::string& source);

// Resolves extends, then validates and converts. `source` names the
// document in messages; files it refers to are relative to base_dir.
Scenario parse_scenario(const nlohmann::json& doc, const std::string& source,
                        const std::filesystem::path& base_dir);

Scenario load_scenario(const std::filesystem::path& file);

// Orders a day one random stream is expected to bring at its mean rates,
// before the day factor's mean: repairs times the heaviest weather's repair
// factor, and the weekday factors' mean.
double daily_orders(const Scenario& scenario, const RandomOrderStream& stream);

// Orders one replication is expected to see: the random streams at their mean
// rates (times the day factor's mean, and repairs times the heaviest
// weather's repair factor) plus the scripted orders. Bounded by
// kMaxExpectedOrders at load.
double expected_orders(const Scenario& scenario);

} // namespace fieldsim::models
