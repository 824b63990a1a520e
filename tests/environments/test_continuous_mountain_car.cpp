#include <doctest/doctest.h>

#include <array>
#include <cmath>

#include "environments/continuous_mountain_car.hpp"
#include "tests/environments/episode_helpers.hpp"

using namespace l2l::env;
using l2l::env::test::continuous_action;
using l2l::env::test::step_until_done;

namespace {
Action force(double f) { return continuous_action({f}); }
}  // namespace

TEST_CASE("continuous car: the reward uses the unclipped action, the dynamics the clipped one") {
    ContinuousMountainCar clipped;
    ContinuousMountainCar unclipped;
    const std::array<double, 2> start{-0.5, 0.0};
    clipped.reset(0);
    clipped.set_state(start);
    unclipped.reset(0);
    unclipped.set_state(start);
    const StepResult big = clipped.step(force(3.0));
    const StepResult one = unclipped.step(force(1.0));
    CHECK(clipped.state()[0] == unclipped.state()[0]);
    CHECK(clipped.state()[1] == unclipped.state()[1]);
    CHECK(big.reward == -(std::pow(3.0, 2) * 0.1));
    CHECK(one.reward == -(std::pow(1.0, 2) * 0.1));
}

TEST_CASE("continuous car stores its state as float32 after a step") {
    ContinuousMountainCar env;
    env.reset(7);
    const double start = env.state()[0];
    CHECK(start != static_cast<double>(static_cast<float>(start)));  // reset state stays double (almost surely)
    env.step(force(0.3));
    for (double v : env.state()) CHECK(v == static_cast<double>(static_cast<float>(v)));
}

TEST_CASE("continuous car: goal gives 100 minus the action cost; time limit 999") {
    ContinuousMountainCar env;
    env.reset(0);
    const std::array<double, 2> almost{0.44, 0.03};
    env.set_state(almost);
    const StepResult result = env.step(force(0.5));
    CHECK(result.terminated);
    CHECK(result.reward == 100.0 - std::pow(0.5, 2) * 0.1);

    env.reset(1);
    const auto end = step_until_done(env, force(0.0));
    CHECK(end.steps == 999);
    CHECK(end.last.truncated);
}

TEST_CASE("continuous car left wall rule") {
    ContinuousMountainCar env;
    env.reset(0);
    const std::array<double, 2> near_wall{-1.19, -0.05};
    env.set_state(near_wall);
    env.step(force(-1.0));
    CHECK(env.state()[0] == static_cast<double>(static_cast<float>(-1.2)));
    CHECK(env.state()[1] == 0.0);
}
