// MountainCarContinuous-v0 as Gymnasium 1.x defines it
// (classic_control/continuous_mountain_car.py): force = clip(action, -1, 1),
// reward 100 on reaching the goal minus 0.1 * action^2 of the UNclipped action,
// state stored as float32 after every step (the reset state stays double),
// time limit 999 steps.
#pragma once

#include <array>
#include <cstdint>

#include "common/random.hpp"
#include "environments/environment.hpp"
#include "environments/mountain_car.hpp"

namespace l2l::env {

struct ContinuousMountainCarParams {
    double min_action = -1.0;
    double max_action = 1.0;
    double min_position = -1.2;
    double max_position = 0.6;
    double max_speed = 0.07;
    double goal_position = 0.45;
    double goal_velocity = 0.0;
    double power = 0.0015;
    double gravity = 0.0025;  // a literal in Gymnasium's step()
    double reset_low = -0.6;
    double reset_high = -0.4;
    double goal_reward = 100.0;
    double action_cost = 0.1;  // reward -= action_cost * action^2
    std::uint64_t max_episode_steps = 999;
    MountainCarObjective objective = MountainCarObjective::episode_return;
};

class ContinuousMountainCar final : public Environment {
public:
    explicit ContinuousMountainCar(const ContinuousMountainCarParams& params = {});

    std::string_view name() const override { return "MountainCarContinuous-v0"; }
    const Space& observation_space() const override { return observation_space_; }
    const Space& action_space() const override { return action_space_; }

    void reset(std::uint64_t seed) override;
    std::span<const double> observation() const override { return observation_; }
    // action.continuous[0] is the force; it is clipped for the dynamics only.
    StepResult step(const Action& action) override;

    double objective(double episode_return) const override;
    std::span<const double> state() const override { return state_; }
    void set_state(std::span<const double> state) override;

    const ContinuousMountainCarParams& params() const { return params_; }
    double max_position_reached() const { return max_position_reached_; }

private:
    void update_observation();

    ContinuousMountainCarParams params_;
    Space observation_space_;
    Space action_space_;
    std::array<double, 2> state_{};  // position, velocity
    std::array<double, 2> observation_{};
    std::uint64_t elapsed_steps_ = 0;
    double max_position_reached_ = 0.0;
    Rng rng_;
};

// Tasks: start position from the task seed; power uniform in a range.
struct ContinuousMountainCarFamilyConfig {
    ContinuousMountainCarParams base;
    double power_max = 0.0015;
};

class ContinuousMountainCarFamily final : public TaskFamily {
public:
    explicit ContinuousMountainCarFamily(const ContinuousMountainCarFamilyConfig& config) : config_(config) {}
    std::unique_ptr<Environment> make(std::uint64_t task_seed) const override;
    ContinuousMountainCarParams sample_params(std::uint64_t task_seed) const;

private:
    ContinuousMountainCarFamilyConfig config_;
};

}  // namespace l2l::env
