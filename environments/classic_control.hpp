// What Gymnasium's classic-control environments (CartPole, the two Mountain
// Cars) share: an exact double state that a replay can overwrite, observed
// through its float32 cast; a step counter for the time limit; one random
// stream reseeded by reset(); and task families that draw physical constants
// from the task seed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "common/random.hpp"
#include "environments/environment.hpp"
#include "environments/family_sampling.hpp"

namespace l2l::env {

// Gymnasium keeps these states in float32 arrays: the value after that round trip.
inline double as_float32(double value) { return static_cast<double>(static_cast<float>(value)); }

// Throws std::invalid_argument unless a state given to `environment` has `expected` components.
void check_state_size(std::string_view environment, std::size_t expected, std::size_t got);

template <std::size_t StateSize>
class ClassicControl : public Environment {
public:
    const Space& observation_space() const override { return observation_space_; }
    const Space& action_space() const override { return action_space_; }
    std::span<const double> observation() const override { return observation_; }
    std::span<const double> state() const override { return state_; }

protected:
    // set_state's common part: checks the size, copies the state, observes it.
    void assign_state(std::span<const double> state) {
        check_state_size(name(), StateSize, state.size());
        for (std::size_t i = 0; i < StateSize; ++i) state_[i] = state[i];
        update_observation();
    }
    void update_observation() {
        for (std::size_t i = 0; i < StateSize; ++i) observation_[i] = as_float32(state_[i]);
    }
    // Counts the step just taken; true once the episode has max_episode_steps steps.
    bool time_limit_reached(std::uint64_t max_episode_steps) { return ++elapsed_steps_ >= max_episode_steps; }

    Space observation_space_;
    Space action_space_;
    std::array<double, StateSize> state_{};
    std::array<double, StateSize> observation_{};  // float32 cast of state_, as Gymnasium returns
    std::uint64_t elapsed_steps_ = 0;
    Rng rng_;
};

// Tasks of a classic-control environment: config.base with the ranged physical
// constants drawn from the task seed by draw_physics(config, rng), which each
// environment defines next to its family config.
template <class Env, class Config>
class ClassicControlFamily final : public TaskFamily {
public:
    using Params = decltype(Config::base);

    explicit ClassicControlFamily(const Config& config) : config_(config) {}
    std::unique_ptr<Environment> make(std::uint64_t task_seed) const override {
        return std::make_unique<Env>(sample_params(task_seed));
    }
    Params sample_params(std::uint64_t task_seed) const {
        Rng rng(derive_seed({task_seed, family_stream::physics}));
        return draw_physics(config_, rng);
    }

private:
    Config config_;
};

}  // namespace l2l::env
