#include "optimizer/algorithms/sep_cmaes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "optimizer/algorithms/fitness_ranking.hpp"
#include "optimizer/algorithms/option_check.hpp"
#include "optimizer/algorithms/state_serialization.hpp"

namespace l2l {

void SepCmaEsOptions::validate() const {
    require_option(population == 0 || population >= 2, "sepcma.population", population, "0 (default) or >= 2");
    require_option(std::isfinite(sigma0) && sigma0 > 0.0, "sepcma.sigma0", sigma0,
                   "> 0 (fraction of the bound widths)");
}

SepCmaEsOptimizer::SepCmaEsOptimizer(SepCmaEsOptions options, Bounds bounds, std::uint64_t seed, NoiseTableSpec table,
                                     Genome initial_mean)
    : options_(options),
      bounds_(std::move(bounds)),
      rng_(seed),
      mean_(std::move(initial_mean)),
      last_best_fitness_(std::numeric_limits<double>::quiet_NaN()) {
    options_.validate();
    validate_bounds(bounds_, "sepcma");
    const std::size_t n = bounds_.size();
    const double nd = static_cast<double>(n);
    lambda_ = options_.population > 0 ? options_.population : default_population(n);
    sampler_ = NoiseSampler(table, n);
    mean_ = initial_mean_in_bounds(std::move(mean_), bounds_, rng_, "sepcma");
    sigma_ = options_.sigma0;
    d_ = scaled_widths(bounds_, 1.0);
    path_sigma_.assign(n, 0.0);
    path_c_.assign(n, 0.0);

    // Hansen's tutorial defaults (positive weights), then the diagonal's rates.
    const std::size_t mu = lambda_ / 2;
    weights_.resize(mu);
    double sum = 0.0;
    double squares = 0.0;
    for (std::size_t i = 0; i < mu; ++i) {
        weights_[i] = std::log(static_cast<double>(mu) + 0.5) - std::log(static_cast<double>(i + 1));
        sum += weights_[i];
    }
    for (double& w : weights_) {
        w /= sum;
        squares += w * w;
    }
    mu_eff_ = 1.0 / squares;
    c_sigma_ = (mu_eff_ + 2.0) / (nd + mu_eff_ + 5.0);
    d_sigma_ = 1.0 + 2.0 * std::max(0.0, std::sqrt((mu_eff_ - 1.0) / (nd + 1.0)) - 1.0) + c_sigma_;
    c_c_ = (4.0 + mu_eff_ / nd) / (nd + 4.0 + 2.0 * mu_eff_ / nd);
    const double c_1 = 2.0 / ((nd + 1.3) * (nd + 1.3) + mu_eff_);
    const double c_mu = std::min(1.0 - c_1, 2.0 * (mu_eff_ - 2.0 + 1.0 / mu_eff_) / ((nd + 2.0) * (nd + 2.0) + mu_eff_));
    const double faster = (nd + 2.0) / 3.0;
    c_1_ = std::min(1.0, faster * c_1);
    c_mu_ = std::min(1.0 - c_1_, faster * c_mu);
    chi_n_ = std::sqrt(nd) * (1.0 - 1.0 / (4.0 * nd) + 1.0 / (21.0 * nd * nd));
}

std::vector<double> SepCmaEsOptimizer::scale() const {
    std::vector<double> s(d_.size());
    for (std::size_t i = 0; i < s.size(); ++i) s[i] = sigma_ * d_[i];
    return s;
}

std::vector<Genome> SepCmaEsOptimizer::ask() {
    return sampler_.sample(rng_, mean_, scale(), bounds_, lambda_, false, false);
}

PopulationState SepCmaEsOptimizer::population_state() const {
    PopulationState state = sampler_.population_state();
    state.scalars.emplace_back("sigma", sigma_);
    return state;
}

void SepCmaEsOptimizer::tell(std::span<const Genome> genomes, std::span<const EvalResult> results) {
    const auto individuals = sampler_.perturbed();
    check_tell_sizes(genomes, results, lambda_, mean_.size());
    last_best_fitness_ = best_fitness(results);
    const std::size_t n = mean_.size();
    if (std::any_of(results.begin(), results.end(), is_successful)) {
        const std::vector<std::size_t> order = ranking_best_first(results);
        std::vector<double> weights(lambda_, 0.0);
        for (std::size_t rank = 0; rank < weights_.size(); ++rank) weights[order[rank]] = weights_[rank];
        // z_w = sum_i w_i z_i:lambda; y_w = d ⊙ z_w; sum_i w_i y_i^2 = d^2 ⊙ sum_i w_i z_i^2.
        const std::vector<double> z_w = weighted_noise_sum(sampler_.table(), individuals, weights, n);
        const std::vector<double> z2_w = weighted_noise_square_sum(sampler_.table(), individuals, weights, n);
        const double norm_sigma = std::sqrt(c_sigma_ * (2.0 - c_sigma_) * mu_eff_);
        double path_norm2 = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            mean_[i] += sigma_ * d_[i] * z_w[i];
            path_sigma_[i] = (1.0 - c_sigma_) * path_sigma_[i] + norm_sigma * z_w[i];
            path_norm2 += path_sigma_[i] * path_sigma_[i];
        }
        const double path_norm = std::sqrt(path_norm2);
        const double t = static_cast<double>(generation_ + 1);
        const bool h_sigma = path_norm / std::sqrt(1.0 - std::pow(1.0 - c_sigma_, 2.0 * t)) <
                             (1.4 + 2.0 / (static_cast<double>(n) + 1.0)) * chi_n_;
        const double norm_c = h_sigma ? std::sqrt(c_c_ * (2.0 - c_c_) * mu_eff_) : 0.0;
        const double lost = h_sigma ? 0.0 : c_1_ * c_c_ * (2.0 - c_c_);
        for (std::size_t i = 0; i < n; ++i) {
            path_c_[i] = (1.0 - c_c_) * path_c_[i] + norm_c * d_[i] * z_w[i];
            const double c_ii = d_[i] * d_[i];
            const double updated = (1.0 - c_1_ - c_mu_ + lost) * c_ii + c_1_ * path_c_[i] * path_c_[i] +
                                   c_mu_ * c_ii * z2_w[i];
            d_[i] = std::sqrt(updated);
        }
        sigma_ *= std::exp(c_sigma_ / d_sigma_ * (path_norm / chi_n_ - 1.0));
        bounds_.clip(mean_);
    }
    sampler_.clear();
    ++generation_;
}

Summary SepCmaEsOptimizer::summary() const {
    const auto [low, high] = std::minmax_element(d_.begin(), d_.end());
    return {
        {"sigma", sigma_},
        {"axis_ratio", *high / *low},
        {"population", static_cast<double>(lambda_)},
        {"best_fitness", last_best_fitness_},
    };
}

void SepCmaEsOptimizer::save_state(std::ostream& out) const { save_binary_state(out, *this); }

void SepCmaEsOptimizer::load_state(std::istream& in) { load_binary_state(in, *this); }

}  // namespace l2l
