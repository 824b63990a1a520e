#include <doctest/doctest.h>

#include <array>

#include "environments/mountain_car.hpp"
#include "environments/policies.hpp"
#include "tests/environments/episode_helpers.hpp"

using namespace l2l::env;
using l2l::env::test::discrete_action;
using l2l::env::test::step_until_done;

TEST_CASE("MountainCar reset: position in [-0.6, -0.4), velocity 0") {
    MountainCar env;
    for (std::uint64_t seed = 0; seed < 50; ++seed) {
        env.reset(seed);
        CHECK(env.state()[0] >= -0.6);
        CHECK(env.state()[0] < -0.4);
        CHECK(env.state()[1] == 0.0);
    }
}

TEST_CASE("MountainCar left wall: position clipped to -1.2 and negative velocity zeroed") {
    MountainCar env;
    env.reset(0);
    const std::array<double, 2> near_wall{-1.19, -0.05};
    env.set_state(near_wall);
    env.step(discrete_action(0));
    CHECK(env.state()[0] == -1.2);
    CHECK(env.state()[1] == 0.0);
}

TEST_CASE("MountainCar velocity is clipped to +-0.07") {
    MountainCar env;
    env.reset(0);
    const std::array<double, 2> fast{-0.5, 0.0699};
    env.set_state(fast);
    env.step(discrete_action(2));
    CHECK(env.state()[1] == 0.07);
    const std::array<double, 2> fast_left{-0.3, -0.0699};
    env.set_state(fast_left);
    env.step(discrete_action(0));
    CHECK(env.state()[1] == -0.07);
}

TEST_CASE("MountainCar terminates at the goal with reward -1 on that step") {
    MountainCar env;
    env.reset(0);
    const std::array<double, 2> almost{0.49, 0.02};
    env.set_state(almost);
    const StepResult result = env.step(discrete_action(2));
    CHECK(result.terminated);
    CHECK(result.reward == -1.0);
}

TEST_CASE("MountainCar truncates at 200 steps; max_steps and the max_position objective") {
    MountainCar env;
    env.reset(0);
    const auto end = step_until_done(env, discrete_action(1));
    CHECK(end.steps == 200);
    CHECK(end.last.truncated);
    CHECK(env.objective(-200.0) == -200.0);

    MountainCarParams params;
    params.max_episode_steps = 110;
    params.objective = MountainCarObjective::max_position;
    MountainCar l2l_env(params);
    MountainCarHeuristic policy(false);
    l2l_env.reset(5);
    double highest = l2l_env.state()[0];
    int steps = 0;
    StepResult result;
    do {
        result = l2l_env.step(policy.act(l2l_env.observation(), 0.0));
        highest = std::max(highest, l2l_env.state()[0]);
        ++steps;
    } while (!result.done());
    CHECK(steps <= 110);
    CHECK(l2l_env.objective(-1.0 * steps) == highest);
}
