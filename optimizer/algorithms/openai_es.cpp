#include "optimizer/algorithms/openai_es.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "optimizer/algorithms/adam.hpp"
#include "optimizer/algorithms/fitness_ranking.hpp"
#include "optimizer/algorithms/option_check.hpp"
#include "optimizer/algorithms/state_serialization.hpp"

namespace l2l {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double norm(const std::vector<double>& v) {
    double sum = 0.0;
    for (const double x : v) sum += x * x;
    return std::sqrt(sum);
}
}  // namespace

void OpenAiEsOptions::validate() const {
    require_option(population >= 2 && population % 2 == 0, "population", population,
                   "even and >= 2 for optimizer = openai_es (mirrored pairs)");
    require_option(std::isfinite(sigma) && sigma > 0.0, "openai_es.sigma", sigma, "> 0");
    require_option(std::isfinite(learning_rate) && learning_rate > 0.0, "openai_es.learning_rate", learning_rate,
                   "> 0");
    require_option(adam_beta1 >= 0.0 && adam_beta1 < 1.0, "openai_es.adam_beta1", adam_beta1, "in [0, 1)");
    require_option(adam_beta2 >= 0.0 && adam_beta2 < 1.0, "openai_es.adam_beta2", adam_beta2, "in [0, 1)");
    require_option(adam_epsilon > 0.0, "openai_es.adam_epsilon", adam_epsilon, "> 0");
    require_option(std::isfinite(weight_decay) && weight_decay >= 0.0, "openai_es.weight_decay", weight_decay,
                   ">= 0");
}

OpenAiEsOptimizer::OpenAiEsOptimizer(OpenAiEsOptions options, Bounds bounds, std::uint64_t seed,
                                     NoiseTableSpec table, Genome initial_mean)
    : options_(options),
      bounds_(std::move(bounds)),
      rng_(seed),
      mean_(std::move(initial_mean)),
      last_mean_fitness_(kNaN),
      last_best_fitness_(kNaN) {
    options_.validate();
    validate_bounds(bounds_, "openai_es");
    const std::size_t n = bounds_.size();
    sampler_ = NoiseSampler(table, n);
    mean_ = initial_mean_in_bounds(std::move(mean_), bounds_, rng_, "openai_es");
    scale_.assign(n, options_.sigma);
    adam_m_.assign(n, 0.0);
    adam_v_.assign(n, 0.0);
}

std::vector<Genome> OpenAiEsOptimizer::ask() {
    return sampler_.sample(rng_, mean_, scale_, bounds_, options_.population, true, options_.evaluate_mean);
}

PopulationState OpenAiEsOptimizer::population_state() const {
    PopulationState state = sampler_.population_state();
    state.scalars.emplace_back("sigma", options_.sigma);
    return state;
}

void OpenAiEsOptimizer::tell(std::span<const Genome> genomes, std::span<const EvalResult> results) {
    const auto individuals = sampler_.perturbed();
    check_tell_sizes(genomes, results, batch_size(), mean_.size());
    const auto perturbed = results.subspan(options_.evaluate_mean ? 1U : 0U);
    last_mean_fitness_ = options_.evaluate_mean && is_successful(results[0]) ? results[0].fitness : kNaN;
    last_best_fitness_ = best_fitness(results);
    const std::size_t n = mean_.size();
    std::vector<double> gradient(n, 0.0);
    if (std::any_of(perturbed.begin(), perturbed.end(), is_successful)) {
        const std::vector<double> shaped = centred_ranks(perturbed);
        gradient = weighted_noise_sum(sampler_.table(), individuals, shaped, n);
        const double scale = 1.0 / (static_cast<double>(options_.population) * options_.sigma);
        for (std::size_t i = 0; i < n; ++i) gradient[i] = scale * gradient[i] - options_.weight_decay * mean_[i];
        const std::vector<double> step = adam_step(adam_m_, adam_v_, adam_steps_, gradient, options_.learning_rate,
                                                   {options_.adam_beta1, options_.adam_beta2, options_.adam_epsilon});
        for (std::size_t i = 0; i < n; ++i) mean_[i] += step[i];
        bounds_.clip(mean_);
        last_step_norm_ = norm(step);
    } else {
        last_step_norm_ = 0.0;  // every evaluation failed: nothing to learn from
    }
    last_gradient_norm_ = norm(gradient);
    sampler_.clear();
    ++generation_;
}

Summary OpenAiEsOptimizer::summary() const {
    return {
        {"sigma", options_.sigma},
        {"gradient_norm", last_gradient_norm_},
        {"step_norm", last_step_norm_},
        {"mean_fitness", last_mean_fitness_},
        {"best_fitness", last_best_fitness_},
    };
}

void OpenAiEsOptimizer::save_state(std::ostream& out) const { save_binary_state(out, *this); }

void OpenAiEsOptimizer::load_state(std::istream& in) { load_binary_state(in, *this); }

}  // namespace l2l
