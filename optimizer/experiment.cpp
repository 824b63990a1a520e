#include "optimizer/experiment.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <limits>

#include "optimizer/progress_log.hpp"

namespace l2l {

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
                                 ResultsWriter& writer) {
    ExperimentOutcome outcome;
    outcome.best_fitness = -std::numeric_limits<double>::infinity();
    ProgressLog progress(config.generations);

    for (std::uint64_t generation = 0; generation < config.generations; ++generation) {
        const auto start = std::chrono::steady_clock::now();
        const std::vector<Genome> genomes = optimizer.ask();
        std::vector<EvalTask> tasks(genomes.size());
        for (std::size_t i = 0; i < genomes.size(); ++i) tasks[i] = {generation, i, genomes[i]};

        std::vector<EvalResult> results = farm.evaluate(tasks);

        double eval_time = 0.0;
        for (auto& r : results) {
            eval_time += r.seconds;
            if (r.status != EvalStatus::ok) {
                ++outcome.failures;
                spdlog::warn("generation {} individual {}: evaluation failed ({}), fitness set to {}", generation,
                             r.index, r.error, config.failure_fitness);
                r.fitness = config.failure_fitness;
            }
        }
        const FitnessStats stats = fitness_stats(results);
        for (std::size_t i = 0; i < results.size(); ++i) {
            // Strictly better: the earliest best individual is kept on ties.
            if (results[i].status == EvalStatus::ok && results[i].fitness > outcome.best_fitness) {
                outcome.best_fitness = results[i].fitness;
                outcome.best_genome = genomes[i];
                outcome.best_generation = static_cast<std::int64_t>(generation);
            }
        }
        optimizer.tell(genomes, results);
        outcome.evaluations += results.size();
        outcome.generations = generation + 1;

        if (outcome.best_genome.empty()) outcome.best_genome.assign(genomes.front().size(), std::nan(""));
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
        record.best_genome = outcome.best_genome;
        record.best_fitness = outcome.best_fitness;
        record.best_generation = outcome.best_generation;
        record.wall_time = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        writer.append(record);

        progress.generation(generation, stats.best, stats.mean, results.size(), outcome.best_fitness);
        if (stats.best >= config.target_fitness) {
            outcome.reached_target = true;
            spdlog::info("target fitness {} reached at generation {}", config.target_fitness, generation);
            break;
        }
        if (optimizer.converged()) {
            outcome.converged = true;
            spdlog::info("optimizer {} converged at generation {}", optimizer.name(), generation);
            break;
        }
    }
    outcome.seconds = progress.elapsed_seconds();
    return outcome;
}

}  // namespace l2l
