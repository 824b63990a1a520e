// Named parameters of the synaptic plasticity rules: the one table that the
// network description, the genome map and the rules read, so a parameter has
// one name, one unit, one default, one shape and one rule for what is allowed.
// Rules and equations: docs/simulator.md, ../shared/specs/models.md.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "simulator/neuron_parameters.hpp"

namespace l2l::sim {

enum class PlasticityRule {
    none,
    stdp,          // pair-based STDP with traces, multiplicative bounds (NEST stdp_synapse)
    reward_stdp,   // the STDP change goes into an eligibility trace; reward moves the weight
    linear_decay,  // SpikePropamine DP-Linear Decay (Hebbian):  E <- (1-eta) E + eta r_post r_pre^T
    oja,           // DP-Oja:  E <- (1-eta) E + eta (r_post - E r_pre) r_pre^T
    bcm,           // DP-BCM with a sliding threshold phi + psi
    ndp_oja,       // NDP-Oja: the post term of Oja multiplied by M = W_m r_post
    ndp_bcm,       // NDP-BCM: the post term of BCM multiplied by M = W_m r_post
};

// How many values a parameter has on one projection.
enum class ParameterShape {
    scalar,        // one per projection
    per_synapse,   // one per synapse, in synapse order (pre neuron, then post neuron)
    per_pre,       // one per pre neuron
    post_by_post,  // n_post x n_post matrix, row-major (W_m[i, k]: post k modulates post i)
};

struct PlasticParameterInfo {
    std::string_view name;
    double default_value;  // NaN: the parameter must be given (w_max)
    std::string_view unit;
    ValueRule rule;
    ParameterShape shape;
    std::string_view meaning;
};

// "stdp", "rstdp", "linear_decay", "oja", "bcm", "ndp_oja", "ndp_bcm" ("none" for none).
std::string_view rule_name(PlasticityRule rule);
std::optional<PlasticityRule> rule_from_name(std::string_view name);
std::string_view rule_names_text();  // for error messages: the allowed names, quoted

// The rate-based (SpikePropamine) rules, which update a trace E every interval.
bool is_rate_rule(PlasticityRule rule);
bool is_bcm_rule(PlasticityRule rule);          // bcm, ndp_bcm
bool is_neuromodulated_rule(PlasticityRule rule);  // ndp_oja, ndp_bcm

// Parameters of a rule in a fixed order; empty for none.
std::span<const PlasticParameterInfo> plasticity_parameters(PlasticityRule rule);
const PlasticParameterInfo* find_plasticity_parameter(PlasticityRule rule, std::string_view name);
std::string_view shape_text(ParameterShape shape);

}  // namespace l2l::sim
