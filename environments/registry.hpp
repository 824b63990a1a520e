// The catalogue of built-in environments: names, config sections, parameters and
// task-family factories. Independent of any command-line or config library.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "environments/environment.hpp"
#include "environments/parameters.hpp"

namespace l2l::env {

struct EnvironmentInfo {
    std::string name;         // "CartPole-v1"
    std::string section;      // config section and option prefix: "cartpole"
    std::string description;  // one line
    std::vector<ParameterSpec> parameters;
    // Builds the family from checked values (see make_family).
    std::function<std::unique_ptr<TaskFamily>(const ValidatedParameters&)> build;
    // The highest objective any policy can score with these parameters (Mountain
    // Car max position: the goal; CartPole: the time limit; T-maze: accuracy 1).
    // Empty when there is no known bound.
    std::function<double(const ValidatedParameters&)> best_objective;

    // Validates `values` (absent keys take defaults) and builds the family.
    // Throws std::invalid_argument naming `section.key`, the value and what is allowed.
    std::unique_ptr<TaskFamily> make_family(const ParameterValues& values = {}) const;
    // best_objective for checked `values`; NaN when unknown.
    double best_objective_of(const ParameterValues& values = {}) const;
    const ParameterSpec* find_parameter(std::string_view key) const;
};

// Every built-in environment, in a fixed order.
const std::vector<EnvironmentInfo>& environment_registry();
std::vector<std::string> environment_names();
// By registry name or config section ("CartPole-v1" or "cartpole"). Throws
// std::invalid_argument "unknown environment 'X'; available: ..." listing both.
const EnvironmentInfo& find_environment(std::string_view name);
// find_environment(name).make_family(values).
std::unique_ptr<TaskFamily> make_family(std::string_view name, const ParameterValues& values = {});

}  // namespace l2l::env
