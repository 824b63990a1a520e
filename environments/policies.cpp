#include "environments/policies.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "environments/arena.hpp"

namespace l2l::env {

RandomPolicy::RandomPolicy(const Space& action_space) : space_(action_space) {
    if (space_.kind != Space::Kind::discrete) action_.continuous.assign(space_.n, 0.0);
}

void RandomPolicy::reset(std::uint64_t seed) { rng_.reseed(seed); }

const Action& RandomPolicy::act(std::span<const double> /*observation*/, double /*reward*/) {
    switch (space_.kind) {
        case Space::Kind::discrete:
            action_.discrete = static_cast<int>(rng_.below(space_.n));
            break;
        case Space::Kind::spikes:
            for (double& a : action_.continuous) a = rng_.bernoulli(0.5) ? 1.0 : 0.0;
            break;
        case Space::Kind::box:
            for (std::size_t i = 0; i < space_.n; ++i) {
                const double lo = space_.low[i];
                const double hi = space_.high[i];
                action_.continuous[i] = std::isfinite(lo) && std::isfinite(hi) ? rng_.uniform(lo, hi) : rng_.uniform(-1.0, 1.0);
            }
            break;
    }
    return action_;
}

const Action& CartPoleHeuristic::act(std::span<const double> observation, double /*reward*/) {
    const double theta = observation[2];
    const double theta_dot = observation[3];
    action_.discrete = theta + 0.5 * theta_dot > 0.0 ? 1 : 0;
    return action_;
}

MountainCarHeuristic::MountainCarHeuristic(bool continuous) : continuous_(continuous) {
    if (continuous_) action_.continuous.assign(1, 0.0);
}

const Action& MountainCarHeuristic::act(std::span<const double> observation, double /*reward*/) {
    const bool push_right = observation[1] >= 0.0;
    if (continuous_) {
        action_.continuous[0] = push_right ? 1.0 : -1.0;
    } else {
        action_.discrete = push_right ? 2 : 0;
    }
    return action_;
}

TMazeCountingHeuristic::TMazeCountingHeuristic(std::size_t neurons_per_group) : group_(neurons_per_group) {
    action_.continuous.assign(2, 0.0);
}

void TMazeCountingHeuristic::reset(std::uint64_t /*seed*/) {
    left_ = 0.0;
    right_ = 0.0;
}

const Action& TMazeCountingHeuristic::act(std::span<const double> observation, double reward) {
    if (reward != 0.0) reset(0);  // a new trial began
    for (std::size_t i = 0; i < group_; ++i) {
        left_ += observation[i];
        right_ += observation[group_ + i];
    }
    action_.continuous[0] = left_ >= right_ ? 1.0 : 0.0;
    action_.continuous[1] = left_ >= right_ ? 0.0 : 1.0;
    return action_;
}

namespace {
// Full speed along (dx, dy); standing still when it is zero.
void head_for(Action& action, double dx, double dy, double max_speed) {
    const double norm = std::hypot(dx, dy);
    action.continuous[0] = norm > 0.0 ? max_speed * dx / norm : 0.0;
    action.continuous[1] = norm > 0.0 ? max_speed * dy / norm : 0.0;
}
}  // namespace

ArenaOracle::ArenaOracle(std::array<double, 2> goal, double max_speed) : goal_(goal), max_speed_(max_speed) {
    action_.continuous.assign(2, 0.0);
}

const Action& ArenaOracle::act(std::span<const double> observation, double /*reward*/) {
    head_for(action_, goal_[0] - observation[0], goal_[1] - observation[1], max_speed_);
    return action_;
}

ArenaBorderSearch::ArenaBorderSearch(double radius, double max_speed, bool remembers_goal)
    : radius_(radius), max_speed_(max_speed), remembers_goal_(remembers_goal) {
    action_.continuous.assign(2, 0.0);
}

void ArenaBorderSearch::reset(std::uint64_t /*seed*/) { goal_known_ = false; }

const Action& ArenaBorderSearch::act(std::span<const double> observation, double reward) {
    const double x = observation[0];
    const double y = observation[1];
    if (remembers_goal_ && reward > 0.0 && !goal_known_) {
        // The first hit came from the border walk: the goal lies just ahead of
        // the position before that move. Going back there and walking on hits it.
        goal_known_ = true;
        goal_estimate_ = previous_position_;
    }
    previous_position_ = {x, y};

    if (goal_known_ && std::hypot(goal_estimate_[0] - x, goal_estimate_[1] - y) > 0.05 * radius_) {
        head_for(action_, goal_estimate_[0] - x, goal_estimate_[1] - y, max_speed_);
        return action_;
    }
    // Counter-clockwise along a circle at 0.9 radius, steering back onto it.
    const double r = std::hypot(x, y);
    const double ux = r > 1e-9 ? x / r : 1.0;
    const double uy = r > 1e-9 ? y / r : 0.0;
    const double radial = 5.0 * (0.9 * radius_ - r) / radius_;
    head_for(action_, -uy + radial * ux, ux + radial * uy, max_speed_);
    return action_;
}

std::unique_ptr<Policy> make_heuristic_policy(const Environment& env) {
    const std::string_view name = env.name();
    if (name == "CartPole-v1") return std::make_unique<CartPoleHeuristic>();
    if (name == "MountainCar-v0") return std::make_unique<MountainCarHeuristic>(false);
    if (name == "MountainCarContinuous-v0") return std::make_unique<MountainCarHeuristic>(true);
    if (name == "TMaze") return std::make_unique<TMazeCountingHeuristic>(env.observation_space().n / 4);
    if (name == "Arena") {
        return std::make_unique<ArenaBorderSearch>(env.observation_space().high[0], env.action_space().high[0], true);
    }
    throw std::invalid_argument(fmt::format("no heuristic policy for environment {}", name));
}

std::unique_ptr<Policy> make_policy(std::string_view kind, const Environment& env) {
    if (kind == "random") return std::make_unique<RandomPolicy>(env.action_space());
    if (kind == "heuristic") return make_heuristic_policy(env);
    if (kind == "oracle" || kind == "memoryless") {
        const auto* arena = dynamic_cast<const Arena*>(&env);
        if (arena == nullptr) throw std::invalid_argument(fmt::format("policy '{}' exists only for Arena, not {}", kind, env.name()));
        const double max_speed = arena->params().max_speed;
        if (kind == "oracle") return std::make_unique<ArenaOracle>(arena->goal(), max_speed);
        return std::make_unique<ArenaBorderSearch>(arena->params().radius, max_speed, false);
    }
    throw std::invalid_argument(
        fmt::format("unknown policy '{}'; expected random, heuristic, oracle or memoryless (the last two: Arena)", kind));
}

}  // namespace l2l::env
