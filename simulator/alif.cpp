#include "simulator/alif.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "simulator/neuron_parameters.hpp"

namespace l2l::sim {
namespace {
double default_of(std::string_view name) { return default_value(NeuronModel::alif, name); }
}  // namespace

AlifNeurons::AlifNeurons(std::size_t count, double dt)
    : dt_(dt),
      tau_m_(count, default_of("tau_m")),
      C_m_(count, default_of("C_m")),
      b0_(count, default_of("b0")),
      beta_(count, default_of("beta")),
      tau_a_(count, default_of("tau_a")),
      t_ref_(count, default_of("t_ref")),
      I_e_(count, default_of("I_e")),
      alpha_(count),
      rho_(count),
      input_gain_(count),
      refractory_steps_(count),
      v_(count),
      b_(count),
      threshold_(count),
      spiked_(count),
      refractory_left_(count) {
    for (std::size_t i = 0; i < count; ++i) update_derived(i);
    reset();
}

std::vector<double>& AlifNeurons::parameter_array(std::string_view name) {
    return const_cast<std::vector<double>&>(std::as_const(*this).parameter_array(name));
}

const std::vector<double>& AlifNeurons::parameter_array(std::string_view name) const {
    if (name == "tau_m") return tau_m_;
    if (name == "C_m") return C_m_;
    if (name == "b0") return b0_;
    if (name == "beta") return beta_;
    if (name == "tau_a") return tau_a_;
    if (name == "t_ref") return t_ref_;
    if (name == "I_e") return I_e_;
    throw std::invalid_argument(fmt::format("alif has no parameter '{}'", name));
}

double AlifNeurons::parameter(std::string_view name, std::size_t neuron) const { return parameter_array(name).at(neuron); }

void AlifNeurons::set_parameter(std::string_view name, std::size_t neuron, double value) {
    parameter_array(name).at(neuron) = value;
    update_derived(neuron);
    if (name == "b0" || name == "beta") threshold_[neuron] = b0_[neuron] + beta_[neuron] * b_[neuron];
}

void AlifNeurons::update_derived(std::size_t i) {
    alpha_[i] = std::exp(-dt_ / tau_m_[i]);
    rho_[i] = std::exp(-dt_ / tau_a_[i]);
    input_gain_[i] = (1.0 - alpha_[i]) * tau_m_[i] / C_m_[i];
    refractory_steps_[i] = refractory_steps(t_ref_[i], dt_);
}

void AlifNeurons::reset() {
    for (std::size_t i = 0; i < size(); ++i) {
        v_[i] = 0.0;
        b_[i] = 0.0;
        threshold_[i] = b0_[i];
        spiked_[i] = 0;
        refractory_left_[i] = 0;
    }
}

void AlifNeurons::step(std::span<const double> synaptic_input, std::span<const double> external_current,
                       std::vector<std::uint32_t>& spikes) {
    const std::size_t n = size();
    const double* input = synaptic_input.data();
    const double* external = external_current.data();
    for (std::size_t i = 0; i < n; ++i) {
        const double z_previous = spiked_[i] != 0 ? 1.0 : 0.0;
        b_[i] = rho_[i] * b_[i] + (1.0 - rho_[i]) * z_previous;
        const double A = b0_[i] + beta_[i] * b_[i];
        threshold_[i] = A;
        v_[i] = alpha_[i] * v_[i] + input_gain_[i] * (input[i] + I_e_[i] + external[i]) - z_previous * A;
        bool z = false;
        if (refractory_left_[i] > 0) {
            --refractory_left_[i];  // v keeps integrating, only the spike is suppressed (LSNN)
        } else if (v_[i] >= A) {
            z = true;
            refractory_left_[i] = refractory_steps_[i];
            spikes.push_back(static_cast<std::uint32_t>(i));
        }
        spiked_[i] = z ? 1 : 0;
    }
}

}  // namespace l2l::sim
