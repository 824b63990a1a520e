// Synapses from one population to another with one delay. Weights are stored in
// synapse order "by pre neuron, then by post neuron" either as a dense
// n_pre x n_post matrix or as compressed rows (targets + weights per pre neuron);
// both give a spiking pre neuron's synapses as one contiguous run.
//
// weights() are the parameters W (what the genome sets). A plasticity rule keeps
// its changing state beside them and transmits through deliver_weights() (STDP:
// its own current weights) or deliver_plastic() (W + alpha E), so the plain
// transmission path is the same loop for every case.
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

    std::size_t pre_size() const { return pre_size_; }
    std::size_t post_size() const { return post_size_; }
    // Synapses of pre neuron `pre`: [row_begin(pre), row_end(pre)).
    std::size_t row_begin(std::uint32_t pre) const {
        return dense_ ? static_cast<std::size_t>(pre) * post_size_ : row_start_[pre];
    }
    std::size_t row_end(std::uint32_t pre) const {
        return dense_ ? (static_cast<std::size_t>(pre) + 1U) * post_size_ : row_start_[pre + 1U];
    }
    // Sparse storage: the post neuron of every synapse (nullptr when dense: synapse
    // k of row pre is post k - row_begin(pre)).
    const std::uint32_t* targets() const { return dense_ ? nullptr : targets_.data(); }
    // Calls visit(synapse, post) for every synapse of pre neuron `pre`, in order.
    template <class Visit>
    void for_each_synapse_of(std::uint32_t pre, Visit visit) const {
        const std::size_t begin = row_begin(pre);
        const std::size_t end = row_end(pre);
        if (dense_) {
            for (std::size_t k = begin; k < end; ++k) visit(k, static_cast<std::uint32_t>(k - begin));
        } else {
            for (std::size_t k = begin; k < end; ++k) visit(k, targets_[k]);
        }
    }

    // Adds the weights of every spiking pre neuron's synapses to `post_input`;
    // returns the number of synaptic events.
    std::size_t deliver(std::span<const std::uint32_t> pre_spikes, std::span<double> post_input) const {
        return deliver_weights(pre_spikes, post_input, weights_.data());
    }
    // The same with other weights in synapse order (a plasticity rule's current weights).
    std::size_t deliver_weights(std::span<const std::uint32_t> pre_spikes, std::span<double> post_input,
                                const double* weights) const {
        return transmit(pre_spikes, post_input, [weights](std::size_t k) { return weights[k]; });
    }
    // Transmits W + trace_scale * (alpha * trace) per synapse (SpikePropamine's
    // W_eff = W + alpha E with E = trace_scale * trace).
    std::size_t deliver_plastic(std::span<const std::uint32_t> pre_spikes, std::span<double> post_input,
                                const double* alpha, const double* trace, double trace_scale) const {
        const double* w = weights_.data();
        return transmit(pre_spikes, post_input,
                        [w, alpha, trace, trace_scale](std::size_t k) { return w[k] + trace_scale * (alpha[k] * trace[k]); });
    }

private:
    template <class WeightOf>
    std::size_t transmit(std::span<const std::uint32_t> pre_spikes, std::span<double> post_input, WeightOf weight_of) const {
        std::size_t events = 0;
        double* input = post_input.data();
        if (dense_) {
            for (const std::uint32_t pre : pre_spikes) {
                const std::size_t row = static_cast<std::size_t>(pre) * post_size_;
                for (std::size_t post = 0; post < post_size_; ++post) input[post] += weight_of(row + post);
            }
            events = pre_spikes.size() * post_size_;
        } else {
            for (const std::uint32_t pre : pre_spikes) {
                const std::size_t begin = row_start_[pre];
                const std::size_t end = row_start_[pre + 1U];
                for (std::size_t k = begin; k < end; ++k) input[targets_[k]] += weight_of(k);
                events += end - begin;
            }
        }
        return events;
    }

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
