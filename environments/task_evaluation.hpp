// Runs a policy on tasks of a family: one episode per task, per-task objective,
// return and length, and their aggregate. This is what the optimizee calls with
// its spiking agent as the Policy.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "environments/environment.hpp"

namespace l2l::env {

enum class Aggregation { mean, min, median };

// "mean" | "min" | "median"; throws std::invalid_argument listing them otherwise.
Aggregation parse_aggregation(std::string_view text);
std::string_view to_string(Aggregation aggregation);
// Of a nonempty list; the median of an even count is the mean of the middle two.
double aggregate(std::span<const double> values, Aggregation aggregation);

struct EpisodeOutcome {
    double objective = 0.0;
    double episode_return = 0.0;
    std::uint64_t length = 0;  // steps
};

// Seeds of one task: the task itself (family.make), the environment's reset and
// the policy's reset are independent streams of task_seed.
std::uint64_t environment_reset_seed(std::uint64_t task_seed);
std::uint64_t policy_reset_seed(std::uint64_t task_seed);

// task_seeds(s, n)[i] = derive_seed({s, i}): n tasks, a pure function of s.
std::vector<std::uint64_t> task_seeds(std::uint64_t evaluation_seed, std::size_t n_tasks);

// env.reset(env_seed), policy.reset(policy_seed), then act/step until done.
// `max_steps` guards environments without a time limit (0: no guard).
EpisodeOutcome run_episode(Environment& env, Policy& policy, std::uint64_t env_seed, std::uint64_t policy_seed,
                           std::uint64_t max_steps = 0);

struct TaskEvaluation {
    std::vector<double> objectives;  // one per task, in task order
    std::vector<double> returns;
    std::vector<std::uint64_t> lengths;
    double aggregate = 0.0;  // of the objectives
    std::uint64_t total_steps = 0;
};

// One episode per task seed: family.make(seed), then run_episode with the
// derived reset seeds. Throws std::invalid_argument on an empty seed list.
TaskEvaluation evaluate_on_tasks(const TaskFamily& family, Policy& policy, std::span<const std::uint64_t> task_seeds,
                                 Aggregation aggregation = Aggregation::mean);

}  // namespace l2l::env
