#include "environments/continuous_mountain_car.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "environments/family_sampling.hpp"

namespace l2l::env {

ContinuousMountainCar::ContinuousMountainCar(const ContinuousMountainCarParams& params) : MountainCarBase(params) {
    action_space_ = Space{Space::Kind::box, 1, {params_.min_action}, {params_.max_action}, {"force"}};
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
    state_ = {as_float32(position), as_float32(velocity)};
    track_max_position();
    update_observation();
    result.truncated = time_limit_reached(params_.max_episode_steps);
    return result;
}

ContinuousMountainCarParams draw_physics(const ContinuousMountainCarFamilyConfig& config, Rng& rng) {
    ContinuousMountainCarParams params = config.base;
    params.power = uniform_in_range(rng, config.base.power, config.power_max);
    return params;
}

}  // namespace l2l::env
