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
#include "optimizer/run/run_lock.hpp"

namespace l2l {

struct ExperimentOutcome {
    RunProgress progress;             // after the last finished generation
    std::uint64_t generations_run = 0;  // by this process (a resumed run started later)
    bool reached_target = false;
    bool converged = false;
    // A stop signal ended the run; the generation in flight (if any) was abandoned.
    bool interrupted = false;
    int signal = 0;
    // Every evaluation of a generation failed and no evaluation of the run has
    // ever succeeded (bounds that give non-finite genes, a network or
    // environment that always throws, an eval_timeout too short): the run
    // stopped after recording that generation (file and checkpoint hold it);
    // `failure` says so with the counts and the first error. Exit 1, status failed.
    bool nothing_succeeded = false;
    std::string failure;
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
// `lock` (may be null) is verified before each generation is written.
// A storage fault throws StorageError from the generation it happens in (a
// checkpoint written in the background: from the next one).
ExperimentOutcome run_experiment(const ExperimentConfig& config, Optimizer& optimizer, Farm& farm,
                                 ResultsWriter& writer, Checkpointer* checkpointer, const RunProgress& start = {},
                                 const RunLock* lock = nullptr);

}  // namespace l2l
