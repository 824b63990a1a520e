// Leaky integrate-and-fire neurons with exponential synaptic currents, integrated
// exactly (Rotter & Diesmann 1999), step for step as NEST's iaf_psc_exp.
// Structure of arrays: every parameter, propagator and state variable is one
// contiguous vector over the population, so step() is a single tight loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/neuron_parameters.hpp"

namespace l2l::sim {

// Exact one-step propagators for V (relative to E_L) and I_syn.
struct LifPropagators {
    double P11 = 0.0;  // I_syn decay: exp(-dt/tau_syn)
    double P21 = 0.0;  // effect of I_syn on V over one step (mV/pA)
    double P22 = 0.0;  // V decay: exp(-dt/tau_m)
    double P20 = 0.0;  // effect of a constant current on V over one step (mV/pA)
};

// dt, tau_m, tau_syn in ms, C_m in pF. P21 uses the expm1 form and falls back to
// dt/C * exp(-dt/tau_m) when tau_m == tau_syn or the form is not a normal positive number.
LifPropagators lif_propagators(double dt, double tau_m, double tau_syn, double C_m);

class LifNeurons {
public:
    // All neurons start with the defaults of model_parameters(NeuronModel::lif).
    LifNeurons(std::size_t count, double dt);

    std::size_t size() const { return V_.size(); }
    double dt() const { return dt_; }

    // Parameters by their names in model_parameters(); throws std::invalid_argument
    // for an unknown name. Setting one recomputes that neuron's propagators.
    double parameter(std::string_view name, std::size_t neuron) const;
    void set_parameter(std::string_view name, std::size_t neuron, double value);
    // Empty when every neuron is consistent, else what is wrong (e.g. V_reset >= V_th).
    std::string inconsistency() const;

    void reset();  // V = V_init, I_syn = 0, not refractory

    // One step. synaptic_input: sum of spike weights arriving now (pA);
    // external_current: DC input (pA), held constant over the step, or empty for none.
    // Appends indices of neurons that spike to `spikes` (capacity >= size()).
    void step(std::span<const double> synaptic_input, std::span<const double> external_current,
              std::vector<std::uint32_t>& spikes);

    double membrane_potential(std::size_t neuron) const { return E_L_[neuron] + V_[neuron]; }  // mV
    double synaptic_current(std::size_t neuron) const { return I_syn_[neuron]; }               // pA
    bool refractory(std::size_t neuron) const { return refractory_left_[neuron] > 0; }

private:
    std::vector<double>& parameter_array(std::string_view name);
    const std::vector<double>& parameter_array(std::string_view name) const;
    void update_derived(std::size_t neuron);
    // True when P20 * (I_e + 0) is +0 for this neuron, so a step without external
    // current may leave the constant-current term out (adding +0.0 instead).
    bool without_bias(std::size_t neuron) const;
    template <ConstantCurrent current>  // not inlined: three copies in one function run out of registers
    [[gnu::noinline]] void integrate(std::span<const double> synaptic_input, const double* external, std::vector<std::uint32_t>& spikes);

    double dt_;
    // parameters
    std::vector<double> tau_m_, C_m_, E_L_, V_th_, V_reset_, t_ref_, tau_syn_, I_e_, V_init_;
    // derived once per parameter change
    std::vector<double> P11_, P21_, P22_, P20_;
    std::vector<double> theta_;      // V_th - E_L
    std::vector<double> V_reset_rel_;  // V_reset - E_L
    std::vector<std::int32_t> refractory_steps_;
    std::size_t biased_ = 0;  // neurons for which without_bias() is false
    // state
    std::vector<double> V_;      // relative to E_L
    std::vector<double> I_syn_;  // pA
    std::vector<std::int32_t> refractory_left_;
};

}  // namespace l2l::sim
