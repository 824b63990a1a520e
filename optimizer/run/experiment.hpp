// The generation loop on the master: ask -> farm -> tell -> record -> checkpoint -> log.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "optimizer/results/checkpoint.hpp"
#include "optimizer/results/checkpointer.hpp"
#include "optimizer/run/experiment_config.hpp"
#include "optimizer/farm/farm.hpp"
#include "optimizer/algorithms/optimizer.hpp"
#include "optimizer/results/results_writer.hpp"

namespace l2l {

struct ExperimentOutcome {
    RunProgress progress;             // after the last finished generation
    std::uint64_t generations_run = 0;  // by this process (a resumed run started later)
    bool reached_target = false;
    bool converged = false;
    // A stop signal ended the run; the generation in flight (if any) was abandoned.
    bool interrupted = false;
    int signal = 0;
    // Why the run was interrupted: the signal's name, or that no MPI worker is left.
    std::string stop_reason;
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

// Runs generations start.generations .. config.generations - 1 (a fresh run
// starts from RunProgress{}; a resumed one from its checkpoint's progress, with
// the optimizer's state loaded). `checkpointer` may be null (no checkpoints).
ExperimentOutcome run_experiment(const ExperimentConfig& config, Optimizer& optimizer, Farm& farm,
                                 ResultsWriter& writer, Checkpointer* checkpointer, const RunProgress& start = {});

}  // namespace l2l
