// Refuses, before anything is allocated, a run whose generations cannot fit:
// the genomes (and outputs) of a generation in memory, a few copies of them,
// and in one chunk of the results file (HDF5 chunks hold at most 4 GiB), and
// the n x n matrices of CMA-ES and EnKF. Without it, a config asking for
// 10^9 individuals or genes ends in the kernel's out-of-memory killer.
#pragma once

#include <cstddef>

#include "optimizer/run/experiment_config.hpp"

namespace l2l {

// Throws ConfigError naming the keys, the size asked for and the limit.
void check_run_size(const ExperimentConfig& config, std::size_t genome_size, std::size_t output_size);

}  // namespace l2l
