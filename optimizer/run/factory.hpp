// Builds the optimizee and optimizer a validated config names.
#pragma once

#include <memory>
#include <optional>

#include "optimizer/run/experiment_config.hpp"
#include "optimizer/farm/optimizee.hpp"
#include "optimizer/algorithms/optimizer.hpp"

namespace l2l {

std::unique_ptr<Optimizee> make_optimizee(const ExperimentConfig& config);
// `initial` (read_initial_genome; empty: none) is where the optimizer starts:
// the ES family's initial mean, the GA's first individual.
std::unique_ptr<Optimizer> make_optimizer(const ExperimentConfig& config, const Optimizee& optimizee,
                                          Genome initial = {});

// The shared noise table of snes, sepcma and openai_es (its seed derived from
// the run seed); nothing for the other optimizers.
std::optional<NoiseTableSpec> noise_table_spec(const ExperimentConfig& config);

}  // namespace l2l
