// Reference policies: random actions (the floor) and one hand-written heuristic
// per environment (shows that each task is solvable and gives a baseline).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

#include "common/random.hpp"
#include "environments/environment.hpp"

namespace l2l::env {

// Uniform actions: Discrete(n) -> below(n); Box -> U(low, high) per component
// (U(-1, 1) where a bound is infinite); Spikes -> each 0/1 with probability 1/2.
class RandomPolicy final : public Policy {
public:
    explicit RandomPolicy(const Space& action_space);
    void reset(std::uint64_t seed) override;
    const Action& act(std::span<const double> observation, double reward) override;

private:
    Space space_;
    Action action_;
    Rng rng_;
};

// CartPole: push toward the side the pole is falling to (angle plus a bit of
// angular velocity, so it pushes before the fall is visible in the angle).
class CartPoleHeuristic final : public Policy {
public:
    void reset(std::uint64_t /*seed*/) override {}
    const Action& act(std::span<const double> observation, double reward) override;

private:
    Action action_;
};

// Mountain Car (discrete or continuous): push along the velocity, pumping energy.
class MountainCarHeuristic final : public Policy {
public:
    explicit MountainCarHeuristic(bool continuous);
    void reset(std::uint64_t /*seed*/) override {}
    const Action& act(std::span<const double> observation, double reward) override;

private:
    bool continuous_;
    Action action_;
};

// T-maze: counts the spikes of the left and right cue groups since the trial
// began and always votes for the larger count. A nonzero reward marks the end
// of a trial (it arrives with the first observation of the next one).
class TMazeCountingHeuristic final : public Policy {
public:
    explicit TMazeCountingHeuristic(std::size_t neurons_per_group);
    void reset(std::uint64_t seed) override;
    const Action& act(std::span<const double> observation, double reward) override;

private:
    std::size_t group_;
    double left_ = 0.0;
    double right_ = 0.0;
    Action action_;
};

// Arena reference policies (docs/meta_learning.md, section 2). Each one
// shows what a level of knowledge is worth in goals per episode:
// - ArenaOracle knows the goal and goes straight to it: the ceiling.
// - ArenaBorderSearch walks along the border (inside it, so the wall costs
//   nothing) until a goal is reached. With `remembers_goal` it then keeps where
//   the goal was and goes straight back after every re-placement (the
//   "heuristic" policy; its path lengths show the memory signature: long, then
//   short); without, every search starts afresh (the best an agent without
//   memory of the goal does).
class ArenaOracle final : public Policy {
public:
    ArenaOracle(std::array<double, 2> goal, double max_speed);
    void reset(std::uint64_t /*seed*/) override {}
    const Action& act(std::span<const double> observation, double reward) override;

private:
    std::array<double, 2> goal_;
    double max_speed_;
    Action action_;
};

class ArenaBorderSearch final : public Policy {
public:
    ArenaBorderSearch(double radius, double max_speed, bool remembers_goal);
    void reset(std::uint64_t seed) override;
    const Action& act(std::span<const double> observation, double reward) override;

private:
    double radius_;
    double max_speed_;
    bool remembers_goal_;
    bool goal_known_ = false;
    std::array<double, 2> goal_estimate_{};
    std::array<double, 2> previous_position_{};
    Action action_;
};

// "random", "heuristic" (chosen by env.name()), or for the arena "oracle" and
// "memoryless" (the border search that forgets). Throws std::invalid_argument
// for an unknown kind or an environment without one.
std::unique_ptr<Policy> make_policy(std::string_view kind, const Environment& env);
std::unique_ptr<Policy> make_heuristic_policy(const Environment& env);

}  // namespace l2l::env
