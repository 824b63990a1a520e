#include "simulator/alif.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "simulator/neuron_parameters.hpp"
#include "simulator/spike_flags.hpp"

namespace l2l::sim {
namespace {
double default_of(std::string_view name) { return default_value(NeuronModel::alif, name); }

// One step of b and v of every neuron (models.md's ALIF equations); spiked[i]
// becomes 1 where the neuron spikes now (not refractory and v >= A), which
// starts its refractory period; a refractory neuron counts down (v keeps
// integrating, only the spike is suppressed, as in the LSNN). No branch and
// restrict parameters (GCC ignores restrict on local pointers here), so GCC
// vectorises the loop: the same operations per neuron, the same values.
// ConstantCurrent::none adds +0.0 where (input + I_e) + external equals it bit
// for bit (I_e = +-0, no external current).
template <ConstantCurrent current>
void integrate(std::size_t n, double* __restrict v, double* __restrict b, std::uint8_t* __restrict spiked,
               std::int32_t* __restrict refractory_left, const double* __restrict input, const double* __restrict rho,
               const double* __restrict alpha, const double* __restrict gain, const double* __restrict b0,
               const double* __restrict beta, const double* __restrict I_e, const double* __restrict external,
               const std::int32_t* __restrict refractory_steps) {
    for (std::size_t i = 0; i < n; ++i) {
        const double z_previous = static_cast<double>(spiked[i]);  // 0 or 1
        const double b_i = rho[i] * b[i] + (1.0 - rho[i]) * z_previous;
        b[i] = b_i;
        const double A = b0[i] + beta[i] * b_i;  // threshold(i)
        double drive = input[i];
        if constexpr (current == ConstantCurrent::none) drive = drive + 0.0;
        if constexpr (current == ConstantCurrent::bias) drive = drive + I_e[i] + 0.0;
        if constexpr (current == ConstantCurrent::bias_and_external) drive = drive + I_e[i] + external[i];
        const double v_i = alpha[i] * v[i] + gain[i] * drive - z_previous * A;
        v[i] = v_i;
        const std::int32_t left = refractory_left[i];
        const auto refractory = static_cast<std::int32_t>(left > 0);
        const auto fires = static_cast<std::int32_t>((refractory == 0) & (v_i >= A));
        const std::int32_t start = -fires;  // all ones where the neuron fires (no multiply: SSE2 has none for 32 bits)
        refractory_left[i] = (refractory_steps[i] & start) | ((left - refractory) & ~start);
        spiked[i] = static_cast<std::uint8_t>(fires);
    }
}
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
      spiked_(count),
      refractory_left_(count) {
    for (std::size_t i = 0; i < count; ++i) {
        update_derived(i);
        if (I_e_[i] != 0.0) ++biased_;
    }
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
    std::vector<double>& values = parameter_array(name);
    if (neuron >= values.size()) throw std::out_of_range(fmt::format("alif neuron {} of {}", neuron, values.size()));
    const bool was_biased = I_e_[neuron] != 0.0;
    values[neuron] = value;
    update_derived(neuron);
    recount_biased(biased_, was_biased, I_e_[neuron] != 0.0);
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
        spiked_[i] = 0;
        refractory_left_[i] = 0;
    }
}

void AlifNeurons::step(std::span<const double> synaptic_input, std::span<const double> external_current,
                       std::vector<std::uint32_t>& spikes) {
    const std::size_t n = size();
    const double* input = synaptic_input.data();
    const double* external = external_current.data();
    double* v = v_.data();
    double* b = b_.data();
    std::uint8_t* spiked = spiked_.data();
    std::int32_t* refractory_left = refractory_left_.data();
    with_constant_current(constant_current(!external_current.empty(), biased_ > 0), [&]<ConstantCurrent current>() {
        integrate<current>(n, v, b, spiked, refractory_left, input, rho_.data(), alpha_.data(), input_gain_.data(),
                           b0_.data(), beta_.data(), I_e_.data(), external, refractory_steps_.data());
    });
    append_flagged(spiked, n, spikes);
}

}  // namespace l2l::sim
