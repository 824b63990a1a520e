#include "environments/arena.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "environments/family_sampling.hpp"

namespace l2l::env {

namespace {
std::uint64_t to_count(double numerator, double denominator) {
    return static_cast<std::uint64_t>(std::llround(numerator / denominator));
}
}  // namespace

Arena::Arena(const ArenaParams& params)
    : params_(params),
      goal_{params.radius * std::cos(params.goal_angle), params.radius * std::sin(params.goal_angle)},
      sub_steps_(to_count(params.action_interval_ms, params.dt_ms)),
      episode_steps_(to_count(params.episode_ms, params.action_interval_ms)),
      dt_s_(params.dt_ms / 1000.0) {
    const double r = params_.radius;
    const double v = params_.max_speed;
    observation_space_ = Space{Space::Kind::box, 2, {-r, -r}, {r, r}, {"x", "y"}};
    action_space_ = Space{Space::Kind::box, 2, {-v, -v}, {v, v}, {"velocity_x", "velocity_y"}};
    path_lengths_.reserve(64);  // goal hits per episode are few; avoid growth in step()
}

void Arena::place_agent() {
    // Uniform in the disc, rejecting points that already touch the goal.
    const double r2 = params_.goal_radius * params_.goal_radius;
    for (;;) {
        const double r = params_.radius * std::sqrt(rng_.uniform());
        const double phi = 2.0 * std::numbers::pi * rng_.uniform();
        position_ = {r * std::cos(phi), r * std::sin(phi)};
        const double dx = position_[0] - goal_[0];
        const double dy = position_[1] - goal_[1];
        if (dx * dx + dy * dy > r2) {
            closest_to_goal_ = std::sqrt(dx * dx + dy * dy);
            return;
        }
    }
}

void Arena::reset(std::uint64_t seed) {
    rng_.reseed(seed);
    elapsed_steps_ = 0;
    goals_ = 0;
    path_since_goal_ = 0.0;
    path_lengths_.clear();
    place_agent();
}

void Arena::set_state(std::span<const double> state) {
    if (state.size() != 2) throw std::invalid_argument(fmt::format("Arena state is (x, y), got {} values", state.size()));
    position_ = {state[0], state[1]};
}

StepResult Arena::step(const Action& action) {
    if (action.continuous.size() != 2) {
        throw std::invalid_argument(fmt::format("Arena action is a 2-D velocity, got {} values", action.continuous.size()));
    }
    double vx = action.continuous[0];
    double vy = action.continuous[1];
    const double speed = std::hypot(vx, vy);
    if (speed > params_.max_speed) {  // clip the norm, keep the direction
        vx *= params_.max_speed / speed;
        vy *= params_.max_speed / speed;
    } else if (!(speed >= 0.0)) {  // NaN: stand still
        vx = 0.0;
        vy = 0.0;
    }

    StepResult result;
    bool touched_wall = false;
    const double goal_r2 = params_.goal_radius * params_.goal_radius;
    for (std::uint64_t s = 0; s < sub_steps_; ++s) {
        double x = position_[0] + vx * dt_s_;
        double y = position_[1] + vy * dt_s_;
        const double r = std::hypot(x, y);
        if (r > params_.radius) {  // cut the outward part of the move: slide along the wall
            x *= params_.radius / r;
            y *= params_.radius / r;
            touched_wall = true;
        }
        path_since_goal_ += std::hypot(x - position_[0], y - position_[1]);
        position_ = {x, y};
        const double dx = x - goal_[0];
        const double dy = y - goal_[1];
        closest_to_goal_ = std::min(closest_to_goal_, std::sqrt(dx * dx + dy * dy));
        if (dx * dx + dy * dy <= goal_r2) {
            result.reward += params_.goal_reward;
            ++goals_;
            path_lengths_.push_back(path_since_goal_);
            path_since_goal_ = 0.0;
            place_agent();
            break;  // the agent sees its new place before it moves again
        }
    }
    if (touched_wall) result.reward += params_.wall_reward;
    ++elapsed_steps_;
    result.truncated = elapsed_steps_ >= episode_steps_;
    return result;
}

double Arena::objective(double /*episode_return*/) const {
    const double goals = static_cast<double>(goals_);
    if (params_.shaping == 0.0) return goals;
    const double closeness = std::max(0.0, 1.0 - closest_to_goal_ / (2.0 * params_.radius));
    return goals + params_.shaping * closeness;
}

std::string Arena::episode_summary() const {
    return fmt::format("goals={} path_lengths=[{:.3f}]", goals_, fmt::join(path_lengths_, ", "));
}

double ArenaFamily::goal_angle(std::uint64_t task_seed) const {
    Rng rng(derive_seed({task_seed, family_stream::layout}));
    return 2.0 * std::numbers::pi * rng.uniform();
}

std::unique_ptr<Environment> ArenaFamily::make(std::uint64_t task_seed) const {
    ArenaParams params = params_;
    params.goal_angle = goal_angle(task_seed);
    return std::make_unique<Arena>(params);
}

}  // namespace l2l::env
