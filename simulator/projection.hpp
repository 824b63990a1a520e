// Synapses from one population to another with one delay. Weights are stored in
// synapse order "by pre neuron, then by post neuron" either as a dense
// n_pre x n_post matrix or as compressed rows (targets + weights per pre neuron);
// both give a spiking pre neuron's synapses as one contiguous run.
//
// Extension point for plasticity: a rule per projection will need this step's
// pre and post spikes and write access to weights(); Network::step() calls
// deliver() for transmission and has a separate phase after all populations
// updated where such a rule hooks in, so the transmission path stays unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "simulator/network_spec.hpp"

namespace l2l::sim {

class Projection {
public:
    // Builds connectivity and initial weights from the spec (draws from spec.seed).
    Projection(const ProjectionSpec& spec, std::size_t pre_population, std::size_t post_population,
               std::size_t pre_size, std::size_t post_size, std::size_t delay_steps);

    const std::string& name() const { return name_; }
    std::size_t pre_population() const { return pre_population_; }
    std::size_t post_population() const { return post_population_; }
    std::size_t delay_steps() const { return delay_steps_; }
    bool is_dense() const { return dense_; }

    std::size_t synapse_count() const { return weights_.size(); }
    std::span<double> weights() { return weights_; }  // pA, synapse order
    std::span<const double> weights() const { return weights_; }
    std::uint32_t pre_of(std::size_t synapse) const;
    std::uint32_t post_of(std::size_t synapse) const;

    // Adds the weights of every spiking pre neuron's synapses to `post_input`;
    // returns the number of synaptic events.
    std::size_t deliver(std::span<const std::uint32_t> pre_spikes, std::span<double> post_input) const {
        std::size_t events = 0;
        double* input = post_input.data();
        if (dense_) {
            for (const std::uint32_t pre : pre_spikes) {
                const double* row = weights_.data() + static_cast<std::size_t>(pre) * post_size_;
                for (std::size_t post = 0; post < post_size_; ++post) input[post] += row[post];
            }
            events = pre_spikes.size() * post_size_;
        } else {
            for (const std::uint32_t pre : pre_spikes) {
                const std::size_t begin = row_start_[pre];
                const std::size_t end = row_start_[pre + 1U];
                for (std::size_t k = begin; k < end; ++k) input[targets_[k]] += weights_[k];
                events += end - begin;
            }
        }
        return events;
    }

private:
    std::string name_;
    std::size_t pre_population_;
    std::size_t post_population_;
    std::size_t pre_size_;
    std::size_t post_size_;
    std::size_t delay_steps_;
    bool dense_ = true;
    std::vector<double> weights_;
    std::vector<std::uint32_t> row_start_;  // sparse: n_pre + 1 offsets into targets_/weights_
    std::vector<std::uint32_t> targets_;    // sparse: post neuron of each synapse
};

}  // namespace l2l::sim
