#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "environments/arena.hpp"
#include "environments/policies.hpp"
#include "environments/registry.hpp"
#include "environments/task_evaluation.hpp"

using namespace l2l::env;

namespace {
Action velocity(double vx, double vy) {
    Action action;
    action.continuous = {vx, vy};
    return action;
}
}  // namespace

TEST_CASE("arena: the agent starts inside, one step moves max_speed * 10 ms at most") {
    ArenaParams params;
    params.goal_angle = 0.0;
    Arena env(params);
    env.reset(9);
    CHECK(std::hypot(env.state()[0], env.state()[1]) <= 1.0);
    const std::array<double, 2> centre{0.0, 0.0};
    env.set_state(centre);
    const StepResult result = env.step(velocity(-30.0, 0.0));  // clipped to speed 5
    CHECK(env.state()[0] == doctest::Approx(-0.05).epsilon(1e-9));
    CHECK(result.reward == 0.0);
}

TEST_CASE("arena presets: memory (max_speed 5) by default, slow keeps the old max_speed 1, an explicit value wins") {
    const auto speed_of = [](const ParameterValues& values) {
        return dynamic_cast<const Arena&>(*make_family("Arena", values)->make(1)).params().max_speed;
    };
    CHECK(speed_of({}) == 5.0);
    CHECK(speed_of({{"preset", std::string("slow")}}) == 1.0);
    CHECK(speed_of({{"preset", std::string("slow")}, {"max_speed", 3.0}}) == 3.0);
}

TEST_CASE("arena wall: the move is cut back to the border and costs -0.02 once per step") {
    ArenaParams params;
    params.goal_angle = std::numbers::pi / 2;  // goal far from the wall we hit
    Arena env(params);
    env.reset(0);
    const std::array<double, 2> near_wall{-0.995, 0.0};
    env.set_state(near_wall);
    const StepResult result = env.step(velocity(-1.0, 0.0));
    CHECK(std::hypot(env.state()[0], env.state()[1]) <= 1.0 + 1e-12);
    CHECK(env.state()[0] == doctest::Approx(-1.0));
    CHECK(result.reward == doctest::Approx(-0.02));
    CHECK(env.path_lengths().empty());
}

TEST_CASE("arena goal: +1, the goal stays, the agent is re-placed away from it, path length recorded") {
    ArenaParams params;
    params.goal_angle = 0.0;  // goal at (1, 0)
    Arena env(params);
    env.reset(4);
    const std::array<double, 2> before_goal{0.7955, 0.0};
    env.set_state(before_goal);
    const StepResult result = env.step(velocity(1.0, 0.0));
    CHECK(result.reward == 1.0);
    CHECK(env.goals_reached() == 1);
    CHECK(env.goal()[0] == 1.0);
    REQUIRE(env.path_lengths().size() == 1);
    CHECK(env.path_lengths()[0] == doctest::Approx(0.005).epsilon(1e-6));  // 0.7955 -> 0.8005 enters the goal
    const double dx = env.state()[0] - 1.0;
    const double dy = env.state()[1];
    CHECK(std::hypot(dx, dy) > 0.2);
    CHECK(std::hypot(env.state()[0], env.state()[1]) <= 1.0);
    CHECK(env.objective(0.0) == 1.0);
}

TEST_CASE("arena shaping: goals + shaping x (1 - closest approach / 2 radii), restarted at every goal") {
    ArenaParams params;
    params.goal_angle = 0.0;  // goal at (1, 0)
    params.shaping = 0.5;
    Arena env(params);
    env.reset(4);
    const std::array<double, 2> near_goal{0.75, 0.0};
    env.set_state(near_goal);
    env.step(velocity(1.0, 0.0));  // to (0.76, 0): 0.24 from the goal's centre, outside its 0.2
    CHECK(env.goals_reached() == 0);
    CHECK(env.objective(0.0) == doctest::Approx(0.5 * (1.0 - 0.24 / 2.0)).epsilon(1e-12));
    env.step(velocity(5.0, 0.0));  // into the goal; the agent is re-placed, the closest approach restarts there
    REQUIRE(env.goals_reached() == 1);
    const double restart = std::hypot(env.state()[0] - 1.0, env.state()[1]);
    CHECK(env.objective(0.0) == doctest::Approx(1.0 + 0.5 * (1.0 - restart / 2.0)).epsilon(1e-12));
    // The option reaches the environment; 0 (the default) leaves goals only.
    const auto shaping_of = [](const ParameterValues& values) {
        return dynamic_cast<const Arena&>(*make_family("Arena", values)->make(1)).params().shaping;
    };
    CHECK(shaping_of({}) == 0.0);
    CHECK(shaping_of({{"shaping", 0.5}}) == 0.5);
}

TEST_CASE("arena: 2 s episode is 200 steps; the border heuristic finds the goal and then takes short paths") {
    const auto fast = make_family("Arena");
    std::uint64_t first_long = 0;
    std::uint64_t episodes_with_repeats = 0;
    for (const std::uint64_t seed : task_seeds(7, 10)) {
        const auto env = fast->make(seed);
        const auto policy = make_heuristic_policy(*env);
        const EpisodeOutcome outcome = run_episode(*env, *policy, environment_reset_seed(seed), policy_reset_seed(seed));
        CHECK(outcome.length == 200);
        const auto& paths = dynamic_cast<const Arena&>(*env).path_lengths();
        if (paths.size() >= 3) {
            ++episodes_with_repeats;
            double later = 0.0;
            for (std::size_t i = 1; i < paths.size(); ++i) later += paths[i];
            later /= static_cast<double>(paths.size() - 1);
            first_long += paths[0] > later ? 1U : 0U;
        }
    }
    CHECK(episodes_with_repeats >= 8);
    CHECK(first_long >= episodes_with_repeats / 2);
}

namespace {
// Goals per episode of an arena reference policy on the tasks task_seeds(seed, episodes).
std::vector<double> goals_of(std::string_view policy_kind, std::uint64_t seed, std::size_t episodes) {
    const auto family = make_family("Arena");
    std::vector<double> goals;
    for (const std::uint64_t task : task_seeds(seed, episodes)) {
        const auto env = family->make(task);
        const auto policy = make_policy(policy_kind, *env);
        goals.push_back(run_episode(*env, *policy, environment_reset_seed(task), policy_reset_seed(task)).objective);
    }
    return goals;
}
double mean_of(const std::vector<double>& values) {
    double sum = 0.0;
    for (const double v : values) sum += v;
    return sum / static_cast<double>(values.size());
}
}  // namespace

TEST_CASE("arena reference policies: goals of the oracle, the remembering and the memoryless border search") {
    // Known answers (l2l env rollout --env Arena --policy P --episodes 5 --seed 3).
    CHECK(goals_of("oracle", 3, 5) == std::vector<double>{10, 10, 12, 9, 10});
    CHECK(goals_of("heuristic", 3, 5) == std::vector<double>{6, 5, 10, 5, 9});
    CHECK(goals_of("memoryless", 3, 5) == std::vector<double>{2, 2, 4, 5, 7});
    const auto env = make_family("TMaze")->make(1);
    CHECK_THROWS_WITH_AS(make_policy("oracle", *env), "policy 'oracle' exists only for Arena, not TMaze",
                         std::invalid_argument);
}

TEST_CASE("arena calibration: the oracle reaches >= 6 goals, remembering the goal is worth >= 2 goals") {
    const double oracle = mean_of(goals_of("oracle", 11, 200));
    const double remembering = mean_of(goals_of("heuristic", 11, 200));
    const double memoryless = mean_of(goals_of("memoryless", 11, 200));
    CHECK(oracle >= 6.0);
    CHECK(remembering - memoryless >= 2.0);
    CHECK(oracle > remembering);
}
