#include "simulator/plasticity_parameters.hpp"

#include <array>
#include <cstddef>
#include <limits>

namespace l2l::sim {
namespace {

constexpr double required = std::numeric_limits<double>::quiet_NaN();

using Info = PlasticParameterInfo;
using Shape = ParameterShape;

template <std::size_t A, std::size_t B>
constexpr std::array<Info, A + B> join(const std::array<Info, A>& a, const std::array<Info, B>& b) {
    std::array<Info, A + B> joined{};
    for (std::size_t i = 0; i < A; ++i) joined[i] = a[i];
    for (std::size_t i = 0; i < B; ++i) joined[A + i] = b[i];
    return joined;
}

// models.md defaults (tau_plus = tau_minus = 20 ms, lambda 0.01, alpha 1, mu_plus = mu_minus = 1).
constexpr std::array stdp_table{
    Info{"tau_plus", 20.0, "ms", ValueRule::positive, Shape::scalar, "pre trace time constant"},
    Info{"tau_minus", 20.0, "ms", ValueRule::positive, Shape::scalar, "post trace time constant"},
    Info{"lambda", 0.01, "1", ValueRule::non_negative, Shape::scalar,
         "potentiation step (fraction of w_max per unit of pre trace)"},
    Info{"alpha", 1.0, "1", ValueRule::non_negative, Shape::scalar, "depression step relative to potentiation"},
    Info{"mu_plus", 1.0, "1", ValueRule::non_negative, Shape::scalar,
         "potentiation weight dependence (0 additive, 1 multiplicative)"},
    Info{"mu_minus", 1.0, "1", ValueRule::non_negative, Shape::scalar,
         "depression weight dependence (0 additive, 1 multiplicative)"},
    Info{"w_max", required, "pA", ValueRule::positive, Shape::scalar, "upper weight bound (required)"},
    Info{"w_min", 0.0, "pA", ValueRule::non_negative, Shape::scalar, "lower weight bound, below w_max"},
};

constexpr std::array reward_table{
    Info{"tau_e", 1000.0, "ms", ValueRule::positive, Shape::scalar, "eligibility trace time constant"},
    Info{"eta", 1.0, "1", ValueRule::any, Shape::scalar, "weight change per unit of (reward - baseline) x eligibility"},
    Info{"baseline_rate", 0.0, "1", ValueRule::unit_interval, Shape::scalar,
         "reward baseline b <- b + baseline_rate (r - b) after each reward (0: no baseline)"},
};

constexpr std::array rate_table{
    Info{"eta", 0.1, "1", ValueRule::unit_interval, Shape::scalar, "trace update rate per interval"},
    Info{"alpha", 0.0, "pA", ValueRule::any, Shape::per_synapse, "plasticity coefficient: W_eff = W + alpha E"},
    Info{"e_max", 1.0, "1", ValueRule::positive, Shape::scalar, "E is clipped to [-e_max, e_max]"},
};

constexpr std::array bcm_extra{
    Info{"eta_phi", 0.1, "1", ValueRule::unit_interval, Shape::scalar, "update rate of the sliding threshold phi"},
    Info{"psi", 0.0, "spikes/step", ValueRule::any, Shape::per_pre,
         "static part of the threshold phi + psi, per pre neuron"},
};

constexpr std::array modulation_extra{
    Info{"W_m", 0.0, "1", ValueRule::any, Shape::post_by_post, "modulation weights: M = W_m r_post"},
};

constexpr auto reward_stdp_table = join(stdp_table, reward_table);
constexpr auto bcm_table = join(rate_table, bcm_extra);
constexpr auto ndp_oja_table = join(rate_table, modulation_extra);
constexpr auto ndp_bcm_table = join(bcm_table, modulation_extra);

struct RuleName {
    PlasticityRule rule;
    std::string_view name;
};
constexpr std::array rule_table{
    RuleName{PlasticityRule::none, "none"},         RuleName{PlasticityRule::stdp, "stdp"},
    RuleName{PlasticityRule::reward_stdp, "rstdp"}, RuleName{PlasticityRule::linear_decay, "linear_decay"},
    RuleName{PlasticityRule::oja, "oja"},           RuleName{PlasticityRule::bcm, "bcm"},
    RuleName{PlasticityRule::ndp_oja, "ndp_oja"},   RuleName{PlasticityRule::ndp_bcm, "ndp_bcm"},
};

}  // namespace

std::string_view rule_name(PlasticityRule rule) {
    for (const RuleName& entry : rule_table) {
        if (entry.rule == rule) return entry.name;
    }
    return "?";
}

std::optional<PlasticityRule> rule_from_name(std::string_view name) {
    for (const RuleName& entry : rule_table) {
        if (entry.name == name) return entry.rule;
    }
    return std::nullopt;
}

std::string_view rule_names_text() {
    return R"("none", "stdp", "rstdp", "linear_decay", "oja", "bcm", "ndp_oja", "ndp_bcm")";
}

bool is_rate_rule(PlasticityRule rule) {
    return rule == PlasticityRule::linear_decay || rule == PlasticityRule::oja || rule == PlasticityRule::bcm ||
           rule == PlasticityRule::ndp_oja || rule == PlasticityRule::ndp_bcm;
}

bool is_bcm_rule(PlasticityRule rule) { return rule == PlasticityRule::bcm || rule == PlasticityRule::ndp_bcm; }

bool is_neuromodulated_rule(PlasticityRule rule) {
    return rule == PlasticityRule::ndp_oja || rule == PlasticityRule::ndp_bcm;
}

std::span<const PlasticParameterInfo> plasticity_parameters(PlasticityRule rule) {
    switch (rule) {
        case PlasticityRule::none: break;
        case PlasticityRule::stdp: return stdp_table;
        case PlasticityRule::reward_stdp: return reward_stdp_table;
        case PlasticityRule::linear_decay:
        case PlasticityRule::oja: return rate_table;
        case PlasticityRule::bcm: return bcm_table;
        case PlasticityRule::ndp_oja: return ndp_oja_table;
        case PlasticityRule::ndp_bcm: return ndp_bcm_table;
    }
    return {};
}

const PlasticParameterInfo* find_plasticity_parameter(PlasticityRule rule, std::string_view name) {
    for (const PlasticParameterInfo& info : plasticity_parameters(rule)) {
        if (info.name == name) return &info;
    }
    return nullptr;
}

std::string_view shape_text(ParameterShape shape) {
    switch (shape) {
        case ParameterShape::scalar: return "one value per projection";
        case ParameterShape::per_synapse: return "one value per synapse";
        case ParameterShape::per_pre: return "one value per pre neuron";
        case ParameterShape::post_by_post: return "one value per (post, post) pair";
    }
    return "";
}

}  // namespace l2l::sim
