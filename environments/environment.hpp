// The contract between an environment and whoever drives it (an agent, a replay,
// a rollout). Modelled on Gymnasium's reset(seed) / step(action) with separate
// `terminated` (the task ended) and `truncated` (the time limit cut it short).
//
// The inner loop calls step() millions of times per evaluation, so nothing here
// allocates per step: observations are read through a span into the
// environment's own buffer, actions are passed by reference.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace l2l::env {

// Shape of an observation or action.
struct Space {
    enum class Kind {
        box,       // real vector, component i in [low[i], high[i]]
        discrete,  // one integer in [0, n)
        spikes,    // vector of 0/1 values, one per input neuron, per step
    };
    Kind kind = Kind::box;
    std::size_t n = 0;         // vector length (box/spikes) or number of actions (discrete)
    std::vector<double> low;   // box only
    std::vector<double> high;  // box only
    std::vector<std::string> labels;  // optional component names ("x", "theta", ...)

    std::string describe() const;  // e.g. "Box(4) [-4.8, 4.8] x ..." or "Discrete(3)"
};

// An action: `discrete` for Discrete spaces, `continuous` for Box action spaces.
struct Action {
    int discrete = 0;
    std::vector<double> continuous;
};

struct StepResult {
    double reward = 0.0;
    bool terminated = false;
    bool truncated = false;
    bool done() const { return terminated || truncated; }
};

class Environment {
public:
    virtual ~Environment() = default;

    virtual std::string_view name() const = 0;
    virtual const Space& observation_space() const = 0;
    virtual const Space& action_space() const = 0;

    // Starts an episode; every random draw of the episode comes from `seed`.
    virtual void reset(std::uint64_t seed) = 0;
    // The current observation; valid until the next reset() or step().
    virtual std::span<const double> observation() const = 0;
    virtual StepResult step(const Action& action) = 0;

    // The episode's objective (fitness, higher is better), read once the episode is
    // done. `episode_return` is the sum of the episode's rewards as seen by the
    // driver; the default objective is that return. Environments whose experiment
    // scores something else override it (Mountain Car: maximum position reached,
    // T-maze: accuracy over its trials, arena: goals reached).
    virtual double objective(double episode_return) const { return episode_return; }

    // Extra facts about the episode for people (e.g. the arena's path lengths
    // between goal hits); empty when there is nothing to add.
    virtual std::string episode_summary() const { return {}; }

    // The exact internal state (for classic control Gymnasium's
    // `env.unwrapped.state`, whereas observation() is its float32 cast). Empty when
    // the environment does not expose its state.
    virtual std::span<const double> state() const { return {}; }
    // Overwrites the internal state, as replaying a recorded trajectory needs. The
    // elapsed-step counter is not touched (call reset() first). Throws
    // std::logic_error when unsupported, std::invalid_argument on a wrong size.
    virtual void set_state(std::span<const double> state);
};

// Whatever chooses actions: a spiking-network agent, a heuristic, a random policy.
// `reward` is the reward of the previous step (0 right after reset), so agents
// that learn inside the episode can feed it to their network.
class Policy {
public:
    virtual ~Policy() = default;
    // Called at the start of every episode; `seed` drives any randomness of the policy.
    virtual void reset(std::uint64_t seed) = 0;
    virtual const Action& act(std::span<const double> observation, double reward) = 0;
};

// A family of related tasks (start states, physical constants, cue sequences,
// goal angles). make() is a pure function of task_seed.
class TaskFamily {
public:
    virtual ~TaskFamily() = default;
    virtual std::unique_ptr<Environment> make(std::uint64_t task_seed) const = 0;
};

}  // namespace l2l::env
