#include "environments/cartpole.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "environments/family_sampling.hpp"

namespace l2l::env {

CartPole::CartPole(const CartPoleParams& params)
    : params_(params),
      total_mass_(params.masspole + params.masscart),
      polemass_length_(params.masspole * params.length) {
    const double x_high = params_.x_threshold * 2;
    const double theta_high = params_.theta_threshold_radians * 2;
    // Gymnasium bounds the velocities by the largest float32.
    const auto big = static_cast<double>(std::numeric_limits<float>::max());
    observation_space_ = Space{Space::Kind::box, 4, {-x_high, -big, -theta_high, -big},
                               {x_high, big, theta_high, big}, {"x", "x_dot", "theta", "theta_dot"}};
    action_space_ = Space{Space::Kind::discrete, 2, {}, {}, {"push_left", "push_right"}};
}

void CartPole::reset(std::uint64_t seed) {
    rng_.reseed(seed);
    for (double& component : state_) component = rng_.uniform(-params_.reset_bound, params_.reset_bound);
    elapsed_steps_ = 0;
    steps_beyond_terminated_.reset();
    update_observation();
}

void CartPole::set_state(std::span<const double> state) {
    assign_state(state);
    steps_beyond_terminated_.reset();
}

StepResult CartPole::step(const Action& action) {
    if (action.discrete != 0 && action.discrete != 1) {
        throw std::invalid_argument(fmt::format("CartPole-v1 action must be 0 or 1, got {}", action.discrete));
    }
    double x = state_[0];
    double x_dot = state_[1];
    double theta = state_[2];
    double theta_dot = state_[3];

    // Same expressions and evaluation order as Gymnasium; see specs/environments.md.
    const double force = action.discrete == 1 ? params_.force_mag : -params_.force_mag;
    const double costheta = std::cos(theta);
    const double sintheta = std::sin(theta);
    const double temp = (force + polemass_length_ * (theta_dot * theta_dot) * sintheta) / total_mass_;
    const double thetaacc =
        (params_.gravity * sintheta - costheta * temp) /
        (params_.length * (4.0 / 3.0 - params_.masspole * (costheta * costheta) / total_mass_));
    const double xacc = temp - polemass_length_ * thetaacc * costheta / total_mass_;

    // Euler: positions advance with the old velocities.
    x = x + params_.tau * x_dot;
    x_dot = x_dot + params_.tau * xacc;
    theta = theta + params_.tau * theta_dot;
    theta_dot = theta_dot + params_.tau * thetaacc;
    state_ = {x, x_dot, theta, theta_dot};
    update_observation();

    StepResult result;
    result.terminated = x < -params_.x_threshold || x > params_.x_threshold ||
                        theta < -params_.theta_threshold_radians || theta > params_.theta_threshold_radians;
    if (!result.terminated) {
        result.reward = 1.0;
    } else if (!steps_beyond_terminated_) {
        steps_beyond_terminated_ = 0;
        result.reward = 1.0;  // the terminating step is rewarded too
    } else {
        ++*steps_beyond_terminated_;  // Gymnasium warns here; stepping on gives nothing
        result.reward = 0.0;
    }
    result.truncated = time_limit_reached(params_.max_episode_steps);
    return result;
}

CartPoleParams draw_physics(const CartPoleFamilyConfig& config, Rng& rng) {
    CartPoleParams params = config.base;
    params.gravity = uniform_in_range(rng, config.base.gravity, config.gravity_max);
    params.length = uniform_in_range(rng, config.base.length, config.length_max);
    params.force_mag = uniform_in_range(rng, config.base.force_mag, config.force_mag_max);
    return params;
}

}  // namespace l2l::env
