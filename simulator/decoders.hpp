// Decoders turn the spikes of an output population during one action window
// into an action. begin_window() and record() run inside the window, decide()
// at its end. None allocates after construction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "environments/environment.hpp"
#include "simulator/agent_config.hpp"
#include "simulator/network.hpp"

namespace l2l::sim {

class Decoder {
public:
    virtual ~Decoder() = default;
    // Sizes action.continuous once, so decide() never allocates.
    virtual void prepare(env::Action& /*action*/) const {}
    virtual void begin_window() = 0;
    virtual void record(const Network& network) = 0;  // after every simulation step
    virtual void decide(env::Action& action) const = 0;
};

// Index of the largest count; when the largest count is shared by two or more
// actions (including all zero), `tie_action`.
int choose_action(std::span<const std::uint32_t> counts, int tie_action);

// Discrete action = argmax of spike counts per action group
// (neurons [a * neurons_per_action, (a + 1) * neurons_per_action) vote for action a).
class ArgmaxDecoder final : public Decoder {
public:
    ArgmaxDecoder(const DecoderSpec& spec, const Network& network);
    void begin_window() override;
    void record(const Network& network) override;
    void decide(env::Action& action) const override;
    std::span<const std::uint32_t> counts() const { return counts_; }

private:
    std::size_t population_;
    std::size_t neurons_per_action_;
    int tie_action_;
    std::vector<std::uint32_t> counts_;  // per action
};

// Continuous action: population groups in the order +x0, -x0, +x1, -x1, ...;
// component d = gain * (rate of +d group - rate of -d group) in Hz (rates averaged
// over the group's neurons and the window), clipped to [low, high] if given.
class PopulationVectorDecoder final : public Decoder {
public:
    PopulationVectorDecoder(const DecoderSpec& spec, const Network& network, std::size_t window_steps);
    void prepare(env::Action& action) const override { action.continuous.assign(spec_.dimensions, 0.0); }
    void begin_window() override;
    void record(const Network& network) override;
    void decide(env::Action& action) const override;

private:
    DecoderSpec spec_;
    std::size_t population_;
    std::size_t group_size_;
    double rate_per_count_;  // Hz per spike of one group
    std::vector<std::uint32_t> counts_;  // per group
};

// Continuous action of spike counts: component a = number of spikes of neurons
// [a * neurons_per_output, (a + 1) * neurons_per_output) in the window (the
// T-maze's Spikes(2) action: the output spikes of each step).
class SpikeCountDecoder final : public Decoder {
public:
    SpikeCountDecoder(const DecoderSpec& spec, const Network& network);
    void prepare(env::Action& action) const override { action.continuous.assign(counts_.size(), 0.0); }
    void begin_window() override;
    void record(const Network& network) override;
    void decide(env::Action& action) const override;

private:
    std::size_t population_;
    std::size_t neurons_per_output_;
    std::vector<std::uint32_t> counts_;  // per output component
};

std::unique_ptr<Decoder> make_decoder(const DecoderSpec& spec, const Network& network, std::size_t window_steps);

}  // namespace l2l::sim
