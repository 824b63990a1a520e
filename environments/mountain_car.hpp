// MountainCar-v0 exactly as Gymnasium 1.x computes it
// (classic_control/mountain_car.py, Moore 1990): double state, C library cos,
// velocity and position clips, the left-wall rule, reward -1 per step, time
// limit 200 steps. The L2L experiment (Yegenoglu et al. 2022) shortens the limit
// and scores the maximum position reached instead of the return.
#pragma once

#include <algorithm>
#include <cstdint>

#include "common/random.hpp"
#include "environments/classic_control.hpp"

namespace l2l::env {

// What an episode is scored by.
enum class MountainCarObjective { episode_return, max_position };

// What both Mountain Cars (this one and MountainCarContinuous-v0) share besides
// the dynamics: the hill's observation box, the start (position ~
// U(reset_low, reset_high), velocity 0) and the max-position objective.
// State: position, velocity.
template <class Params>
class MountainCarBase : public ClassicControl<2> {
public:
    void reset(std::uint64_t seed) override {
        rng_.reseed(seed);
        state_ = {rng_.uniform(params_.reset_low, params_.reset_high), 0.0};
        elapsed_steps_ = 0;
        max_position_reached_ = state_[0];
        update_observation();
    }
    void set_state(std::span<const double> state) override {
        assign_state(state);
        max_position_reached_ = state_[0];
    }
    double objective(double episode_return) const override {
        return params_.objective == MountainCarObjective::max_position ? max_position_reached_ : episode_return;
    }

    const Params& params() const { return params_; }
    double max_position_reached() const { return max_position_reached_; }

protected:
    explicit MountainCarBase(const Params& params) : params_(params) {
        observation_space_ = Space{Space::Kind::box, 2, {params_.min_position, -params_.max_speed},
                                   {params_.max_position, params_.max_speed}, {"position", "velocity"}};
    }
    // After a step has set state_.
    void track_max_position() { max_position_reached_ = std::max(max_position_reached_, state_[0]); }

    Params params_;
    double max_position_reached_ = 0.0;
};

struct MountainCarParams {
    double min_position = -1.2;
    double max_position = 0.6;
    double max_speed = 0.07;
    double goal_position = 0.5;
    double goal_velocity = 0.0;
    double force = 0.001;
    double gravity = 0.0025;
    double reset_low = -0.6;  // start position ~ U(reset_low, reset_high), velocity 0
    double reset_high = -0.4;
    std::uint64_t max_episode_steps = 200;
    MountainCarObjective objective = MountainCarObjective::episode_return;
};

class MountainCar final : public MountainCarBase<MountainCarParams> {
public:
    explicit MountainCar(const MountainCarParams& params = {});

    std::string_view name() const override { return "MountainCar-v0"; }
    // Actions: 0 push left, 1 no push, 2 push right.
    StepResult step(const Action& action) override;
};

// Tasks: start position from the task seed; force and gravity uniform in ranges.
struct MountainCarFamilyConfig {
    MountainCarParams base;
    double force_max = 0.001;
    double gravity_max = 0.0025;
};

MountainCarParams draw_physics(const MountainCarFamilyConfig& config, Rng& rng);

using MountainCarFamily = ClassicControlFamily<MountainCar, MountainCarFamilyConfig>;

}  // namespace l2l::env
