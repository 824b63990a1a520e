#include "simulator/neuron_parameters.hpp"

#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace l2l::sim {
namespace {

// NEST iaf_psc_exp defaults (one synaptic time constant for both signs).
constexpr std::array lif_table{
    ParameterInfo{"tau_m", 10.0, "ms", ValueRule::positive, "membrane time constant"},
    ParameterInfo{"C_m", 250.0, "pF", ValueRule::positive, "membrane capacitance"},
    ParameterInfo{"E_L", -70.0, "mV", ValueRule::any, "resting potential"},
    ParameterInfo{"V_th", -55.0, "mV", ValueRule::any, "spike threshold (absolute)"},
    ParameterInfo{"V_reset", -70.0, "mV", ValueRule::any, "reset potential (absolute), below V_th"},
    ParameterInfo{"t_ref", 2.0, "ms", ValueRule::non_negative, "absolute refractory period"},
    ParameterInfo{"tau_syn", 2.0, "ms", ValueRule::positive, "synaptic current time constant"},
    ParameterInfo{"I_e", 0.0, "pA", ValueRule::any, "constant bias current"},
    ParameterInfo{"V_init", -70.0, "mV", ValueRule::any, "membrane potential at reset of the network"},
};

// LSNN adaptive LIF; v in mV relative to rest, currents in pA through R = tau_m / C_m.
constexpr std::array alif_table{
    ParameterInfo{"tau_m", 20.0, "ms", ValueRule::positive, "membrane time constant"},
    ParameterInfo{"C_m", 250.0, "pF", ValueRule::positive, "capacitance; input resistance R = tau_m / C_m"},
    ParameterInfo{"b0", 15.0, "mV", ValueRule::positive, "baseline threshold above rest"},
    ParameterInfo{"beta", 1.7, "mV", ValueRule::non_negative, "threshold increase per unit of b (0: plain LIF)"},
    ParameterInfo{"tau_a", 200.0, "ms", ValueRule::positive, "adaptation time constant"},
    ParameterInfo{"t_ref", 2.0, "ms", ValueRule::non_negative, "refractory period (no spike, v integrates)"},
    ParameterInfo{"I_e", 0.0, "pA", ValueRule::any, "constant bias current"},
};

}  // namespace

std::string_view model_name(NeuronModel model) {
    switch (model) {
        case NeuronModel::lif: return "lif";
        case NeuronModel::alif: return "alif";
        case NeuronModel::spike_source: return "spike_source";
    }
    return "?";
}

std::span<const ParameterInfo> model_parameters(NeuronModel model) {
    switch (model) {
        case NeuronModel::lif: return lif_table;
        case NeuronModel::alif: return alif_table;
        case NeuronModel::spike_source: break;
    }
    return {};
}

const ParameterInfo* find_parameter(NeuronModel model, std::string_view name) {
    for (const ParameterInfo& info : model_parameters(model)) {
        if (info.name == name) return &info;
    }
    return nullptr;
}

double default_value(NeuronModel model, std::string_view name) {
    const ParameterInfo* info = find_parameter(model, name);
    if (info == nullptr) {
        throw std::logic_error(std::string(model_name(model)) + " has no parameter '" + std::string(name) + "'");
    }
    return info->default_value;
}

std::int32_t refractory_steps(double t_ref, double dt) { return static_cast<std::int32_t>(std::llround(t_ref / dt)); }

std::string_view rule_text(ValueRule rule) {
    switch (rule) {
        case ValueRule::any: return "a finite number";
        case ValueRule::positive: return "a finite number > 0";
        case ValueRule::non_negative: return "a finite number >= 0";
        case ValueRule::unit_interval: return "a number in [0, 1]";
    }
    return "";
}

bool satisfies(ValueRule rule, double value) {
    if (!std::isfinite(value)) return false;
    switch (rule) {
        case ValueRule::any: return true;
        case ValueRule::positive: return value > 0.0;
        case ValueRule::non_negative: return value >= 0.0;
        case ValueRule::unit_interval: return value >= 0.0 && value <= 1.0;
    }
    return false;
}

}  // namespace l2l::sim
