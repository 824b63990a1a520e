#include <doctest/doctest.h>

#include <array>
#include <cmath>

#include "environments/cartpole.hpp"
#include "environments/policies.hpp"
#include "tests/environments/episode_helpers.hpp"

using namespace l2l::env;
using l2l::env::test::discrete_action;

TEST_CASE("CartPole reset draws each component in (-0.05, 0.05), reproducibly") {
    CartPole env;
    env.reset(42);
    const std::array<double, 4> first{env.state()[0], env.state()[1], env.state()[2], env.state()[3]};
    for (double v : first) CHECK(std::fabs(v) < 0.05);
    env.reset(42);
    for (std::size_t i = 0; i < 4; ++i) CHECK(env.state()[i] == first[i]);
    env.reset(43);
    CHECK(env.state()[0] != first[0]);
}

TEST_CASE("CartPole observation is the float32 cast of the double state") {
    CartPole env;
    env.reset(1);
    env.step(discrete_action(1));
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(env.observation()[i] == static_cast<double>(static_cast<float>(env.state()[i])));
    }
}

TEST_CASE("CartPole termination bounds are strict") {
    CartPole env;
    const double th = 12 * 2 * std::numbers::pi / 360;
    env.reset(0);
    // x exactly at the threshold and not moving: still alive (x > 2.4 terminates, x == 2.4 does not).
    const std::array<double, 4> at_x_bound{2.4, 0.0, 0.0, 0.0};
    env.set_state(at_x_bound);
    CHECK_FALSE(env.step(discrete_action(1)).terminated);
    CHECK(env.state()[0] == 2.4);
    const std::array<double, 4> past_x_bound{2.4, 1e-9, 0.0, 0.0};
    env.set_state(past_x_bound);
    CHECK(env.step(discrete_action(1)).terminated);
    const std::array<double, 4> at_theta_bound{0.0, 0.0, -th, 0.0};
    env.set_state(at_theta_bound);
    CHECK_FALSE(env.step(discrete_action(0)).terminated);
    const std::array<double, 4> past_theta_bound{0.0, 0.0, -th, -1e-6};
    env.set_state(past_theta_bound);
    CHECK(env.step(discrete_action(0)).terminated);
}

TEST_CASE("CartPole rewards the terminating step, then gives nothing") {
    CartPole env;
    env.reset(0);
    const std::array<double, 4> falling{0.0, 0.0, 0.2, 2.0};
    env.set_state(falling);
    StepResult result = env.step(discrete_action(0));
    CHECK(result.terminated);
    CHECK(result.reward == 1.0);
    result = env.step(discrete_action(0));
    CHECK(result.terminated);
    CHECK(result.reward == 0.0);
}

TEST_CASE("CartPole truncates at exactly 500 steps") {
    CartPole env;
    CartPoleHeuristic policy;
    env.reset(3);
    int steps = 0;
    StepResult result;
    do {
        result = env.step(policy.act(env.observation(), 0.0));
        ++steps;
        if (steps < 500) {
            REQUIRE_FALSE(result.truncated);
        }
    } while (!result.done());
    CHECK(steps == 500);
    CHECK(result.truncated);
    CHECK_FALSE(result.terminated);
}

TEST_CASE("CartPole rejects actions other than 0 and 1") {
    CartPole env;
    env.reset(0);
    CHECK_THROWS_AS(env.step(discrete_action(2)), std::invalid_argument);
}
