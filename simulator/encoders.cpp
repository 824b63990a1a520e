#include "simulator/encoders.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace l2l::sim {
namespace {
double component(std::span<const double> observation, std::size_t index, const Network& network, std::size_t population) {
    if (index >= observation.size()) {
        throw std::invalid_argument(fmt::format("observation has {} components; the encoder of population '{}' reads component {}",
                                                observation.size(), network.population_name(population), index));
    }
    return observation[index];
}
}  // namespace

std::size_t bin_index(double x, double low, double high, std::size_t bins) {
    const double position = (x - low) / (high - low) * static_cast<double>(bins);
    if (!(position > 0.0)) return 0;  // also NaN
    const auto index = static_cast<std::size_t>(std::min(position, static_cast<double>(bins - 1)));
    return std::min(index, bins - 1);
}

BinEncoder::BinEncoder(const EncoderSpec& spec, const Network& network)
    : spec_(spec), population_(network.population_index(spec.population)), active_(spec.first_neuron) {
    if (spec.drive == EncoderSpec::Drive::spikes && spec.spike_interval == 0) {
        throw std::invalid_argument("bin encoder: spike_interval must be at least one step");
    }
}

void BinEncoder::observe(std::span<const double> observation, double /*reward*/, Network& network) {
    const double x = component(observation, spec_.observation[0], network, population_);
    active_ = spec_.first_neuron + bin_index(x, spec_.low[0], spec_.high[0], spec_.bins);
    if (spec_.drive == EncoderSpec::Drive::current) {
        const std::span<double> current = network.external_current(population_).subspan(spec_.first_neuron, spec_.bins);
        std::fill(current.begin(), current.end(), 0.0);
        network.external_current(population_)[active_] = spec_.current;
    }
}

void BinEncoder::drive(std::size_t step_in_window, Network& network) {
    if (spec_.drive == EncoderSpec::Drive::spikes && step_in_window % spec_.spike_interval == 0) {
        network.inject_spike(population_, static_cast<std::uint32_t>(active_));
    }
}

GaussianEncoder::GaussianEncoder(const EncoderSpec& spec, const Network& network, std::uint64_t stream)
    : spec_(spec),
      population_(network.population_index(spec.population)),
      stream_(stream),
      dt_(network.dt()),
      probability_(network.population_size(population_)) {
    const std::size_t dims = spec.grid.size();
    const std::size_t size = probability_.size();
    centres_.resize(size * dims);
    for (std::size_t k = 0; k < size; ++k) {
        std::size_t rest = k;
        for (std::size_t d = dims; d-- > 0;) {  // last component varies fastest
            const std::size_t n = spec.grid[d];
            const std::size_t i = rest % n;
            rest /= n;
            centres_[k * dims + d] =
                n == 1 ? 0.5 * (spec.low[d] + spec.high[d])
                       : spec.low[d] + (spec.high[d] - spec.low[d]) * static_cast<double>(i) / static_cast<double>(n - 1);
        }
    }
}

void GaussianEncoder::observe(std::span<const double> observation, double /*reward*/, Network& network) {
    const std::size_t dims = spec_.grid.size();
    for (std::size_t d = 0; d < dims; ++d) component(observation, spec_.observation[d], network, population_);
    const double peak = spec_.rate * dt_ / 1000.0;
    for (std::size_t k = 0; k < probability_.size(); ++k) {
        double exponent = 0.0;
        for (std::size_t d = 0; d < dims; ++d) {
            const double distance = observation[spec_.observation[d]] - centres_[k * dims + d];
            exponent += distance * distance / (2.0 * spec_.sigma[d] * spec_.sigma[d]);
        }
        probability_[k] = peak * std::exp(-exponent);
    }
}

void GaussianEncoder::drive(std::size_t /*step_in_window*/, Network& network) {
    for (std::size_t k = 0; k < probability_.size(); ++k) {
        if (rng_.bernoulli(probability_[k])) network.inject_spike(population_, static_cast<std::uint32_t>(k));
    }
}

PoissonEncoder::PoissonEncoder(const EncoderSpec& spec, const Network& network, std::uint64_t stream)
    : population_(network.population_index(spec.population)),
      size_(network.population_size(population_)),
      stream_(stream),
      threshold_(Rng::bernoulli_threshold(spec.rate * network.dt() / 1000.0)) {}

void PoissonEncoder::drive(std::size_t /*step_in_window*/, Network& network) {
    for (std::size_t k = 0; k < size_; ++k) {
        if (rng_.bernoulli_below(threshold_)) network.inject_spike(population_, static_cast<std::uint32_t>(k));
    }
}

SpikePassthroughEncoder::SpikePassthroughEncoder(const EncoderSpec& spec, const Network& network)
    : population_(network.population_index(spec.population)),
      size_(network.population_size(population_)),
      first_(spec.observation.at(0)) {}

void SpikePassthroughEncoder::observe(std::span<const double> observation, double /*reward*/, Network& network) {
    component(observation, first_ + size_ - 1, network, population_);
    for (std::size_t i = 0; i < size_; ++i) {
        if (observation[first_ + i] > 0.5) network.inject_spike(population_, static_cast<std::uint32_t>(i));
    }
}

CurrentEncoder::CurrentEncoder(const EncoderSpec& spec, const Network& network)
    : spec_(spec), population_(network.population_index(spec.population)) {}

void CurrentEncoder::observe(std::span<const double> observation, double /*reward*/, Network& network) {
    double value = spec_.current;
    if (!spec_.observation.empty()) value += spec_.gain * component(observation, spec_.observation[0], network, population_);
    const std::span<double> current = network.external_current(population_);
    std::fill(current.begin(), current.end(), value);
}

RewardEncoder::RewardEncoder(const EncoderSpec& spec, const Network& network)
    : population_(network.population_index(spec.population)), interval_(spec.spike_interval), duration_(spec.duration) {
    if (interval_ == 0) throw std::invalid_argument("reward encoder: spike_interval must be at least one step");
}

void RewardEncoder::observe(std::span<const double> /*observation*/, double reward, Network& /*network*/) {
    neuron_ = reward > 0.0 ? 0 : (reward < 0.0 ? 1 : -1);
}

void RewardEncoder::drive(std::size_t step_in_window, Network& network) {
    if (neuron_ >= 0 && step_in_window < duration_ && step_in_window % interval_ == 0) {
        network.inject_spike(population_, static_cast<std::uint32_t>(neuron_));
    }
}

std::unique_ptr<Encoder> make_encoder(const EncoderSpec& spec, const Network& network, std::uint64_t stream) {
    switch (spec.kind) {
        case EncoderSpec::Kind::bin: return std::make_unique<BinEncoder>(spec, network);
        case EncoderSpec::Kind::gaussian: return std::make_unique<GaussianEncoder>(spec, network, stream);
        case EncoderSpec::Kind::poisson: return std::make_unique<PoissonEncoder>(spec, network, stream);
        case EncoderSpec::Kind::passthrough: return std::make_unique<SpikePassthroughEncoder>(spec, network);
        case EncoderSpec::Kind::current: return std::make_unique<CurrentEncoder>(spec, network);
        case EncoderSpec::Kind::reward: return std::make_unique<RewardEncoder>(spec, network);
    }
    throw std::invalid_argument("unknown encoder kind");
}

}  // namespace l2l::sim
