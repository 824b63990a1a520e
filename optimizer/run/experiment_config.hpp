// Everything that defines a run. Filled from the TOML config file and the
// command line (optimizer/run_options.cpp), validated once on rank 0, then
// serialised to the other ranks (and into checkpoints).
#pragma once

#include <boost/serialization/version.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "optimizer/algorithms/cma_es.hpp"
#include "optimizer/algorithms/ensemble_kalman.hpp"
#include "optimizer/algorithms/evolution_strategies.hpp"
#include "optimizer/farm/farm.hpp"
#include "optimizer/algorithms/genetic_algorithm.hpp"
#include "optimizer/algorithms/grid_search.hpp"
#include "optimizer/algorithms/noise_table.hpp"
#include "optimizer/algorithms/openai_es.hpp"
#include "optimizer/algorithms/random_search.hpp"
#include "optimizer/algorithms/sep_cmaes.hpp"
#include "optimizer/algorithms/snes.hpp"
#include "optimizer/run/command_config.hpp"

namespace l2l {

// Bad configuration: the run must stop before any work with exit code 2.
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Boost 1.74 serialises boost::optional only; this works for both directions.
template <class Archive>
void serialize_optional(Archive& ar, std::optional<double>& value) {
    bool present = value.has_value();
    double number = value.value_or(0.0);
    ar & present & number;
    if (present) {
        value = number;
    } else {
        value.reset();
    }
}

struct BenchmarkConfig {
    std::string function = "sphere";
    std::size_t dimension = 10;
    std::optional<double> lower;  // default: the function's customary domain
    std::optional<double> upper;
    // What one evaluation costs on top of the function, for farm and scale
    // measurements: seconds, spent sleeping or busy (eval_cost). Serialised by
    // ExperimentConfig (version 2).
    double eval_seconds = 0.0;
    std::string eval_cost = "sleep";  // sleep | busy

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & function & dimension;
        serialize_optional(ar, lower);
        serialize_optional(ar, upper);
    }
};

// `optimizee = "snn"`: a spiking-network agent (simulator/) evaluated on tasks
// of a built-in environment (environments/).
struct SnnConfig {
    std::string environment = "mountaincar";  // registry section (l2l env list)
    std::size_t tasks = 1;                    // episodes per evaluation, one task each
    std::string aggregation = "mean";         // of the per-task objectives: mean | min | median
    // Which tasks an evaluation sees: "generation" (the same for the whole
    // generation: common random numbers), "individual", or "fixed" (all run long).
    std::string task_seeds = "generation";
    std::string network_file;  // TOML with [network] and [agent]; else the sections below
    std::string network;       // the [network] table as TOML text
    std::string agent;         // the [agent] table as TOML text
    // `section.key` -> value as typed, for environment parameters (parsed by the registry).
    std::map<std::string, std::string> environment_parameters;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & environment & tasks & aggregation & task_seeds & network_file & network & agent & environment_parameters;
    }
};

struct FarmConfig {
    std::string mode = "auto";  // auto | serial | mpi
    FarmOptions options;

    // Version 1 added silence_warning, 2 master_evaluates, 3 population_encoding (older checkpoints
    // read with the defaults).
    template <class Archive>
    void serialize(Archive& ar, unsigned version) {
        ar & mode & options.tasks_in_flight & options.batch_size & options.spin_us & options.max_sleep_us;
        if (version >= 1) ar & options.silence_warning;
        if (version >= 2) ar & options.master_evaluates;
        if (version >= 3) ar & options.population_encoding;
    }
};

// [record]: what the results file keeps of each generation (results/record_policy.hpp).
struct RecordConfig {
    std::string policy = "auto";  // auto | full | every | best_and_state | none
    std::size_t every = 10;       // every (and auto above the limit): generations between stored populations
    double full_limit_mb = 2.0;   // auto: full populations while a generation's genomes take at most this (MB)
    int deflate = 0;              // gzip level (with shuffle) of the genome datasets; 0: none
    // /generations/outputs: all (every individual's outputs), auto (when the
    // optimizer uses them, enkf, or they are per-task results, not a benchmark's
    // residuals), none. Serialised by ExperimentConfig (version 3).
    std::string outputs = "auto";

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & policy & every & full_limit_mb & deflate;
    }
};

struct ExperimentConfig {
    std::uint64_t seed = 42;
    std::size_t generations = 100;
    std::size_t population = 32;
    std::string optimizer = "ga";
    std::string optimizee = "benchmark";
    std::string output = "l2l_run.h5";
    // Stop early once the best fitness of a generation reaches this value.
    double target_fitness = std::numeric_limits<double>::infinity();
    // Fitness recorded for an evaluation that threw, returned NaN/inf or timed out.
    double failure_fitness = -1.0e300;
    // Seconds an evaluation may take before it counts as failed (status timeout); 0 = no limit.
    double eval_timeout = 0.0;
    // Generations between checkpoints (<output>.ckpt); it is also written when the run ends or is interrupted.
    std::size_t checkpoint_every = 1;
    // Doubles in the shared noise table of snes, sepcma and openai_es (8 bytes
    // each, in every process); its seed is derived from `seed`.
    std::uint64_t noise_table_size = kDefaultNoiseTableSize;
    // Seconds between checkpoints at least: one is written when checkpoint_every
    // generations and checkpoint_seconds have passed, whichever comes later.
    double checkpoint_seconds = 10.0;
    // A genome file (`l2l replay --save-genome`) the run starts from: the ES
    // family's initial mean, the GA's first individual (the others mutated
    // copies of it); "" = none (the optimizer's own start). Read on a fresh run
    // only: a resumed run takes its state from the checkpoint.
    std::string initial_genome;

    // Each optimizer's own section; their `population` is taken from the
    // top-level `population` (CMA-ES, SNES, sep-CMA-ES: their own population,
    // 0 = 4 + floor(3 ln n)).
    GaOptions ga;
    EvolutionStrategiesOptions es;
    EnsembleKalmanOptions enkf;
    CmaEsOptions cmaes;
    SnesOptions snes;
    SepCmaEsOptions sepcma;
    OpenAiEsOptions openai_es;
    RandomSearchOptions random;
    GridSearchOptions grid;
    BenchmarkConfig benchmark;
    SnnConfig snn;
    CommandConfig command;
    FarmConfig farm;
    RecordConfig record;

    // Version 1 added `command` and `record` (a checkpoint of version 0 reads as record.policy = full);
    // version 2 snes, sepcma, openai_es and noise_table_size.
    // version 3 checkpoint_seconds and record.outputs (older ones read as 0 and all: their behaviour);
    // version 4 initial_genome (older ones read as "": none).
    template <class Archive>
    void serialize(Archive& ar, unsigned version) {
        ar & seed & generations & population & optimizer & optimizee & output & target_fitness & failure_fitness &
            eval_timeout & checkpoint_every & ga & es & enkf & cmaes & random & grid & benchmark & snn;
        if (version >= 1) ar & command;
        ar & farm;
        if (version >= 1) {
            ar & record;
        } else {
            record.policy = "full";
        }
        if (version >= 2) ar & snes & sepcma & openai_es & noise_table_size;
        if (version >= 3) {
            ar & checkpoint_seconds & record.outputs & benchmark.eval_seconds & benchmark.eval_cost;
        } else {
            checkpoint_seconds = 0.0;
            record.outputs = "all";
        }
        if (version >= 4) ar & initial_genome;
    }
};

}  // namespace l2l

BOOST_CLASS_VERSION(l2l::FarmConfig, 3)

namespace l2l {

// The optimizers that can start from `initial_genome` (the others have no single
// starting point: grid, random, enkf).
bool starts_from_genome(const std::string& optimizer);
// ConfigError when initial_genome is set for an optimizer that cannot start from it.
void check_starts_from_genome(const ExperimentConfig& config);

// Cross-field checks that single-option validators cannot express; throws
// ConfigError naming the keys, the values and what is allowed.
void validate(const ExperimentConfig& config);

// The config sections this run uses: "" (top level), the optimizer's, the
// optimizee's (snn: also [network], [agent] and the environment's section),
// record and farm. The results file and checkpoints store only these.
std::set<std::string> used_sections(const ExperimentConfig& config);

// `config` with every section the run does not use at its defaults (what the
// stored config text says of them), so that runs compare by what they use.
ExperimentConfig without_unused_sections(ExperimentConfig config);

// Bytes for MPI broadcast and checkpoints (Boost binary archive) and back.
std::string serialize_config(const ExperimentConfig& config);
ExperimentConfig deserialize_config(const std::string& bytes);

}  // namespace l2l

BOOST_CLASS_VERSION(l2l::ExperimentConfig, 4)
