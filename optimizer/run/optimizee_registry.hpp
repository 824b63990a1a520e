// Optimizees a program adds to the built-in ones (benchmark, snn, command).
//
// A user's own C++ model: a program linking l2l::optimizer registers it by name
// before it calls l2l::cli::program(argc, argv) (on every rank: each rank runs
// main), and `run --optimizee NAME` then builds it through `make`, as the
// factory builds the built-in ones. examples/own_optimizee_cpp/ shows one.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "optimizer/farm/optimizee.hpp"

namespace l2l {

struct ExperimentConfig;

// Builds the optimizee from the run's config (seed, output, ...). It must give
// the same optimizee on every rank and when a stored run is read back.
using OptimizeeMaker = std::function<std::unique_ptr<Optimizee>(const ExperimentConfig&)>;

struct RegisteredOptimizee {
    std::string name;
    std::string description;  // one line, for `l2l run --help`
    OptimizeeMaker make;
};

// Adds `name`. Throws std::invalid_argument for a name that is empty, not a
// plain word (letters, digits, '_', '-'), built in, or registered already, and
// for an empty maker.
void register_optimizee(std::string name, std::string description, OptimizeeMaker make);

// The registered optimizee called `name`, or nullptr.
const RegisteredOptimizee* find_registered_optimizee(std::string_view name);

// Every name `--optimizee` accepts: the built-in ones, then the registered ones.
std::vector<std::string> optimizee_names();

}  // namespace l2l
