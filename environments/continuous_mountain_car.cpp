#include "environments/continuous_mountain_car.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "environments/family_sampling.hpp"

namespace l2l::env {

namespace {
double to_float32(double value) { return static_cast<double>(static_cast<float>(value)); }
}  // namespace

ContinuousMountainCar::ContinuousMountainCar(const ContinuousMountainCarParams& params) : params_(params) {
    observation_space_ = Space{Space::Kind::box, 2, {params_.min_position, -params_.max_speed},
                               {params_.max_position, params_.max_speed}, {"position", "velocity"}};
    action_space_ = Space{Space::Kind::box, 1, {params_.min_action}, {params_.max_action}, {"force"}};
}

void ContinuousMountainCar::reset(std::uint64_t seed) {
    rng_.reseed(seed);
    state_ = {rng_.uniform(params_.reset_low, params_.reset_high), 0.0};
    elapsed_steps_ = 0;
    max_position_reached_ = state_[0];
    update_observation();
}

void ContinuousMountainCar::set_state(std::span<const double> state) {
    if (state.size() != state_.size()) {
        throw std::invalid_argument(
            fmt::format("MountainCarContinuous-v0 state has 2 components, got {}", state.size()));
    }
    state_ = {state[0], state[1]};
    max_position_reached_ = state_[0];
    update_observation();
}

StepResult ContinuousMountainCar::step(const Action& action) {
    if (action.continuous.size() != 1) {
        throw std::invalid_argument(fmt::format(
            "MountainCarContinuous-v0 action has 1 component, got {}", action.continuous.size()));
    }
    const double raw_action = action.continuous[0];
    double position = state_[0];
    double velocity = state_[1];
    const double force = std::min(std::max(raw_action, params_.min_action), params_.max_action);

    velocity = velocity + (force * params_.power - params_.gravity * std::cos(3 * position));
    if (velocity > params_.max_speed) velocity = params_.max_speed;
    if (velocity < -params_.max_speed) velocity = -params_.max_speed;
    position = position + velocity;
    if (position > params_.max_position) position = params_.max_position;
    if (position < params_.min_position) position = params_.min_position;
    if (position == params_.min_position && velocity < 0) velocity = 0.0;

    StepResult result;
    result.terminated = position >= params_.goal_position && velocity >= params_.goal_velocity;
    result.reward = result.terminated ? params_.goal_reward : 0.0;
    result.reward -= std::pow(raw_action, 2) * params_.action_cost;  // unclipped action

    // Gymnasium stores the state as a float32 array after every step.
    state_ = {to_float32(position), to_float32(velocity)};
    max_position_reached_ = std::max(max_position_reached_, state_[0]);
    update_observation();
    ++elapsed_steps_;
    result.truncated = elapsed_steps_ >= params_.max_episode_steps;
    return result;
}

double ContinuousMountainCar::objective(double episode_return) const {
    return params_.objective == MountainCarObjective::max_position ? max_position_reached_ : episode_return;
}

void ContinuousMountainCar::update_observation() {
    for (std::size_t i = 0; i < state_.size(); ++i) observation_[i] = to_float32(state_[i]);
}

ContinuousMountainCarParams ContinuousMountainCarFamily::sample_params(std::uint64_t task_seed) const {
    Rng rng(derive_seed({task_seed, family_stream::physics}));
    ContinuousMountainCarParams params = config_.base;
    params.power = uniform_in_range(rng, config_.base.power, config_.power_max);
    return params;
}

std::unique_ptr<Environment> ContinuousMountainCarFamily::make(std::uint64_t task_seed) const {
    return std::make_unique<ContinuousMountainCar>(sample_params(task_seed));
}

}  // namespace l2l::env
