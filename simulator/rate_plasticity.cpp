#include "simulator/rate_plasticity.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace l2l::sim {
namespace {

// Below this the trace's common factor is folded into the values.
constexpr double smallest_scale = 1e-30;

std::size_t interval_in_steps(double interval_ms, double dt) {
    const double steps = std::round(interval_ms / dt);
    if (!(steps >= 1.0) || std::fabs(interval_ms / dt - steps) > 1e-9 * steps) {
        throw std::invalid_argument(
            fmt::format("plasticity interval = {} ms is not a positive multiple of dt = {} ms", interval_ms, dt));
    }
    return static_cast<std::size_t>(steps);
}

}  // namespace

RatePlasticity::RatePlasticity(const PlasticitySpec& spec, const Projection& projection, double dt)
    : rule_(spec.rule),
      interval_steps_(interval_in_steps(spec.interval, dt)),
      pre_size_(projection.pre_size()),
      post_size_(projection.post_size()),
      alpha_(projection.synapse_count(), 0.0),
      psi_(is_bcm_rule(spec.rule) ? pre_size_ : 0, 0.0),
      W_m_(is_neuromodulated_rule(spec.rule) ? post_size_ * post_size_ : 0, 0.0),
      trace_(projection.synapse_count(), 0.0),
      phi_(is_bcm_rule(spec.rule) ? pre_size_ : 0, 0.0),
      pre_count_(pre_size_, 0U),
      post_count_(post_size_, 0U),
      active_pre_(pre_size_, 0U),
      post_rate_(post_size_, 0.0),
      post_factor_(post_size_, 0.0),
      modulation_(is_neuromodulated_rule(spec.rule) ? post_size_ : 0, 0.0),
      active_post_(post_size_, 0U) {
    if (!is_rate_rule(rule_)) throw std::invalid_argument(fmt::format("RatePlasticity built for rule {}", rule_name(rule_)));
    for (const PlasticParameterInfo& info : plasticity_parameters(rule_)) {
        const auto it = spec.values.find(info.name);
        if (it == spec.values.end()) {
            throw std::invalid_argument(fmt::format("projection '{}': plasticity parameter {} is missing",
                                                    projection.name(), info.name));
        }
        std::vector<double>& values = array_of(info.name);
        std::fill(values.begin(), values.end(), it->second);
    }
}

std::vector<double>& RatePlasticity::array_of(std::string_view name) {
    return const_cast<std::vector<double>&>(std::as_const(*this).array_of(name));
}

const std::vector<double>& RatePlasticity::array_of(std::string_view name) const {
    if (find_plasticity_parameter(rule_, name) != nullptr) {
        if (name == "eta") return eta_;
        if (name == "eta_phi") return eta_phi_;
        if (name == "e_max") return e_max_;
        if (name == "alpha") return alpha_;
        if (name == "psi") return psi_;
        if (name == "W_m") return W_m_;
    }
    throw std::invalid_argument(fmt::format("plasticity rule {} has no parameter '{}'", rule_name(rule_), name));
}

std::size_t RatePlasticity::parameter_size(std::string_view name) const { return array_of(name).size(); }

double RatePlasticity::parameter(std::string_view name, std::size_t element) const { return array_of(name).at(element); }

void RatePlasticity::set_parameter(std::string_view name, std::size_t element, double value) {
    array_of(name).at(element) = value;
}

void RatePlasticity::reset_plasticity() {
    std::fill(trace_.begin(), trace_.end(), 0.0);
    trace_scale_ = 1.0;
    std::fill(phi_.begin(), phi_.end(), 0.0);
    std::fill(modulation_.begin(), modulation_.end(), 0.0);
}

void RatePlasticity::reset_activity() {
    steps_in_interval_ = 0;
    std::fill(pre_count_.begin(), pre_count_.end(), 0U);
    std::fill(post_count_.begin(), post_count_.end(), 0U);
    active_pre_count_ = 0;
}

void RatePlasticity::step(const Projection& projection, std::span<const std::uint32_t> pre_spikes,
                          std::span<const std::uint32_t> post_spikes) {
    for (const std::uint32_t pre : pre_spikes) {
        if (pre_count_[pre]++ == 0U) active_pre_[active_pre_count_++] = pre;
    }
    for (const std::uint32_t post : post_spikes) ++post_count_[post];
    if (++steps_in_interval_ == interval_steps_) update(projection);
}

void RatePlasticity::update(const Projection& projection) {
    const double per_step = 1.0 / static_cast<double>(interval_steps_);
    const double eta = eta_[0];
    const bool bcm = is_bcm_rule(rule_);

    // Post term g_i: r_post, or M_i r_post_i with M = W_m r_post (sum over the active post neurons).
    active_post_count_ = 0;
    for (std::uint32_t i = 0; i < post_size_; ++i) {
        post_rate_[i] = static_cast<double>(post_count_[i]) * per_step;
        if (post_count_[i] != 0U) active_post_[active_post_count_++] = i;
    }
    const std::span<const std::uint32_t> active_pre(active_pre_.data(), active_pre_count_);
    const std::span<const std::uint32_t> active_post(active_post_.data(), active_post_count_);
    if (is_neuromodulated_rule(rule_)) {
        // The post term M_i r_post_i needs M_i only where r_post_i > 0: O(active post^2).
        std::fill(post_factor_.begin(), post_factor_.end(), 0.0);
        std::fill(modulation_.begin(), modulation_.end(), 0.0);
        for (const std::uint32_t i : active_post) {
            const double* row = W_m_.data() + static_cast<std::size_t>(i) * post_size_;
            double m = 0.0;
            for (const std::uint32_t k : active_post) m += row[k] * post_rate_[k];
            modulation_[i] = m;
            post_factor_[i] = m * post_rate_[i];
        }
    } else {
        std::copy(post_rate_.begin(), post_rate_.end(), post_factor_.begin());
    }
    // Locals, so the compiler sees no aliasing between the arrays and the factors.
    double* trace = trace_.data();
    double* g = post_factor_.data();
    const std::uint32_t* targets = projection.targets();  // nullptr: dense rows

    // Oja: g -= E r_pre, with E before this update (only active pre neurons contribute).
    if (rule_ == PlasticityRule::oja || rule_ == PlasticityRule::ndp_oja) {
        for (const std::uint32_t pre : active_pre) {
            const double scaled = trace_scale_ * static_cast<double>(pre_count_[pre]) * per_step;
            const std::size_t begin = projection.row_begin(pre);
            const std::size_t end = projection.row_end(pre);
            if (targets == nullptr) {
                const double* row = trace + begin;
                for (std::size_t j = 0; j < end - begin; ++j) g[j] -= row[j] * scaled;
            } else {
                for (std::size_t k = begin; k < end; ++k) g[targets[k]] -= trace[k] * scaled;
            }
        }
    }

    // Decay every synapse through the common factor.
    trace_scale_ *= 1.0 - eta;
    if (trace_scale_ < smallest_scale) {
        for (double& e : trace_) e *= trace_scale_;
        trace_scale_ = 1.0;
    }
    const double scale = trace_scale_;
    const double inverse_scale = 1.0 / scale;
    const double bound = e_max_[0];

    for (const std::uint32_t pre : active_pre) {
        const double r = static_cast<double>(pre_count_[pre]) * per_step;
        const double pre_factor = bcm ? r * (r - (phi_[pre] + psi_[pre])) : r;
        const double step = eta * pre_factor;
        const std::size_t begin = projection.row_begin(pre);
        const std::size_t end = projection.row_end(pre);
        if (targets == nullptr) {
            double* row = trace + begin;
            for (std::size_t j = 0; j < end - begin; ++j) {
                const double e = scale * row[j] + step * g[j];
                row[j] = std::min(std::max(e, -bound), bound) * inverse_scale;
            }
        } else {
            for (std::size_t k = begin; k < end; ++k) {
                const double e = scale * trace[k] + step * g[targets[k]];
                trace[k] = std::min(std::max(e, -bound), bound) * inverse_scale;
            }
        }
    }
    if (bcm) {
        const double eta_phi = eta_phi_[0];
        for (std::size_t j = 0; j < pre_size_; ++j) {
            const double r = static_cast<double>(pre_count_[j]) * per_step;
            phi_[j] = (1.0 - eta_phi) * phi_[j] + eta_phi * r;
        }
    }

    for (const std::uint32_t pre : active_pre) pre_count_[pre] = 0U;
    active_pre_count_ = 0;
    std::fill(post_count_.begin(), post_count_.end(), 0U);
    steps_in_interval_ = 0;
}

}  // namespace l2l::sim
