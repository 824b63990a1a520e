// Adaptive LIF neurons of the LSNN (Bellec et al. 2018): a spike raises the
// threshold, which decays back with tau_a; the membrane is reset by subtracting
// the threshold. With beta = 0 this is the LSNN's plain LIF.
//
// Units: v in mV relative to rest; inputs are currents in pA that enter through
// the input resistance R = tau_m / C_m, so the models' "I_j(t)" is R * (spike
// weights arriving this step + I_e + external current). A spike's weight acts
// for one step only (no synaptic filter), as in the LSNN.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace l2l::sim {

class AlifNeurons {
public:
    // All neurons start with the defaults of model_parameters(NeuronModel::alif).
    AlifNeurons(std::size_t count, double dt);

    std::size_t size() const { return v_.size(); }
    double dt() const { return dt_; }

    double parameter(std::string_view name, std::size_t neuron) const;
    void set_parameter(std::string_view name, std::size_t neuron, double value);
    std::string inconsistency() const { return {}; }

    void reset();  // v = 0, b = 0, no previous spike, not refractory

    // One step of models.md's ALIF equations; appends spiking neurons to `spikes`.
    // external_current: DC input (pA) per neuron, or empty for none.
    void step(std::span<const double> synaptic_input, std::span<const double> external_current,
              std::vector<std::uint32_t>& spikes);

    double membrane_potential(std::size_t neuron) const { return v_[neuron]; }    // mV above rest
    // A_j(t), mV: the same expression as in step(), so the same value.
    double threshold(std::size_t neuron) const { return b0_[neuron] + beta_[neuron] * b_[neuron]; }
    double adaptation(std::size_t neuron) const { return b_[neuron]; }            // b_j(t)

private:
    std::vector<double>& parameter_array(std::string_view name);
    const std::vector<double>& parameter_array(std::string_view name) const;
    void update_derived(std::size_t neuron);

    double dt_;
    std::vector<double> tau_m_, C_m_, b0_, beta_, tau_a_, t_ref_, I_e_;
    std::vector<double> alpha_;        // exp(-dt/tau_m)
    std::vector<double> rho_;          // exp(-dt/tau_a)
    std::vector<double> input_gain_;   // (1 - alpha) * R
    std::vector<std::int32_t> refractory_steps_;
    std::size_t biased_ = 0;           // neurons with I_e != 0
    std::vector<double> v_, b_;
    std::vector<std::uint8_t> spiked_;  // z_j(t-1)
    std::vector<std::int32_t> refractory_left_;
};

}  // namespace l2l::sim
