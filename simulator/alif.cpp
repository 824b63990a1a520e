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
    // Every array in a __restrict local: through a member vector, each store to
    // the uint8_t spike flags (which may alias anything) would reload every data
    // pointer for the next neuron.
    const std::size_t n = size();
    const double* __restrict input = synaptic_input.data();
    const double* __restrict external = external_current.data();
    const double* __restrict rho = rho_.data();
    const double* __restrict alpha = alpha_.data();
    const double* __restrict gain = input_gain_.data();
    const double* __restrict b0 = b0_.data();
    const double* __restrict beta = beta_.data();
    const double* __restrict I_e = I_e_.data();
    const std::int32_t* __restrict refractory_steps = refractory_steps_.data();
    double* __restrict v = v_.data();
    double* __restrict b = b_.data();
    double* __restrict threshold = threshold_.data();
    std::uint8_t* __restrict spiked = spiked_.data();
    std::int32_t* __restrict refractory_left = refractory_left_.data();
    for (std::size_t i = 0; i < n; ++i) {
        const double z_previous = spiked[i] != 0 ? 1.0 : 0.0;
        const double b_i = rho[i] * b[i] + (1.0 - rho[i]) * z_previous;
        b[i] = b_i;
        const double A = b0[i] + beta[i] * b_i;
        threshold[i] = A;
        const double v_i = alpha[i] * v[i] + gain[i] * (input[i] + I_e[i] + external[i]) - z_previous * A;
        v[i] = v_i;
        bool z = false;
        if (refractory_left[i] > 0) {
            --refractory_left[i];  // v keeps integrating, only the spike is suppressed (LSNN)
        } else if (v_i >= A) {
            z = true;
            refractory_left[i] = refractory_steps[i];
            spikes.push_back(static_cast<std::uint32_t>(i));
        }
        spiked[i] = z ? 1 : 0;
    }
}

}  // namespace l2l::sim
