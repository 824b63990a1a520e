// The options of `l2l run`: every field of ExperimentConfig as a CLI11 option
// (`--section.key`), settable from the TOML config file as `[section] key`.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "optimizer/run/experiment_config.hpp"

namespace l2l {

// Options that steer the program rather than define the experiment; they are
// not part of the config file.
struct RunFlags {
    std::string config_file;
    bool force = false;   // overwrite an existing output file
    bool resume = false;  // continue the run of the output file from its checkpoint
    bool quiet = false;   // warnings and errors only
    bool verbose = false; // debug messages
};

// Registers the options on `run` (the `run` subcommand), bound to `config` and `flags`.
void add_run_options(CLI::App& run, ExperimentConfig& config, RunFlags& flags);

// After parsing what the user gave: a top-level `population` set on the command
// line or in the config file is the population of CMA-ES, SNES and sep-CMA-ES too
// (cmaes/snes/sepcma.population, also in the option's result, so the stored
// config says it; without either, 4 + floor(3 ln n)). Throws ConfigError when
// both are set and differ.
void apply_given_population(CLI::App& run, ExperimentConfig& config);

}  // namespace l2l
