// Named neuron parameters: the one table the network description, the genome map
// and the `l2l neuron` command all read, so a parameter has one name, one unit,
// one default and one rule for what is allowed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace l2l::sim {

enum class NeuronModel { lif, alif, spike_source };

// What a LIF/ALIF step adds as constant current: nothing (every neuron's I_e is
// +-0 and the population has no external current, where adding +0.0 gives the
// same values bit for bit), I_e, or I_e + the external current.
enum class ConstantCurrent { none, bias, bias_and_external };
constexpr ConstantCurrent constant_current(bool has_external, bool has_bias) {
    if (has_external) return ConstantCurrent::bias_and_external;
    return has_bias ? ConstantCurrent::bias : ConstantCurrent::none;
}

// Runs `step.template operator()<C>()` for the ConstantCurrent C that `current`
// names: one call site for the three instantiations of a neuron step.
template <class Step>
void with_constant_current(ConstantCurrent current, Step&& step) {
    switch (current) {
        case ConstantCurrent::none: return step.template operator()<ConstantCurrent::none>();
        case ConstantCurrent::bias: return step.template operator()<ConstantCurrent::bias>();
        case ConstantCurrent::bias_and_external: return step.template operator()<ConstantCurrent::bias_and_external>();
    }
}

// Keeps a count of biased neurons when one neuron's parameters change.
inline void recount_biased(std::size_t& biased, bool was_biased, bool is_biased) {
    if (is_biased && !was_biased) ++biased;
    if (!is_biased && was_biased) --biased;
}

enum class ValueRule {
    any,       // every finite number
    positive,  // > 0
    non_negative,  // >= 0
    unit_interval,  // in [0, 1] (learning rates of the rate-based plasticity rules)
};

struct ParameterInfo {
    std::string_view name;
    double default_value;
    std::string_view unit;
    ValueRule rule;
    std::string_view meaning;
};

std::string_view model_name(NeuronModel model);
// Parameters of a model, in a fixed order; empty for spike sources.
std::span<const ParameterInfo> model_parameters(NeuronModel model);
// nullptr when the model has no parameter of that name.
const ParameterInfo* find_parameter(NeuronModel model, std::string_view name);
// The default of a parameter of the model; std::logic_error for a name it does not have.
double default_value(NeuronModel model, std::string_view name);
// The refractory period t_ref (ms) in whole steps of dt, rounded to the nearest.
std::int32_t refractory_steps(double t_ref, double dt);
// "must be > 0" etc., for error messages.
std::string_view rule_text(ValueRule rule);
bool satisfies(ValueRule rule, double value);

}  // namespace l2l::sim
