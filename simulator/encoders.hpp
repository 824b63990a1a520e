// Encoders turn an observation (and the last reward) into network input: DC
// currents or spikes of a population. observe() runs once per environment step,
// drive() before every simulation step of the action window. Neither allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "common/random.hpp"
#include "simulator/agent_config.hpp"
#include "simulator/network.hpp"

namespace l2l::sim {

class Encoder {
public:
    virtual ~Encoder() = default;
    // Start of an episode; stochastic encoders reseed from `seed`.
    virtual void reset(std::uint64_t /*seed*/) {}
    // Throws std::invalid_argument when the observation lacks a component it reads.
    virtual void observe(std::span<const double> observation, double reward, Network& network) = 0;
    virtual void drive(std::size_t /*step_in_window*/, Network& /*network*/) {}
};

// Bin of x among `bins` equal-width bins over [low, high]; values outside go to the first/last bin.
std::size_t bin_index(double x, double low, double high, std::size_t bins);

// One-hot bins; drive current: DC `current` pA into the bin's neuron (all others 0);
// drive spikes: the bin's neuron (a spike source) spikes at window steps 0, k, 2k, ...
class BinEncoder final : public Encoder {
public:
    BinEncoder(const EncoderSpec& spec, const Network& network);
    void observe(std::span<const double> observation, double reward, Network& network) override;
    void drive(std::size_t step_in_window, Network& network) override;
    std::size_t active_neuron() const { return active_; }

private:
    EncoderSpec spec_;
    std::size_t population_;
    std::size_t active_ = 0;
};

// Place cells: neuron k (row-major over `grid`) has centre c_k; each step it spikes
// with p = rate * exp(-sum_d (x_d - c_kd)^2 / (2 sigma_d^2)) * dt.
class GaussianEncoder final : public Encoder {
public:
    GaussianEncoder(const EncoderSpec& spec, const Network& network, std::uint64_t stream);
    void reset(std::uint64_t seed) override { rng_.reseed(derive_seed({seed, stream_})); }
    void observe(std::span<const double> observation, double reward, Network& network) override;
    void drive(std::size_t step_in_window, Network& network) override;
    std::span<const double> probabilities() const { return probability_; }

private:
    EncoderSpec spec_;
    std::size_t population_;
    std::uint64_t stream_;
    double dt_;
    std::vector<double> centres_;  // neuron-major: centres_[k * dims + d]
    std::vector<double> probability_;
    Rng rng_;
};

// Every neuron spikes with p = rate * dt per step.
class PoissonEncoder final : public Encoder {
public:
    PoissonEncoder(const EncoderSpec& spec, const Network& network, std::uint64_t stream);
    void reset(std::uint64_t seed) override { rng_.reseed(derive_seed({seed, stream_})); }
    void observe(std::span<const double> /*observation*/, double /*reward*/, Network& /*network*/) override {}
    void drive(std::size_t step_in_window, Network& network) override;

private:
    std::size_t population_;
    std::size_t size_;
    std::uint64_t stream_;
    std::uint64_t threshold_;  // Rng::bernoulli_threshold(rate * dt)
    Rng rng_;
};

// Neuron i spikes at the first step of the window when observation[first + i] > 0.5.
class SpikePassthroughEncoder final : public Encoder {
public:
    SpikePassthroughEncoder(const EncoderSpec& spec, const Network& network);
    void observe(std::span<const double> observation, double reward, Network& network) override;

private:
    std::size_t population_;
    std::size_t size_;
    std::size_t first_;
};

// DC input to every neuron: current + gain * observation[c] (gain term optional).
class CurrentEncoder final : public Encoder {
public:
    CurrentEncoder(const EncoderSpec& spec, const Network& network);
    void observe(std::span<const double> observation, double reward, Network& network) override;

private:
    EncoderSpec spec_;
    std::size_t population_;
};

// Reward input: neuron 0 spikes when the last reward > 0, neuron 1 when < 0, at
// window steps 0, k, 2k, ... below `duration` steps.
class RewardEncoder final : public Encoder {
public:
    RewardEncoder(const EncoderSpec& spec, const Network& network);
    void observe(std::span<const double> observation, double reward, Network& network) override;
    void drive(std::size_t step_in_window, Network& network) override;

private:
    std::size_t population_;
    std::size_t interval_;
    std::size_t duration_;
    int neuron_ = -1;  // -1: reward was 0
};

// `stream` separates the random streams of several encoders of one agent.
std::unique_ptr<Encoder> make_encoder(const EncoderSpec& spec, const Network& network, std::uint64_t stream);

}  // namespace l2l::sim
