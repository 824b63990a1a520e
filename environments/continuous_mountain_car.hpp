// MountainCarContinuous-v0 as Gymnasium 1.x defines it
// (classic_control/continuous_mountain_car.py): force = clip(action, -1, 1),
// reward 100 on reaching the goal minus 0.1 * action^2 of the UNclipped action,
// state stored as float32 after every step (the reset state stays double),
// time limit 999 steps.
#pragma once

#include <cstdint>

#include "common/random.hpp"
#include "environments/classic_control.hpp"
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

class ContinuousMountainCar final : public MountainCarBase<ContinuousMountainCarParams> {
public:
    explicit ContinuousMountainCar(const ContinuousMountainCarParams& params = {});

    std::string_view name() const override { return "MountainCarContinuous-v0"; }
    // action.continuous[0] is the force; it is clipped for the dynamics only.
    StepResult step(const Action& action) override;
};

// Tasks: start position from the task seed; power uniform in a range.
struct ContinuousMountainCarFamilyConfig {
    ContinuousMountainCarParams base;
    double power_max = 0.0015;
};

ContinuousMountainCarParams draw_physics(const ContinuousMountainCarFamilyConfig& config, Rng& rng);

using ContinuousMountainCarFamily = ClassicControlFamily<ContinuousMountainCar, ContinuousMountainCarFamilyConfig>;

}  // namespace l2l::env
