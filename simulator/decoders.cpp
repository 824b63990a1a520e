#include "simulator/decoders.hpp"

#include <algorithm>
#include <stdexcept>

namespace l2l::sim {

int choose_action(std::span<const std::uint32_t> counts, int tie_action) {
    std::size_t best = 0;
    bool shared = false;
    for (std::size_t a = 1; a < counts.size(); ++a) {
        if (counts[a] > counts[best]) {
            best = a;
            shared = false;
        } else if (counts[a] == counts[best]) {
            shared = true;
        }
    }
    return shared ? tie_action : static_cast<int>(best);
}

ArgmaxDecoder::ArgmaxDecoder(const DecoderSpec& spec, const Network& network)
    : population_(network.population_index(spec.population)),
      neurons_per_action_(spec.neurons_per_action),
      tie_action_(spec.tie_action),
      counts_(network.population_size(population_) / spec.neurons_per_action) {}

void ArgmaxDecoder::begin_window() { std::fill(counts_.begin(), counts_.end(), 0U); }

void ArgmaxDecoder::record(const Network& network) {
    for (const std::uint32_t neuron : network.spikes(population_)) ++counts_[neuron / neurons_per_action_];
}

void ArgmaxDecoder::decide(env::Action& action) const { action.discrete = choose_action(counts_, tie_action_); }

PopulationVectorDecoder::PopulationVectorDecoder(const DecoderSpec& spec, const Network& network, std::size_t window_steps)
    : spec_(spec),
      population_(network.population_index(spec.population)),
      group_size_(network.population_size(population_) / (2 * spec.dimensions)),
      rate_per_count_(1000.0 / (static_cast<double>(group_size_) * static_cast<double>(window_steps) * network.dt())),
      counts_(2 * spec.dimensions) {}

void PopulationVectorDecoder::begin_window() { std::fill(counts_.begin(), counts_.end(), 0U); }

void PopulationVectorDecoder::record(const Network& network) {
    for (const std::uint32_t neuron : network.spikes(population_)) ++counts_[neuron / group_size_];
}

void PopulationVectorDecoder::decide(env::Action& action) const {
    for (std::size_t d = 0; d < spec_.dimensions; ++d) {
        const double difference = static_cast<double>(counts_[2 * d]) - static_cast<double>(counts_[2 * d + 1]);
        double value = spec_.gain * difference * rate_per_count_;
        if (spec_.clip) value = std::clamp(value, spec_.low, spec_.high);
        action.continuous[d] = value;
    }
}

SpikeCountDecoder::SpikeCountDecoder(const DecoderSpec& spec, const Network& network)
    : population_(network.population_index(spec.population)),
      neurons_per_output_(spec.neurons_per_action),
      counts_(network.population_size(population_) / spec.neurons_per_action) {}

void SpikeCountDecoder::begin_window() { std::fill(counts_.begin(), counts_.end(), 0U); }

void SpikeCountDecoder::record(const Network& network) {
    for (const std::uint32_t neuron : network.spikes(population_)) ++counts_[neuron / neurons_per_output_];
}

void SpikeCountDecoder::decide(env::Action& action) const {
    for (std::size_t a = 0; a < counts_.size(); ++a) action.continuous[a] = static_cast<double>(counts_[a]);
}

std::unique_ptr<Decoder> make_decoder(const DecoderSpec& spec, const Network& network, std::size_t window_steps) {
    switch (spec.kind) {
        case DecoderSpec::Kind::argmax: return std::make_unique<ArgmaxDecoder>(spec, network);
        case DecoderSpec::Kind::population_vector:
            return std::make_unique<PopulationVectorDecoder>(spec, network, window_steps);
        case DecoderSpec::Kind::spike_count: return std::make_unique<SpikeCountDecoder>(spec, network);
    }
    throw std::invalid_argument("unknown decoder kind");
}

}  // namespace l2l::sim
