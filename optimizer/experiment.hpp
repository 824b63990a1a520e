// The generation loop on the master: ask -> farm -> tell -> record -> log.
#pragma once

#include <cstdint>
#include <vector>

#include "optimizer/experiment_config.hpp"
#include "optimizer/farm.hpp"
#include "optimizer/optimizer.hpp"
#include "optimizer/results_writer.hpp"

namespace l2l {

struct ExperimentOutcome {
    std::uint64_t generations = 0;
    std::uint64_t evaluations = 0;
    std::uint64_t failures = 0;
    double best_fitness = 0.0;
    std::int64_t best_generation = -1;
    Genome best_genome;
    bool reached_target = false;
    bool converged = false;
    double seconds = 0.0;
};

// Statistics over the evaluations that succeeded (failures would drag the
// mean to the penalty); NaN when none did.
struct FitnessStats {
    double best;
    double mean;
    double std;
};
FitnessStats fitness_stats(std::span<const EvalResult> results);

ExperimentOutcome run_experiment(const ExperimentConfig& config, Optimizer& optimizer, Farm& farm,
                                 ResultsWriter& writer);

}  // namespace l2l
