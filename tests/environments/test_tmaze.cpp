#include <doctest/doctest.h>

#include <cmath>

#include "environments/policies.hpp"
#include "environments/registry.hpp"
#include "environments/task_evaluation.hpp"
#include "environments/tmaze.hpp"

using namespace l2l::env;

TEST_CASE("T-maze label statistics follow the majority probability") {
    TMazeParams params;
    params.n_trials = 20000;
    const TMazeTrials trials = draw_tmaze_trials(params, 11);
    std::uint64_t on_majority = 0;
    std::uint64_t majority_left = 0;
    std::uint64_t label_left = 0;
    std::uint64_t label_is_majority = 0;
    for (std::uint64_t t = 0; t < params.n_trials; ++t) {
        majority_left += trials.majority_left[t];
        const bool label = trials.left_has_more(t);
        label_left += label ? 1U : 0U;
        label_is_majority += label == (trials.majority_left[t] != 0) ? 1U : 0U;
        for (std::uint64_t k = 0; k < params.n_cues; ++k) {
            on_majority += trials.cue_left[t * params.n_cues + k] == trials.majority_left[t] ? 1U : 0U;
        }
    }
    const double n = static_cast<double>(params.n_trials);
    CHECK(static_cast<double>(on_majority) / (n * 7.0) == doctest::Approx(0.7).epsilon(0.02));
    CHECK(static_cast<double>(majority_left) / n == doctest::Approx(0.5).epsilon(0.03));
    CHECK(static_cast<double>(label_left) / n == doctest::Approx(0.5).epsilon(0.03));
    // P(Binomial(7, 0.7) >= 4) = 0.873964
    CHECK(static_cast<double>(label_is_majority) / n == doctest::Approx(0.873964).epsilon(0.02));
}

TEST_CASE("T-maze cues occupy [50 + 150k, 150 + 150k) ms and the reward comes at the trial's end") {
    TMazeParams params;
    params.n_trials = 2;
    params.neurons_per_group = 1;
    params.background_rate_hz = 0.0;
    params.cue_rate_hz = 1000.0;  // one spike per ms: the observation shows the timing exactly
    params.decision_rate_hz = 1000.0;
    TMaze env(params, draw_tmaze_trials(params, 3));
    env.reset(0);
    Action silent;
    silent.continuous = {0.0, 0.0};
    for (std::uint64_t t = 0; t < 2250; ++t) {
        const auto obs = env.observation();
        const bool in_cue = t >= 50 && t < 1100 && (t - 50) % 150 < 100;
        const std::uint64_t k = in_cue ? (t - 50) / 150 : 0;
        const bool left = in_cue && env.trials().cue_left[k] != 0;
        REQUIRE(obs[0] == (in_cue && left ? 1.0 : 0.0));
        REQUIRE(obs[1] == (in_cue && !left ? 1.0 : 0.0));
        REQUIRE(obs[2] == (t >= 2100 ? 1.0 : 0.0));
        REQUIRE(obs[3] == 0.0);
        const StepResult result = env.step(silent);
        REQUIRE(result.reward == (t == 2249 ? -1.0 : 0.0));  // silence is a tie: wrong
        REQUIRE_FALSE(result.done());
    }
    CHECK(env.trials_done() == 1);
}

TEST_CASE("T-maze: votes outside the decision period do not count; the right answer earns +1") {
    TMazeParams params;
    params.n_trials = 1;
    TMaze env(params, draw_tmaze_trials(params, 5));
    const bool left = env.trials().left_has_more(0);
    env.reset(1);
    Action wrong;
    wrong.continuous = {left ? 0.0 : 1.0, left ? 1.0 : 0.0};
    Action right;
    right.continuous = {left ? 1.0 : 0.0, left ? 0.0 : 1.0};
    StepResult result;
    for (std::uint64_t t = 0; t < 2250; ++t) result = env.step(t < 2100 ? wrong : right);
    CHECK(result.terminated);
    CHECK(result.reward == 1.0);
    CHECK(env.objective(1.0) == 1.0);
}

TEST_CASE("T-maze counting heuristic reaches the documented accuracy") {
    const auto family = make_family("TMaze");
    const auto probe = family->make(0);
    auto policy = make_heuristic_policy(*probe);
    const auto seeds = task_seeds(2024, 3);
    const TaskEvaluation standard = evaluate_on_tasks(*family, *policy, seeds);
    CHECK(standard.aggregate >= 0.95);  // documented: 0.978 over 100 tasks
    RandomPolicy random(probe->action_space());
    const TaskEvaluation chance = evaluate_on_tasks(*family, random, seeds);
    CHECK(chance.aggregate < 0.6);

    const auto noisy_family = make_family("TMaze", {{"noise", std::string("high")}});
    const TaskEvaluation noisy = evaluate_on_tasks(*noisy_family, *policy, seeds);
    CHECK(noisy.aggregate < standard.aggregate);
    CHECK(noisy.aggregate >= 0.85);  // documented: 0.937 over 100 tasks
}
