// MountainCar-v0 exactly as Gymnasium 1.x computes it
// (classic_control/mountain_car.py, Moore 1990): double state, C library cos,
// velocity and position clips, the left-wall rule, reward -1 per step, time
// limit 200 steps. The L2L experiment (Yegenoglu et al. 2022) shortens the limit
// and scores the maximum position reached instead of the return.
#pragma once

#include <array>
#include <cstdint>

#include "common/random.hpp"
#include "environments/environment.hpp"

namespace l2l::env {

// What an episode is scored by.
enum class MountainCarObjective { episode_return, max_position };

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

class MountainCar final : public Environment {
public:
    explicit MountainCar(const MountainCarParams& params = {});

    std::string_view name() const override { return "MountainCar-v0"; }
    const Space& observation_space() const override { return observation_space_; }
    const Space& action_space() const override { return action_space_; }

    void reset(std::uint64_t seed) override;
    std::span<const double> observation() const override { return observation_; }
    // Actions: 0 push left, 1 no push, 2 push right.
    StepResult step(const Action& action) override;

    double objective(double episode_return) const override;
    std::span<const double> state() const override { return state_; }
    void set_state(std::span<const double> state) override;

    const MountainCarParams& params() const { return params_; }
    double max_position_reached() const { return max_position_reached_; }

private:
    void update_observation();

    MountainCarParams params_;
    Space observation_space_;
    Space action_space_;
    std::array<double, 2> state_{};  // position, velocity
    std::array<double, 2> observation_{};
    std::uint64_t elapsed_steps_ = 0;
    double max_position_reached_ = 0.0;
    Rng rng_;
};

// Tasks: start position from the task seed; force and gravity uniform in ranges.
struct MountainCarFamilyConfig {
    MountainCarParams base;
    double force_max = 0.001;
    double gravity_max = 0.0025;
};

class MountainCarFamily final : public TaskFamily {
public:
    explicit MountainCarFamily(const MountainCarFamilyConfig& config) : config_(config) {}
    std::unique_ptr<Environment> make(std::uint64_t task_seed) const override;
    MountainCarParams sample_params(std::uint64_t task_seed) const;

private:
    MountainCarFamilyConfig config_;
};

}  // namespace l2l::env
