// Refuses, before anything is allocated, a run whose generations cannot fit:
// the genomes (and outputs) of a generation in memory, a few copies of them,
// and in one chunk of the results file (HDF5 chunks hold at most 4 GiB), and
// the n x n matrices of CMA-ES and EnKF. Without it, a config asking for
// 10^9 individuals or genes ends in the kernel's out-of-memory killer.
#pragma once

#include <cstddef>

#include <string>

#include "optimizer/farm/optimizee.hpp"
#include "optimizer/results/record_policy.hpp"
#include "optimizer/run/experiment_config.hpp"
#include "simulator/network_spec.hpp"

namespace l2l {

// Throws ConfigError naming the keys, the size asked for and the limit.
// The outputs per individual the results file keeps: the optimizee's under
// record.outputs = all, and under auto when the optimizer uses them (enkf) or they
// are results a user reads (Optimizee::outputs_are_results: per-task returns of
// snn, a command's outputs; not a benchmark's residuals); else 0.
std::size_t recorded_output_size(const ExperimentConfig& config, const Optimizee& optimizee);

void check_run_size(const ExperimentConfig& config, std::size_t genome_size, std::size_t output_size);

// Refuses, before the network is built, one that cannot fit: a process holds
// the prototype network and the copy an evaluation builds (weights, plastic
// state, neurons and their delay lines) and the genome map. Throws ConfigError
// naming the largest projection (network.projections[i]) or population, the
// bytes needed and what this machine (or this process's limit) has; also a
// sparse projection with more synapses than its 32-bit indices can hold.
void check_network_size(const sim::NetworkSpec& network);

// The population as the run will have it, for the log at start: "population 20
// (4 + floor(3 ln n))" for CMA-ES by default, "population 10 (15 grid points,
// each once: 2 generations, the last of 5)" for grid search.
std::string population_text(const ExperimentConfig& config, std::size_t genome_size);

// The population option of the optimizers that have one of their own (cmaes, snes, sepcma
// .population; 0: 4 + floor(3 ln n)); nullptr for the others.
const std::size_t* own_population(const ExperimentConfig& config);
std::size_t* own_population(ExperimentConfig& config);

// Physical memory, or this process's address-space limit if lower (bytes).
double available_memory_bytes();

// The [record] section made concrete: record.policy = auto becomes full while a
// generation's genomes take at most record.full_limit_mb, else every
// record.every generations (with the best individual and the optimizer's state).
RecordPolicy resolve_record_policy(const ExperimentConfig& config, std::size_t genome_size);

// What the policy costs this run, for the log at start: "recording full
// populations every 10 generations, ...: 37 MB per 100 generations (uncompressed)".
std::string record_policy_line(const RecordPolicy& policy, const ExperimentConfig& config, std::size_t genome_size,
                               std::size_t output_size);

}  // namespace l2l
