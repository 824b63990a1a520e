#include "simulator/lif.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "simulator/neuron_parameters.hpp"

namespace l2l::sim {

LifPropagators lif_propagators(double dt, double tau_m, double tau_syn, double C_m) {
    LifPropagators p;
    p.P11 = std::exp(-dt / tau_syn);
    p.P22 = std::exp(-dt / tau_m);
    p.P20 = tau_m / C_m * (1.0 - p.P22);
    const double fallback = dt / C_m * std::exp(-dt / tau_m);
    if (tau_m == tau_syn) {
        p.P21 = fallback;
    } else {
        // expm1 keeps precision when tau_m and tau_syn are close.
        const double exact = tau_syn * tau_m / (C_m * (tau_m - tau_syn)) * std::exp(-dt / tau_syn) *
                             std::expm1(dt * (tau_m - tau_syn) / (tau_syn * tau_m));
        p.P21 = (std::isnormal(exact) && exact > 0.0) ? exact : fallback;
    }
    return p;
}

namespace {
double default_of(std::string_view name) { return default_value(NeuronModel::lif, name); }
}  // namespace

LifNeurons::LifNeurons(std::size_t count, double dt)
    : dt_(dt),
      tau_m_(count, default_of("tau_m")),
      C_m_(count, default_of("C_m")),
      E_L_(count, default_of("E_L")),
      V_th_(count, default_of("V_th")),
      V_reset_(count, default_of("V_reset")),
      t_ref_(count, default_of("t_ref")),
      tau_syn_(count, default_of("tau_syn")),
      I_e_(count, default_of("I_e")),
      V_init_(count, default_of("V_init")),
      P11_(count),
      P21_(count),
      P22_(count),
      P20_(count),
      theta_(count),
      V_reset_rel_(count),
      refractory_steps_(count),
      V_(count),
      I_syn_(count),
      refractory_left_(count) {
    for (std::size_t i = 0; i < count; ++i) {
        update_derived(i);
        if (!without_bias(i)) ++biased_;
    }
    reset();
}

std::vector<double>& LifNeurons::parameter_array(std::string_view name) {
    return const_cast<std::vector<double>&>(std::as_const(*this).parameter_array(name));
}

const std::vector<double>& LifNeurons::parameter_array(std::string_view name) const {
    if (name == "tau_m") return tau_m_;
    if (name == "C_m") return C_m_;
    if (name == "E_L") return E_L_;
    if (name == "V_th") return V_th_;
    if (name == "V_reset") return V_reset_;
    if (name == "t_ref") return t_ref_;
    if (name == "tau_syn") return tau_syn_;
    if (name == "I_e") return I_e_;
    if (name == "V_init") return V_init_;
    throw std::invalid_argument(fmt::format("lif has no parameter '{}'", name));
}

double LifNeurons::parameter(std::string_view name, std::size_t neuron) const { return parameter_array(name).at(neuron); }

void LifNeurons::set_parameter(std::string_view name, std::size_t neuron, double value) {
    std::vector<double>& values = parameter_array(name);
    if (neuron >= values.size()) throw std::out_of_range(fmt::format("lif neuron {} of {}", neuron, values.size()));
    const bool was_biased = !without_bias(neuron);
    values[neuron] = value;
    update_derived(neuron);
    recount_biased(biased_, was_biased, !without_bias(neuron));
}

bool LifNeurons::without_bias(std::size_t i) const {
    // I_e = +-0 and external current +0 give I_e + external = +0; P20 * +0 is +0
    // only for a finite P20 without sign bit.
    return I_e_[i] == 0.0 && std::isfinite(P20_[i]) && !std::signbit(P20_[i]);
}

void LifNeurons::update_derived(std::size_t i) {
    const LifPropagators p = lif_propagators(dt_, tau_m_[i], tau_syn_[i], C_m_[i]);
    P11_[i] = p.P11;
    P21_[i] = p.P21;
    P22_[i] = p.P22;
    P20_[i] = p.P20;
    theta_[i] = V_th_[i] - E_L_[i];
    V_reset_rel_[i] = V_reset_[i] - E_L_[i];
    refractory_steps_[i] = refractory_steps(t_ref_[i], dt_);
}

std::string LifNeurons::inconsistency() const {
    for (std::size_t i = 0; i < size(); ++i) {
        if (!(V_reset_[i] < V_th_[i])) {
            return fmt::format("neuron {}: V_reset = {} mV must be below V_th = {} mV", i, V_reset_[i], V_th_[i]);
        }
    }
    return {};
}

void LifNeurons::reset() {
    for (std::size_t i = 0; i < size(); ++i) {
        V_[i] = V_init_[i] - E_L_[i];
        I_syn_[i] = 0.0;
        refractory_left_[i] = 0;
    }
}

void LifNeurons::step(std::span<const double> synaptic_input, std::span<const double> external_current,
                      std::vector<std::uint32_t>& spikes) {
    // The external pointer is read only by the bias_and_external step.
    with_constant_current(constant_current(!external_current.empty(), biased_ > 0), [&]<ConstantCurrent current>() {
        integrate<current>(synaptic_input, external_current.data(), spikes);
    });
}

// NEST order: V sees the current of the previous step, then this step's spikes
// enter I; a refractory neuron keeps V and counts down. ConstantCurrent::none
// adds +0.0 where P20 * (I_e + external) is +0 (without_bias()). (A vectorised
// form, as AlifNeurons has, cost more instructions here: SSE2 has no 32-bit
// multiply, and most LIF populations are small.)
template <ConstantCurrent current>
void LifNeurons::integrate(std::span<const double> synaptic_input, const double* external,
                           std::vector<std::uint32_t>& spikes) {
    // Every array in a __restrict local: through member vectors the compiler
    // reloads each data pointer after every store.
    const std::size_t n = size();
    double* __restrict V = V_.data();
    double* __restrict I = I_syn_.data();
    std::int32_t* __restrict refractory_left = refractory_left_.data();
    const double* __restrict input = synaptic_input.data();
    const double* __restrict P11 = P11_.data();
    const double* __restrict P21 = P21_.data();
    const double* __restrict P22 = P22_.data();
    const double* __restrict P20 = P20_.data();
    const double* __restrict I_e = I_e_.data();
    const double* __restrict theta = theta_.data();
    const double* __restrict V_reset = V_reset_rel_.data();
    const std::int32_t* __restrict refractory_steps = refractory_steps_.data();
    for (std::size_t i = 0; i < n; ++i) {
        double V_i = V[i];
        const double I_i = I[i];
        if (refractory_left[i] == 0) {
            const double sum = P22[i] * V_i + P21[i] * I_i;
            if constexpr (current == ConstantCurrent::none) V_i = sum + 0.0;
            if constexpr (current == ConstantCurrent::bias) V_i = sum + P20[i] * (I_e[i] + 0.0);
            if constexpr (current == ConstantCurrent::bias_and_external) V_i = sum + P20[i] * (I_e[i] + external[i]);
        } else {
            --refractory_left[i];
        }
        I[i] = P11[i] * I_i + input[i];
        if (V_i >= theta[i]) {
            refractory_left[i] = refractory_steps[i];
            V_i = V_reset[i];
            spikes.push_back(static_cast<std::uint32_t>(i));
        }
        V[i] = V_i;
    }
}

}  // namespace l2l::sim
