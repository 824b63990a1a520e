#include "optimizer/algorithms/snes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "optimizer/algorithms/fitness_ranking.hpp"
#include "optimizer/algorithms/option_check.hpp"
#include "optimizer/algorithms/state_serialization.hpp"

namespace l2l {

void SnesOptions::validate() const {
    require_option(population == 0 || population >= 2, "snes.population", population, "0 (default) or >= 2");
    require_option(!mirrored || population % 2 == 0, "snes.population", population,
                   "even when snes.mirrored = true (antithetic pairs)");
    require_option(std::isfinite(sigma0) && sigma0 > 0.0, "snes.sigma0", sigma0, "> 0 (fraction of the bound widths)");
    require_option(std::isfinite(learning_rate_mean) && learning_rate_mean > 0.0, "snes.learning_rate_mean",
                   learning_rate_mean, "> 0");
    require_option(std::isfinite(learning_rate_sigma) && learning_rate_sigma >= 0.0, "snes.learning_rate_sigma",
                   learning_rate_sigma, ">= 0 (0: (3 + ln n) / (5 sqrt n))");
}

std::vector<double> snes_utilities(std::size_t lambda) {
    std::vector<double> u(lambda);
    const double top = std::log(static_cast<double>(lambda) / 2.0 + 1.0);
    double sum = 0.0;
    for (std::size_t k = 0; k < lambda; ++k) {
        u[k] = std::max(0.0, top - std::log(static_cast<double>(k + 1)));
        sum += u[k];
    }
    for (double& value : u) value = value / sum - 1.0 / static_cast<double>(lambda);
    return u;
}

SnesOptimizer::SnesOptimizer(SnesOptions options, Bounds bounds, std::uint64_t seed, NoiseTableSpec table,
                             Genome initial_mean)
    : options_(options),
      bounds_(std::move(bounds)),
      rng_(seed),
      mean_(std::move(initial_mean)),
      last_best_fitness_(std::numeric_limits<double>::quiet_NaN()) {
    options_.validate();
    validate_bounds(bounds_, "snes");
    const std::size_t n = bounds_.size();
    lambda_ = options_.population > 0 ? options_.population : default_population(n);
    if (options_.mirrored && lambda_ % 2 == 1) ++lambda_;  // the default may be odd
    eta_sigma_ = options_.learning_rate_sigma > 0.0
                     ? options_.learning_rate_sigma
                     : (3.0 + std::log(static_cast<double>(n))) / (5.0 * std::sqrt(static_cast<double>(n)));
    sampler_ = NoiseSampler(table, n);
    mean_ = initial_mean_in_bounds(std::move(mean_), bounds_, rng_, "snes");
    sigma_ = scaled_widths(bounds_, options_.sigma0);
}

std::vector<Genome> SnesOptimizer::ask() {
    return sampler_.sample(rng_, mean_, sigma_, bounds_, lambda_, options_.mirrored, false);
}

void SnesOptimizer::tell(std::span<const Genome> genomes, std::span<const EvalResult> results) {
    const auto individuals = sampler_.perturbed();
    check_tell_sizes(genomes, results, lambda_, mean_.size());
    last_best_fitness_ = best_fitness(results);
    const std::size_t n = mean_.size();
    if (std::any_of(results.begin(), results.end(), is_successful)) {
        const std::vector<std::size_t> order = ranking_best_first(results);
        const std::vector<double> utility = snes_utilities(lambda_);
        std::vector<double> weights(lambda_);
        for (std::size_t rank = 0; rank < lambda_; ++rank) weights[order[rank]] = utility[rank];
        const std::vector<double> grad_mean = weighted_noise_sum(sampler_.table(), individuals, weights, n);
        const std::vector<double> squares = weighted_noise_square_sum(sampler_.table(), individuals, weights, n);
        // The utilities sum to 0, so sum_k u_k (z_k^2 - 1) = sum_k u_k z_k^2.
        for (std::size_t i = 0; i < n; ++i) {
            mean_[i] += options_.learning_rate_mean * sigma_[i] * grad_mean[i];
            sigma_[i] *= std::exp(0.5 * eta_sigma_ * squares[i]);
        }
        bounds_.clip(mean_);
    }
    sampler_.clear();
    ++generation_;
}

Summary SnesOptimizer::summary() const {
    const auto [low, high] = std::minmax_element(sigma_.begin(), sigma_.end());
    double sum = 0.0;
    for (const double s : sigma_) sum += s;
    return {
        {"sigma_mean", sum / static_cast<double>(sigma_.size())},
        {"sigma_min", *low},
        {"sigma_max", *high},
        {"population", static_cast<double>(lambda_)},
        {"best_fitness", last_best_fitness_},
    };
}

void SnesOptimizer::save_state(std::ostream& out) const { save_binary_state(out, *this); }

void SnesOptimizer::load_state(std::istream& in) { load_binary_state(in, *this); }

}  // namespace l2l
