// CartPole-v1 exactly as Gymnasium 1.x computes it (classic_control/cartpole.py,
// Barto, Sutton & Anderson 1983): Euler integration in double precision with the
// same operation order, reward 1 on every step including the terminating one,
// time limit 500 steps.
#pragma once

#include <array>
#include <cstdint>
#include <numbers>
#include <optional>

#include "common/random.hpp"
#include "environments/environment.hpp"

namespace l2l::env {

struct CartPoleParams {
    double gravity = 9.8;
    double masscart = 1.0;
    double masspole = 0.1;
    double length = 0.5;  // half the pole's length
    double force_mag = 10.0;
    double tau = 0.02;  // seconds between state updates
    double x_threshold = 2.4;
    double theta_threshold_radians = 12 * 2 * std::numbers::pi / 360;
    double reset_bound = 0.05;  // each state component starts in U(-bound, bound)
    std::uint64_t max_episode_steps = 500;
};

class CartPole final : public Environment {
public:
    explicit CartPole(const CartPoleParams& params = {});

    std::string_view name() const override { return "CartPole-v1"; }
    const Space& observation_space() const override { return observation_space_; }
    const Space& action_space() const override { return action_space_; }

    void reset(std::uint64_t seed) override;
    std::span<const double> observation() const override { return observation_; }
    // Action 1 pushes right, 0 pushes left.
    StepResult step(const Action& action) override;

    std::span<const double> state() const override { return state_; }
    void set_state(std::span<const double> state) override;

    const CartPoleParams& params() const { return params_; }

private:
    void update_observation();

    CartPoleParams params_;
    double total_mass_;
    double polemass_length_;
    Space observation_space_;
    Space action_space_;
    std::array<double, 4> state_{};        // x, x_dot, theta, theta_dot
    std::array<double, 4> observation_{};  // float32 cast of state_, as Gymnasium returns
    std::uint64_t elapsed_steps_ = 0;
    std::optional<std::uint64_t> steps_beyond_terminated_;
    Rng rng_;
};

// Tasks: start state from the task seed; gravity, pole half-length and force
// magnitude uniform in configured ranges (equal bounds give the fixed value).
struct CartPoleFamilyConfig {
    CartPoleParams base;
    double gravity_max = 9.8;
    double length_max = 0.5;
    double force_mag_max = 10.0;
};

class CartPoleFamily final : public TaskFamily {
public:
    explicit CartPoleFamily(const CartPoleFamilyConfig& config) : config_(config) {}
    std::unique_ptr<Environment> make(std::uint64_t task_seed) const override;
    CartPoleParams sample_params(std::uint64_t task_seed) const;

private:
    CartPoleFamilyConfig config_;
};

}  // namespace l2l::env
