// Pair-based STDP with exponential traces and multiplicative weight bounds
// (seed 003 eq. 8-12, NEST stdp_synapse), and its reward-modulated form (R-STDP).
// Per step, after transmission (x = w / w_max, x_min = w_min / w_max):
//   R-STDP, when a reward r arrived: w += eta (r - b) e, clipped to [w_min, w_max];
//                                    b += baseline_rate (r - b)
//   pre_trace *= exp(-dt/tau_plus); post_trace *= exp(-dt/tau_minus); e *= exp(-dt/tau_e)
//   pre spike i, each synapse (i, j):  x <- max(x - alpha lambda x^mu_minus post_trace[j], x_min);  pre_trace[i] += 1
//   post spike j, each synapse (i, j): x <- min(x + lambda (1 - x)^mu_plus pre_trace[i], 1);     post_trace[j] += 1
// R-STDP adds the change STDP would make, w_max * (x_new - x) before the bound,
// to the eligibility e instead of the weight. A pre and a post spike in the same
// step count as pre before post. Spike times are emission times (the delay is
// the transmission's). With mu = 1 (the common multiplicative case) the updates
// run in weight units, the same rule in fewer operations per synapse:
//   w <- max(w - w alpha lambda post_trace[j], w_min),  w <- min(w + (w_max - w) lambda pre_trace[i], w_max).
//
// The eligibility decays every step without touching every synapse: it is
// stored divided by a common factor that takes the decay (folded back into the
// values when it gets small), so a step costs O(spikes x fan) like transmission.
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

class Stdp {
public:
    // spec.rule is stdp or reward_stdp; spec.values holds every parameter of the rule.
    Stdp(const PlasticitySpec& spec, const Projection& projection, double dt);

    bool reward_modulated() const { return reward_modulated_; }

    // Parameters by their names in plasticity_parameters(); all are scalars.
    // Throws std::invalid_argument for a name the rule does not have.
    double parameter(std::string_view name) const;
    void set_parameter(std::string_view name, double value);
    std::string inconsistency() const;  // empty, or e.g. "w_min = 5 pA must be below w_max = 4 pA"

    // Weights back to W (clipped into [w_min, w_max]), eligibility and baseline 0.
    void reset_plasticity(const Projection& projection);
    // Pre and post traces 0.
    void reset_activity();

    // R-STDP: the reward given since the last step (applied first in step()).
    void apply_reward(double reward);
    // This step's spikes of the pre and post populations (ascending indices).
    void step(const Projection& projection, std::span<const std::uint32_t> pre_spikes,
              std::span<const std::uint32_t> post_spikes);

    std::span<const double> weights() const { return weights_; }  // current weights (pA), synapse order
    double eligibility(std::size_t synapse) const { return eligibility_[synapse] * eligibility_scale_; }
    double baseline() const { return baseline_; }
    double pre_trace(std::size_t neuron) const { return pre_trace_[neuron]; }
    double post_trace(std::size_t neuron) const { return post_trace_[neuron]; }

private:
    // &tau_plus_ etc. (const or not, following `self`); throws for an unknown name.
    template <class Self>
    static auto parameter_slot(Self& self, std::string_view name) -> decltype(&self.tau_plus_);
    void update_derived();
    // Sparse storage: the synapses onto each post neuron, by ascending pre neuron.
    void index_columns(const Projection& projection);
    void decay_eligibility();
    template <bool reward_modulated>
    void step_rule(const Projection& projection, std::span<const std::uint32_t> pre_spikes,
                   std::span<const std::uint32_t> post_spikes);
    template <bool reward_modulated, bool unit_mu_minus, bool unit_mu_plus>
    void step_spikes(const Projection& projection, std::span<const std::uint32_t> pre_spikes,
                     std::span<const std::uint32_t> post_spikes);

    bool reward_modulated_;
    double dt_;
    double tau_plus_ = 20.0, tau_minus_ = 20.0, lambda_ = 0.01, alpha_ = 1.0, mu_plus_ = 1.0, mu_minus_ = 1.0;
    double w_max_ = 1.0, w_min_ = 0.0;
    double tau_e_ = 1000.0, eta_ = 1.0, baseline_rate_ = 0.0;
    double pre_decay_ = 0.0, post_decay_ = 0.0, eligibility_decay_ = 0.0;

    std::vector<double> weights_;
    std::vector<double> pre_trace_;
    std::vector<double> post_trace_;
    std::vector<double> eligibility_;  // R-STDP: true eligibility = eligibility_ * eligibility_scale_
    double eligibility_scale_ = 1.0;
    double baseline_ = 0.0;
    // Sparse storage: synapses by post neuron (for potentiation), column_start_[j] ..
    // column_start_[j + 1] index column_pre_ / column_synapse_. Dense storage needs none.
    std::vector<std::uint32_t> column_start_;
    std::vector<std::uint32_t> column_pre_;
    std::vector<std::uint32_t> column_synapse_;
};

}  // namespace l2l::sim
