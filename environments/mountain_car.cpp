#include "environments/mountain_car.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "environments/family_sampling.hpp"

namespace l2l::env {

MountainCar::MountainCar(const MountainCarParams& params) : MountainCarBase(params) {
    action_space_ = Space{Space::Kind::discrete, 3, {}, {}, {"push_left", "no_push", "push_right"}};
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
    track_max_position();
    update_observation();

    StepResult result;
    result.terminated = position >= params_.goal_position && velocity >= params_.goal_velocity;
    result.reward = -1.0;
    result.truncated = time_limit_reached(params_.max_episode_steps);
    return result;
}

MountainCarParams draw_physics(const MountainCarFamilyConfig& config, Rng& rng) {
    MountainCarParams params = config.base;
    params.force = uniform_in_range(rng, config.base.force, config.force_max);
    params.gravity = uniform_in_range(rng, config.base.gravity, config.gravity_max);
    return params;
}

}  // namespace l2l::env
