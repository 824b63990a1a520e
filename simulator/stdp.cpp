#include "simulator/stdp.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace l2l::sim {
namespace {

// x^mu for x in [0, 1]; mu 1 and 0 (the common cases) without pow.
double power(double x, double mu) {
    if (mu == 1.0) return x;
    if (mu == 0.0) return 1.0;
    return std::pow(x, mu);
}

// Below this the eligibility's common factor is folded into the values.
constexpr double smallest_scale = 1e-30;

// values *= factor, vectorised (`factor` is a copy, so no store can alias it).
void decay(std::vector<double>& values, const double factor) {
    double* v = values.data();
    const std::size_t n = values.size();
    for (std::size_t k = 0; k < n; ++k) v[k] *= factor;
}

}  // namespace

Stdp::Stdp(const PlasticitySpec& spec, const Projection& projection, double dt)
    : reward_modulated_(spec.rule == PlasticityRule::reward_stdp),
      dt_(dt),
      weights_(projection.weights().begin(), projection.weights().end()),
      pre_trace_(projection.pre_size(), 0.0),
      post_trace_(projection.post_size(), 0.0),
      eligibility_(reward_modulated_ ? projection.synapse_count() : 0, 0.0) {
    if (spec.rule != PlasticityRule::stdp && spec.rule != PlasticityRule::reward_stdp) {
        throw std::invalid_argument(fmt::format("Stdp built for rule {}", rule_name(spec.rule)));
    }
    for (const PlasticParameterInfo& info : plasticity_parameters(spec.rule)) {
        const auto it = spec.values.find(info.name);
        if (it == spec.values.end()) {
            throw std::invalid_argument(fmt::format("projection '{}': plasticity parameter {} is missing",
                                                    projection.name(), info.name));
        }
        *parameter_slot(*this, info.name) = it->second;
    }
    update_derived();

    if (!projection.is_dense()) index_columns(projection);
    reset_plasticity(projection);
}

void Stdp::index_columns(const Projection& projection) {
    column_start_.assign(projection.post_size() + 1U, 0U);
    for (std::uint32_t pre = 0; pre < projection.pre_size(); ++pre) {
        projection.for_each_synapse_of(pre, [this](std::size_t, std::uint32_t post) { ++column_start_[post + 1U]; });
    }
    for (std::size_t j = 0; j < projection.post_size(); ++j) column_start_[j + 1U] += column_start_[j];
    column_pre_.resize(projection.synapse_count());
    column_synapse_.resize(projection.synapse_count());
    std::vector<std::uint32_t> fill(column_start_.begin(), column_start_.end() - 1);
    for (std::uint32_t pre = 0; pre < projection.pre_size(); ++pre) {
        projection.for_each_synapse_of(pre, [&](std::size_t synapse, std::uint32_t post) {
            const std::uint32_t slot = fill[post]++;
            column_pre_[slot] = pre;
            column_synapse_[slot] = static_cast<std::uint32_t>(synapse);
        });
    }
}

template <class Self>
auto Stdp::parameter_slot(Self& self, std::string_view name) -> decltype(&self.tau_plus_) {
    if (name == "tau_plus") return &self.tau_plus_;
    if (name == "tau_minus") return &self.tau_minus_;
    if (name == "lambda") return &self.lambda_;
    if (name == "alpha") return &self.alpha_;
    if (name == "mu_plus") return &self.mu_plus_;
    if (name == "mu_minus") return &self.mu_minus_;
    if (name == "w_max") return &self.w_max_;
    if (name == "w_min") return &self.w_min_;
    if (self.reward_modulated_) {
        if (name == "tau_e") return &self.tau_e_;
        if (name == "eta") return &self.eta_;
        if (name == "baseline_rate") return &self.baseline_rate_;
    }
    throw std::invalid_argument(fmt::format("plasticity rule {} has no parameter '{}'",
                                            self.reward_modulated_ ? "rstdp" : "stdp", name));
}

double Stdp::parameter(std::string_view name) const { return *parameter_slot(*this, name); }

void Stdp::set_parameter(std::string_view name, double value) {
    *parameter_slot(*this, name) = value;
    update_derived();
}

std::string Stdp::inconsistency() const {
    if (!(w_min_ < w_max_)) return fmt::format("w_min = {} pA must be below w_max = {} pA", w_min_, w_max_);
    return {};
}

void Stdp::update_derived() {
    pre_decay_ = std::exp(-dt_ / tau_plus_);
    post_decay_ = std::exp(-dt_ / tau_minus_);
    eligibility_decay_ = std::exp(-dt_ / tau_e_);
}

void Stdp::reset_plasticity(const Projection& projection) {
    const std::span<const double> w = projection.weights();
    for (std::size_t k = 0; k < weights_.size(); ++k) weights_[k] = std::clamp(w[k], w_min_, w_max_);
    std::fill(eligibility_.begin(), eligibility_.end(), 0.0);
    eligibility_scale_ = 1.0;
    baseline_ = 0.0;
}

void Stdp::reset_activity() {
    std::fill(pre_trace_.begin(), pre_trace_.end(), 0.0);
    std::fill(post_trace_.begin(), post_trace_.end(), 0.0);
}

void Stdp::apply_reward(double reward) {
    if (!reward_modulated_) return;
    const double delta = reward - baseline_;
    if (delta != 0.0) {
        // Locals: a store through `w` could alias the members, which would keep the loop scalar.
        const double step = eta_ * delta * eligibility_scale_;
        const double w_min = w_min_;
        const double w_max = w_max_;
        double* w = weights_.data();
        const double* e = eligibility_.data();
        const std::size_t n = weights_.size();
        for (std::size_t k = 0; k < n; ++k) w[k] = std::clamp(w[k] + step * e[k], w_min, w_max);
    }
    baseline_ += baseline_rate_ * (reward - baseline_);
}

void Stdp::decay_eligibility() {
    eligibility_scale_ *= eligibility_decay_;
    if (eligibility_scale_ < smallest_scale) {
        decay(eligibility_, eligibility_scale_);
        eligibility_scale_ = 1.0;
    }
}

// Every parameter is copied into a local: a store through `w` or `e` could
// alias a member, which would make the compiler reload it and keep the loops scalar.
template <bool reward_modulated, bool unit_mu_minus, bool unit_mu_plus>
void Stdp::step_spikes(const Projection& projection, std::span<const std::uint32_t> pre_spikes,
                       std::span<const std::uint32_t> post_spikes) {
    const double w_max = w_max_;
    const double inverse_w_max = 1.0 / w_max;
    const double x_min = w_min_ * inverse_w_max;
    const double lambda = lambda_;
    const double depression = alpha_ * lambda;
    const double mu_minus = mu_minus_;
    const double mu_plus = mu_plus_;
    // R-STDP adds w_max * change / eligibility_scale_ to the stored eligibility.
    const double to_eligibility = reward_modulated ? w_max / eligibility_scale_ : 0.0;
    double* w = weights_.data();
    double* e = eligibility_.data();
    double* post_trace = post_trace_.data();
    double* pre_trace = pre_trace_.data();

    // Multiplicative forms (mu = 1) in weight units, which take fewer operations:
    //   w <- max(w - w * alpha lambda post_trace, w_min),  w <- min(w + (w_max - w) * lambda pre_trace, w_max).
    const double inverse_scale = reward_modulated ? 1.0 / eligibility_scale_ : 0.0;
    const double w_min = w_min_;
    auto depress = [=](std::size_t k, std::size_t post) {
        if constexpr (unit_mu_minus) {
            const double change = w[k] * (depression * post_trace[post]);
            if constexpr (reward_modulated) {
                e[k] -= inverse_scale * change;
            } else {
                w[k] = std::max(w[k] - change, w_min);
            }
        } else {
            const double x = w[k] * inverse_w_max;
            const double change = depression * power(x, mu_minus) * post_trace[post];
            if constexpr (reward_modulated) {
                e[k] -= to_eligibility * change;
            } else {
                w[k] = w_max * std::max(x - change, x_min);
            }
        }
    };
    const std::uint32_t* targets = projection.targets();  // nullptr: dense
    for (const std::uint32_t pre : pre_spikes) {
        const std::size_t begin = projection.row_begin(pre);
        const std::size_t end = projection.row_end(pre);
        if (targets == nullptr) {  // row `pre`: synapse begin + post
            for (std::size_t post = 0; post < end - begin; ++post) depress(begin + post, post);
        } else {
            for (std::size_t k = begin; k < end; ++k) depress(k, targets[k]);
        }
        pre_trace[pre] += 1.0;
    }
    auto potentiate = [=](std::size_t k, std::uint32_t pre) {
        if constexpr (unit_mu_plus) {
            const double change = (w_max - w[k]) * (lambda * pre_trace[pre]);
            if constexpr (reward_modulated) {
                e[k] += inverse_scale * change;
            } else {
                w[k] = std::min(w[k] + change, w_max);
            }
        } else {
            const double x = w[k] * inverse_w_max;
            const double change = lambda * power(1.0 - x, mu_plus) * pre_trace[pre];
            if constexpr (reward_modulated) {
                e[k] += to_eligibility * change;
            } else {
                w[k] = w_max * std::min(x + change, 1.0);
            }
        }
    };
    const std::size_t n_pre = pre_trace_.size();
    const std::size_t n_post = post_trace_.size();
    for (const std::uint32_t post : post_spikes) {
        if (targets == nullptr) {  // column `post`: synapse pre * n_post + post
            for (std::size_t pre = 0; pre < n_pre; ++pre) potentiate(pre * n_post + post, static_cast<std::uint32_t>(pre));
        } else {
            for (std::uint32_t c = column_start_[post]; c < column_start_[post + 1U]; ++c) {
                potentiate(column_synapse_[c], column_pre_[c]);
            }
        }
        post_trace[post] += 1.0;
    }
}

template <bool reward_modulated>
void Stdp::step_rule(const Projection& projection, std::span<const std::uint32_t> pre_spikes,
                     std::span<const std::uint32_t> post_spikes) {
    // The common multiplicative case without pow().
    const bool unit_minus = mu_minus_ == 1.0;
    const bool unit_plus = mu_plus_ == 1.0;
    if (unit_minus && unit_plus) return step_spikes<reward_modulated, true, true>(projection, pre_spikes, post_spikes);
    if (unit_minus) return step_spikes<reward_modulated, true, false>(projection, pre_spikes, post_spikes);
    if (unit_plus) return step_spikes<reward_modulated, false, true>(projection, pre_spikes, post_spikes);
    step_spikes<reward_modulated, false, false>(projection, pre_spikes, post_spikes);
}

void Stdp::step(const Projection& projection, std::span<const std::uint32_t> pre_spikes,
                std::span<const std::uint32_t> post_spikes) {
    decay(pre_trace_, pre_decay_);
    decay(post_trace_, post_decay_);
    if (reward_modulated_) {
        decay_eligibility();
        step_rule<true>(projection, pre_spikes, post_spikes);
    } else {
        step_rule<false>(projection, pre_spikes, post_spikes);
    }
}

}  // namespace l2l::sim
