// CartPole-v1 exactly as Gymnasium 1.x computes it (classic_control/cartpole.py,
// Barto, Sutton & Anderson 1983): Euler integration in double precision with the
// same operation order, reward 1 on every step including the terminating one,
// time limit 500 steps.
#pragma once

#include <cstdint>
#include <numbers>
#include <optional>

#include "common/random.hpp"
#include "environments/classic_control.hpp"

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

// State: x, x_dot, theta, theta_dot.
class CartPole final : public ClassicControl<4> {
public:
    explicit CartPole(const CartPoleParams& params = {});

    std::string_view name() const override { return "CartPole-v1"; }

    void reset(std::uint64_t seed) override;
    // Action 1 pushes right, 0 pushes left.
    StepResult step(const Action& action) override;

    void set_state(std::span<const double> state) override;

    const CartPoleParams& params() const { return params_; }

private:
    CartPoleParams params_;
    double total_mass_;
    double polemass_length_;
    std::optional<std::uint64_t> steps_beyond_terminated_;
};

// Tasks: start state from the task seed; gravity, pole half-length and force
// magnitude uniform in configured ranges (equal bounds give the fixed value).
struct CartPoleFamilyConfig {
    CartPoleParams base;
    double gravity_max = 9.8;
    double length_max = 0.5;
    double force_mag_max = 10.0;
};

CartPoleParams draw_physics(const CartPoleFamilyConfig& config, Rng& rng);

using CartPoleFamily = ClassicControlFamily<CartPole, CartPoleFamilyConfig>;

}  // namespace l2l::env
