// `initial_genome = PATH`: the genome file a fresh run starts from, read and
// checked against the optimizee before any work.
#pragma once

#include <filesystem>

#include "optimizer/algorithms/genome.hpp"
#include "optimizer/farm/optimizee.hpp"
#include "optimizer/run/experiment_config.hpp"

namespace l2l {

// The genome of config.initial_genome (empty when none is set); a relative path
// is taken from `config_folder`. Throws ConfigError naming the option and the
// value when the file is missing or not a genome file, its length differs from
// the optimizee's genome, its gene names differ, or a gene is NaN or outside
// the optimizee's bounds.
Genome read_initial_genome(const ExperimentConfig& config, const Optimizee& optimizee,
                           const std::filesystem::path& config_folder);

}  // namespace l2l
