#include "optimizer/run/experiment.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "optimizer/algorithms/fitness_ranking.hpp"
#include "optimizer/farm/interrupt.hpp"
#include "optimizer/run/progress_log.hpp"

namespace l2l {
namespace {

const char* status_name(EvalStatus status) {
    switch (status) {
        case EvalStatus::ok: return "ok";
        case EvalStatus::non_finite: return "non-finite fitness";
        case EvalStatus::exception: return "threw";
        case EvalStatus::timeout: return "timed out";
        case EvalStatus::command_failed: return "command failed";
        case EvalStatus::bad_answer: return "gave no valid answer";
    }
    return "?";
}

// The MPI farm's batch size once it is known, and whenever it changes.
void log_batch_size(const FarmStats& stats, std::size_t& logged) {
    if (stats.messages == 0 || stats.batch_size == logged) return;
    if (stats.batch_size_given) {
        spdlog::info("farm: batch size {} (farm.batch_size)", stats.batch_size);
    } else if (stats.latency_seconds >= 0.0) {
        spdlog::info("farm: batch size {}: latency {:.0f} us, evaluation {:.3g} us per individual (automatic: "
                     "latency at most 5 % of a batch, at least 8 batches per worker; farm.batch_size sets it)",
                     stats.batch_size, 1e6 * stats.latency_seconds, 1e6 * stats.evaluation_seconds);
    } else {
        return;  // still measuring (one individual per message)
    }
    logged = stats.batch_size;
}

}  // namespace

FitnessStats fitness_stats(std::span<const EvalResult> results) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    double best = -std::numeric_limits<double>::infinity();
    double sum = 0.0;
    std::size_t n = 0;
    for (const auto& r : results) {
        if (r.status != EvalStatus::ok) continue;
        best = std::max(best, r.fitness);
        sum += r.fitness;
        ++n;
    }
    if (n == 0) return {nan, nan, nan};
    const double mean = sum / static_cast<double>(n);
    double squares = 0.0;
    for (const auto& r : results) {
        if (r.status == EvalStatus::ok) squares += (r.fitness - mean) * (r.fitness - mean);
    }
    return {best, mean, std::sqrt(squares / static_cast<double>(n))};
}

ExperimentOutcome run_experiment(const ExperimentConfig& config, Optimizer& optimizer, Farm& farm,
                                 ResultsWriter& writer, Checkpointer* checkpointer, const RunProgress& start,
                                 const RunLock* lock) {
    ExperimentOutcome outcome;
    outcome.progress = start;
    RunProgress& progress = outcome.progress;
    ProgressLog log(config.generations, start.generations);
    std::size_t logged_batch_size = 0;
    std::set<std::string> unrecorded_info;  // info keys warned about

    auto interrupt = [&] {
        outcome.interrupted = true;
        outcome.signal = stop_signal();
        if (outcome.stop_reason.empty()) outcome.stop_reason = signal_name(outcome.signal);
        // The last finished generation may not be on disk yet (not due, a write in flight); the file first.
        if (checkpointer != nullptr) {
            writer.flush();
            checkpointer->finish();
        }
    };

    for (std::uint64_t generation = start.generations;
         generation < config.generations && progress.stopped_by.empty(); ++generation) {
        if (stop_requested()) {
            interrupt();
            break;
        }
        const auto begin = std::chrono::steady_clock::now();
        const std::vector<Genome> genomes = optimizer.ask();
        // Taken before tell() changes it: what the population was drawn from.
        const PopulationState state = writer.records_state() ? optimizer.population_state() : PopulationState{};
        std::vector<EvalTask> tasks(genomes.size());
        for (std::size_t i = 0; i < genomes.size(); ++i) tasks[i] = {generation, i, genomes[i]};

        std::vector<EvalResult> results;
        try {
            results = farm.evaluate(tasks, optimizer.population_encoding());
            log_batch_size(farm.stats(), logged_batch_size);
        } catch (const GenerationAbandoned& e) {
            spdlog::warn("{}: generation {} abandoned ({})", signal_name(stop_signal()), generation, e.what());
            interrupt();
            break;
        } catch (const NoWorkersLeft& e) {
            // Like a stop signal: the generation in flight is dropped, the checkpoint written.
            spdlog::error("generation {} abandoned: {}", generation, e.what());
            outcome.stop_reason = e.what();
            interrupt();
            break;
        }

        double eval_time = 0.0;
        std::size_t failed = 0;
        std::map<std::string, std::size_t> failed_by_status;
        std::string first_error;
        for (auto& r : results) {
            eval_time += r.seconds;
            if (r.status != EvalStatus::ok) {
                ++progress.failures;
                ++failed;
                ++failed_by_status[status_name(r.status)];
                if (first_error.empty()) {
                    first_error = fmt::format("individual {} {}: {}", r.index, status_name(r.status), r.error);
                }
                spdlog::warn("generation {} individual {}: evaluation {} ({}); fitness set to failure_fitness = {}",
                             generation, r.index, status_name(r.status), r.error, config.failure_fitness);
                r.fitness = config.failure_fitness;
            }
        }
        const FitnessStats stats = fitness_stats(results);
        if (keep_best(genomes, results, progress.best_genome, progress.best_fitness)) {
            progress.best_generation = static_cast<std::int64_t>(generation);
        }
        optimizer.tell(genomes, results);
        progress.evaluations += results.size();
        progress.generations = generation + 1;
        ++outcome.generations_run;

        if (progress.best_genome.empty()) progress.best_genome.assign(genomes.front().size(), std::nan(""));
        GenerationRecord record;
        record.generation = generation;
        record.genomes = genomes;
        record.results = results;
        record.best = stats.best;
        record.mean = stats.mean;
        record.std = stats.std;
        record.evaluations = static_cast<std::int64_t>(results.size());
        record.eval_time = eval_time;
        record.summary = optimizer.summary();
        record.state = &state;
        for (std::size_t i = 0; i < results.size(); ++i) {
            if (results[i].status == EvalStatus::ok && results[i].fitness == stats.best) {
                record.best_index = static_cast<std::int64_t>(i);
                break;
            }
        }
        record.best_genome = progress.best_genome;
        record.best_fitness = progress.best_fitness;
        record.best_generation = progress.best_generation;
        record.wall_time = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        if (lock != nullptr) lock->verify();  // one writer per file, also when the lock file was removed
        // A checkpoint that failed (disk full, folder read-only) stops the run
        // before the file runs ahead of the last good checkpoint.
        if (checkpointer != nullptr) checkpointer->check();
        writer.append(record);                // checks the file is still ours, every write and the flush
        for (const EvalResult& r : results) {
            for (const auto& [key, value] : r.info) {
                const auto& recorded = writer.info_keys();
                if (std::find(recorded.begin(), recorded.end(), key) != recorded.end() || !unrecorded_info.insert(key).second) {
                    continue;
                }
                spdlog::warn("info key '{}' first appeared in generation {}: /generations/info holds the keys of the "
                             "first generation only; it is not recorded",
                             key, generation);
            }
        }

        log.generation(generation, stats.best, stats.mean, results.size(), progress.best_fitness);
        if (!results.empty() && failed == results.size()) {
            std::string counts;
            for (const auto& [status, count] : failed_by_status) {
                counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", count, status);
            }
            const std::string what = fmt::format("generation {}: all {} evaluations failed ({}; first: {})",
                                                 generation, results.size(), counts, first_error);
            if (progress.best_generation < 0) {
                // Nothing this run evaluated has ever worked: more generations would only repeat it.
                outcome.nothing_succeeded = true;
                outcome.failure = fmt::format(
                    "{}; no evaluation of this run has succeeded, so it stops here (the results file and the "
                    "checkpoint hold generation {}). Fix the cause (gene bounds, network, environment, eval_timeout) "
                    "and start again",
                    what, generation);
            } else {
                spdlog::error("{}; the optimizer goes on from the best so far (fitness {:.10g}, generation {})", what,
                              progress.best_fitness, progress.best_generation);
            }
        }
        if (stats.best >= config.target_fitness) {
            outcome.reached_target = true;
            progress.stopped_by = "target fitness reached";
            spdlog::info("target fitness {} reached at generation {}", config.target_fitness, generation);
        } else if (optimizer.converged()) {
            outcome.converged = true;
            progress.stopped_by = "optimizer converged";
            spdlog::info("optimizer {} converged at generation {}", optimizer.name(), generation);
        }
        // After the results file holds the generation: a checkpoint never runs ahead of the file.
        if (checkpointer != nullptr) {
            const bool last = progress.generations == config.generations || outcome.nothing_succeeded;
            if (checkpointer->due(progress, last)) writer.flush();  // the file on disk first
            checkpointer->record(progress, optimizer, writer.population_width(), last);
        }
        // The whole generation, the append and the checkpoint included.
        writer.complete_wall_time(std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count());
        if (outcome.nothing_succeeded) break;
    }
    outcome.seconds = log.elapsed_seconds();
    return outcome;
}

}  // namespace l2l
