#include "environments/mountain_car.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "environments/family_sampling.hpp"

namespace l2l::env {

MountainCar::MountainCar(const MountainCarParams& params) : params_(params) {
    observation_space_ = Space{Space::Kind::box, 2, {params_.min_position, -params_.max_speed},
                               {params_.max_position, params_.max_speed}, {"position", "velocity"}};
    action_space_ = Space{Space::Kind::discrete, 3, {}, {}, {"push_left", "no_push", "push_right"}};
}

void MountainCar::reset(std::uint64_t seed) {
    rng_.reseed(seed);
    state_ = {rng_.uniform(params_.reset_low, params_.reset_high), 0.0};
    elapsed_steps_ = 0;
    max_position_reached_ = state_[0];
    update_observation();
}

void MountainCar::set_state(std::span<const double> state) {
    if (state.size() != state_.size()) {
        throw std::invalid_argument(fmt::format("MountainCar-v0 state has 2 components, got {}", state.size()));
    }
    state_ = {state[0], state[1]};
    max_position_reached_ = state_[0];
    update_observation();
}

StepResult MountainCar::step(const Action& action) {
    if (action.discrete < 0 || action.discrete > 2) {
        throw std::invalid_argument(fmt::format("MountainCar-v0 action must be 0, 1 or 2, got {}", action.discrete));
    }
    double position = state_[0];
    double velocity = state_[1];
    // Gymnasium: velocity += (action - 1) * force + cos(3 * position) * (-gravity)
    velocity = velocity + (static_cast<double>(action.discrete - 1) * params_.force +
                           std::cos(3 * position) * (-params_.gravity));
    velocity = std::min(std::max(velocity, -params_.max_speed), params_.max_speed);
    position = position + velocity;
    position = std::min(std::max(position, params_.min_position), params_.max_position);
    if (position == params_.min_position && velocity < 0) velocity = 0.0;  // inelastic left wall
    state_ = {position, velocity};
    max_position_reached_ = std::max(max_position_reached_, position);
    update_observation();

    StepResult result;
    result.terminated = position >= params_.goal_position && velocity >= params_.goal_velocity;
    result.reward = -1.0;
    ++elapsed_steps_;
    result.truncated = elapsed_steps_ >= params_.max_episode_steps;
    return result;
}

double MountainCar::objective(double episode_return) const {
    return params_.objective == MountainCarObjective::max_position ? max_position_reached_ : episode_return;
}

void MountainCar::update_observation() {
    for (std::size_t i = 0; i < state_.size(); ++i) {
        observation_[i] = static_cast<double>(static_cast<float>(state_[i]));
    }
}

MountainCarParams MountainCarFamily::sample_params(std::uint64_t task_seed) const {
    Rng rng(derive_seed({task_seed, family_stream::physics}));
    MountainCarParams params = config_.base;
    params.force = uniform_in_range(rng, config_.base.force, config_.force_max);
    params.gravity = uniform_in_range(rng, config_.base.gravity, config_.gravity_max);
    return params;
}

std::unique_ptr<Environment> MountainCarFamily::make(std::uint64_t task_seed) const {
    return std::make_unique<MountainCar>(sample_params(task_seed));
}

}  // namespace l2l::env
