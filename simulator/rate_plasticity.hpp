// The differentiable-plasticity rules of SpikePropamine (Schmidgall et al. 2021,
// seed 002 §2.2-2.3), with parameters set by the genome instead of gradients.
// A spike crosses synapse (pre j -> post i) with W_eff = W + alpha ⊙ E. Every
// `interval` steps (Delta tau) the rates r = spike count / interval (spikes per
// step, in [0, 1]) update E (n_post x n_pre, stored in synapse order):
//   linear_decay: E <- (1-eta) E + eta r_post r_pre^T
//   oja:          E <- (1-eta) E + eta (r_post - E r_pre) r_pre^T
//   bcm:          E <- (1-eta) E + eta r_post (r_pre ⊙ (r_pre - (phi + psi)))^T ;
//                 phi <- (1-eta_phi) phi + eta_phi r_pre
//   ndp_oja, ndp_bcm: r_post in the post term is replaced by M ⊙ r_post, M = W_m r_post
// then E is clipped to [-e_max, e_max]. E and phi start at 0.
// M_i only matters where r_post_i > 0, so it is computed for the active post neurons only.
//
// Only synapses of pre neurons that spiked in the interval get more than the
// decay (every rule's increment is 0 when r_pre_j = 0), so the decay (1-eta)
// is kept in one common factor of the stored trace: an update costs
// O(active pre neurons x fan-out + n_post + active post neurons^2), like
// transmitting their spikes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/network_spec.hpp"
#include "simulator/projection.hpp"

namespace l2l::sim {

class RatePlasticity {
public:
    // spec.rule is a rate rule; spec.values holds every parameter of the rule.
    RatePlasticity(const PlasticitySpec& spec, const Projection& projection, double dt);

    PlasticityRule rule() const { return rule_; }
    std::size_t interval_steps() const { return interval_steps_; }

    // Parameters by name and element (plasticity_parameters(rule) gives the shape);
    // throws std::invalid_argument for a name the rule does not have.
    std::size_t parameter_size(std::string_view name) const;
    double parameter(std::string_view name, std::size_t element) const;
    void set_parameter(std::string_view name, std::size_t element, double value);

    // E = 0, phi = 0.
    void reset_plasticity();
    // The interval restarts: spike counts 0.
    void reset_activity();

    // Transmission with W + alpha E.
    std::size_t deliver(const Projection& projection, std::span<const std::uint32_t> pre_spikes,
                        std::span<double> post_input) const {
        return projection.deliver_plastic(pre_spikes, post_input, alpha_.data(), trace_.data(), trace_scale_);
    }
    // Counts this step's spikes; at the end of an interval updates E (and phi).
    void step(const Projection& projection, std::span<const std::uint32_t> pre_spikes,
              std::span<const std::uint32_t> post_spikes);

    double trace(std::size_t synapse) const { return trace_scale_ * trace_[synapse]; }  // E
    double effective_weight(const Projection& projection, std::size_t synapse) const {
        return projection.weights()[synapse] + trace_scale_ * (alpha_[synapse] * trace_[synapse]);
    }
    double threshold(std::size_t pre) const { return phi_[pre]; }           // phi (BCM)
    // M_i of the last update (NDP) for post neurons that spiked in that interval; 0 for the
    // others, whose post term M_i r_post_i is 0 whatever M_i is.
    double modulation(std::size_t post) const { return modulation_[post]; }

private:
    std::vector<double>& array_of(std::string_view name);
    const std::vector<double>& array_of(std::string_view name) const;
    void update(const Projection& projection);

    PlasticityRule rule_;
    std::size_t interval_steps_;
    std::size_t pre_size_;
    std::size_t post_size_;
    // Parameters; scalars are one-element arrays so every parameter is addressed alike.
    std::vector<double> eta_{0.1}, eta_phi_{0.1}, e_max_{1.0};
    std::vector<double> alpha_;  // per synapse
    std::vector<double> psi_;    // per pre neuron (BCM)
    std::vector<double> W_m_;  // NDP: post x post, row-major (W_m[i, k]: post k modulates post i)

    std::vector<double> trace_;  // E / trace_scale_, synapse order
    double trace_scale_ = 1.0;
    std::vector<double> phi_;    // per pre neuron (BCM)

    std::size_t steps_in_interval_ = 0;
    std::vector<std::uint32_t> pre_count_;
    std::vector<std::uint32_t> post_count_;
    // Pre neurons with a spike in this interval: the first active_pre_count_ entries
    // (a sized array, not push_back: a copied vector would lose a reserved capacity).
    std::vector<std::uint32_t> active_pre_;
    std::size_t active_pre_count_ = 0;
    // Scratch of an update, sized once.
    std::vector<double> post_rate_;
    std::vector<double> post_factor_;  // g_i: the post term of the increment
    std::vector<double> modulation_;
    std::vector<std::uint32_t> active_post_;
    std::size_t active_post_count_ = 0;
};

}  // namespace l2l::sim
