#include "environments/task_evaluation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "common/random.hpp"

namespace l2l::env {

Aggregation parse_aggregation(std::string_view text) {
    if (text == "mean") return Aggregation::mean;
    if (text == "min") return Aggregation::min;
    if (text == "median") return Aggregation::median;
    throw std::invalid_argument(fmt::format("unknown aggregation '{}'; expected one of mean, min, median", text));
}

std::string_view to_string(Aggregation aggregation) {
    switch (aggregation) {
        case Aggregation::mean:
            return "mean";
        case Aggregation::min:
            return "min";
        case Aggregation::median:
            return "median";
    }
    return "?";
}

double aggregate(std::span<const double> values, Aggregation aggregation) {
    if (values.empty()) throw std::invalid_argument("aggregate of an empty list");
    switch (aggregation) {
        case Aggregation::mean: {
            double sum = 0.0;
            for (double v : values) sum += v;
            return sum / static_cast<double>(values.size());
        }
        case Aggregation::min:
            return *std::min_element(values.begin(), values.end());
        case Aggregation::median: {
            std::vector<double> sorted(values.begin(), values.end());
            std::sort(sorted.begin(), sorted.end());
            const std::size_t mid = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
        }
    }
    return 0.0;
}

std::uint64_t environment_reset_seed(std::uint64_t task_seed) { return derive_seed({task_seed, 0x656e76U}); }
std::uint64_t policy_reset_seed(std::uint64_t task_seed) { return derive_seed({task_seed, 0x706f6cU}); }

std::vector<std::uint64_t> task_seeds(std::uint64_t evaluation_seed, std::size_t n_tasks) {
    std::vector<std::uint64_t> seeds(n_tasks);
    for (std::size_t i = 0; i < n_tasks; ++i) seeds[i] = derive_seed({evaluation_seed, i});
    return seeds;
}

EpisodeOutcome run_episode(Environment& env, Policy& policy, std::uint64_t env_seed, std::uint64_t policy_seed,
                           std::uint64_t max_steps) {
    env.reset(env_seed);
    policy.reset(policy_seed);
    EpisodeOutcome outcome;
    double reward = 0.0;
    for (;;) {
        const StepResult result = env.step(policy.act(env.observation(), reward));
        reward = result.reward;
        outcome.episode_return += reward;
        ++outcome.length;
        if (result.done() || outcome.length == max_steps) break;
    }
    outcome.objective = env.objective(outcome.episode_return);
    return outcome;
}

TaskEvaluation evaluate_on_tasks(const TaskFamily& family, Policy& policy, std::span<const std::uint64_t> seeds,
                                 Aggregation aggregation) {
    if (seeds.empty()) throw std::invalid_argument("evaluate_on_tasks needs at least one task seed");
    TaskEvaluation evaluation;
    evaluation.objectives.reserve(seeds.size());
    evaluation.returns.reserve(seeds.size());
    evaluation.lengths.reserve(seeds.size());
    for (const std::uint64_t seed : seeds) {
        const std::unique_ptr<Environment> env = family.make(seed);
        const EpisodeOutcome outcome =
            run_episode(*env, policy, environment_reset_seed(seed), policy_reset_seed(seed));
        evaluation.objectives.push_back(outcome.objective);
        evaluation.returns.push_back(outcome.episode_return);
        evaluation.lengths.push_back(outcome.length);
        evaluation.total_steps += outcome.length;
    }
    evaluation.aggregate = aggregate(evaluation.objectives, aggregation);
    return evaluation;
}

}  // namespace l2l::env
