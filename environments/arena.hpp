// Arena: goal navigation with memory (meta-RL task of Bellec et al. 2018).
// A circular arena; a goal on the border, hidden and fixed for the episode
// (its angle is the task). Reaching it gives +1 and puts the agent at a random
// position; pushing into the wall gives -0.02 and the move is cut back to the
// border. The objective is the number of goals reached in the episode. A good
// agent explores the border once, remembers where the goal was, and then takes
// short paths: the recorded path lengths between goal hits show that.
//
// One step is one action: a 2-D velocity (arena radii per second, its norm
// clipped to max_speed) held for action_interval_ms, integrated in dt_ms
// sub-steps. Observation: the position (x, y). The agent's place-cell
// population code (8 x 8 cells, sigma 0.25) lives in the simulator's encoder,
// and the reward reaches the agent through Policy::act's reward argument.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "common/random.hpp"
#include "environments/environment.hpp"

namespace l2l::env {

struct ArenaParams {
    double radius = 1.0;
    double goal_radius = 0.2;
    double goal_angle = 0.0;  // radians; set per task by the family
    double dt_ms = 1.0;
    double action_interval_ms = 10.0;
    // Arena radii per second. 5 makes memory worth something in a 2 s episode:
    // the border search that remembers the goal reaches 7.5 goals, the one that
    // forgets 3.2 (docs/meta_learning.md); at 1 even an oracle reaches about 2.
    double max_speed = 5.0;
    double episode_ms = 2000.0;
    double goal_reward = 1.0;
    double wall_reward = -0.02;  // once per step that touched the wall
    // Partial credit for the unfinished search in the objective (outer-loop
    // fitness only; the reward the agent sees is unchanged): goals + shaping x
    // (1 - closest distance to the goal since the last goal / (2 radius)).
    // Below one goal, so it only ranks agents with equal goals.
    double shaping = 0.0;
};

class Arena final : public Environment {
public:
    explicit Arena(const ArenaParams& params = {});

    std::string_view name() const override { return "Arena"; }
    const Space& observation_space() const override { return observation_space_; }
    const Space& action_space() const override { return action_space_; }

    // Places the agent uniformly in the arena (outside the goal); the goal stays.
    void reset(std::uint64_t seed) override;
    std::span<const double> observation() const override { return position_; }
    StepResult step(const Action& action) override;

    double objective(double episode_return) const override;  // goals reached (+ the shaping term)
    std::string episode_summary() const override;

    // State is the position (x, y); set_state moves the agent there.
    std::span<const double> state() const override { return position_; }
    void set_state(std::span<const double> state) override;

    const ArenaParams& params() const { return params_; }
    std::array<double, 2> goal() const { return goal_; }
    std::uint64_t goals_reached() const { return goals_; }
    // Distance travelled from the start (or the previous goal) to each goal hit.
    const std::vector<double>& path_lengths() const { return path_lengths_; }

private:
    void place_agent();

    ArenaParams params_;
    Space observation_space_;
    Space action_space_;
    std::array<double, 2> goal_{};
    std::array<double, 2> position_{};
    std::uint64_t sub_steps_;
    std::uint64_t episode_steps_;
    double dt_s_;
    std::uint64_t elapsed_steps_ = 0;
    std::uint64_t goals_ = 0;
    double path_since_goal_ = 0.0;
    double closest_to_goal_ = 0.0;  // since the last goal or the start
    std::vector<double> path_lengths_;
    Rng rng_;
};

// Tasks: the goal angle, uniform in [0, 2 pi), from the task seed.
class ArenaFamily final : public TaskFamily {
public:
    explicit ArenaFamily(const ArenaParams& params) : params_(params) {}
    std::unique_ptr<Environment> make(std::uint64_t task_seed) const override;
    double goal_angle(std::uint64_t task_seed) const;

private:
    ArenaParams params_;
};

}  // namespace l2l::env
