#include "optimizer/algorithms/evolution_strategies.hpp"

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
    for (double x : v) sum += x * x;
    return std::sqrt(sum);
}
}  // namespace

namespace {
constexpr std::array<Choice<FitnessShaping>, 2> shapings{
    {{"centred_ranks", FitnessShaping::centred_ranks}, {"raw", FitnessShaping::raw}}};
}  // namespace

std::string to_string(FitnessShaping shaping) { return choice_name(shaping, shapings); }

FitnessShaping parse_fitness_shaping(const std::string& text) {
    return parse_choice("es.fitness_shaping", text, shapings);
}

void EvolutionStrategiesOptions::validate() const {
    require_option(population >= 2, "es.population", population, ">= 2");
    require_option(!mirrored || population % 2 == 0, "es.population", population,
                   "even when es.mirrored = true (antithetic pairs)");
    require_option(std::isfinite(sigma) && sigma > 0.0, "es.sigma", sigma, "> 0");
    require_option(sigma_decay > 0.0 && sigma_decay <= 1.0, "es.sigma_decay", sigma_decay, "in (0, 1]");
    require_option(sigma_min >= 0.0 && sigma_min <= sigma, "es.sigma_min", sigma_min, "in [0, es.sigma]");
    require_option(std::isfinite(learning_rate) && learning_rate > 0.0, "es.learning_rate",
                   learning_rate, "> 0");
    require_option(learning_rate_decay > 0.0 && learning_rate_decay <= 1.0, "es.learning_rate_decay",
                   learning_rate_decay, "in (0, 1]");
    require_option(adam_beta1 >= 0.0 && adam_beta1 < 1.0, "es.adam_beta1", adam_beta1, "in [0, 1)");
    require_option(adam_beta2 >= 0.0 && adam_beta2 < 1.0, "es.adam_beta2", adam_beta2, "in [0, 1)");
    require_option(adam_epsilon > 0.0, "es.adam_epsilon", adam_epsilon, "> 0");
    require_option(std::isfinite(weight_decay) && weight_decay >= 0.0, "es.weight_decay", weight_decay,
                   ">= 0");
    require_option(fitness_shaping == FitnessShaping::centred_ranks || fitness_shaping == FitnessShaping::raw,
                   "es.fitness_shaping", static_cast<int>(fitness_shaping), "\"centred_ranks\" or \"raw\"");
}

EvolutionStrategiesOptimizer::EvolutionStrategiesOptimizer(EvolutionStrategiesOptions options,
                                                           Bounds bounds, std::uint64_t seed,
                                                           Genome initial_mean)
    : options_(options),
      bounds_(std::move(bounds)),
      rng_(seed),
      mean_(std::move(initial_mean)),
      sigma_(options.sigma),
      learning_rate_(options.learning_rate),
      last_mean_fitness_(kNaN),
      last_best_fitness_(kNaN) {
    options_.validate();
    validate_bounds(bounds_, "es");
    mean_ = initial_mean_in_bounds(std::move(mean_), bounds_, rng_, "es");
    adam_m_.assign(mean_.size(), 0.0);
    adam_v_.assign(mean_.size(), 0.0);
}

std::vector<double> evolution_strategies_perturbation(std::uint64_t seed, std::int32_t sign, std::size_t genes) {
    std::vector<double> eps(genes);
    Rng rng(seed);
    for (double& e : eps) e = rng.normal();
    if (sign < 0) {
        for (double& e : eps) e = -e;
    }
    return eps;
}

namespace {
// theta + sigma eps, clipped to the bounds: the one formula of ask() and of a rebuild.
Genome perturbed(const Genome& mean, double sigma, const std::vector<double>& eps, const Bounds& bounds) {
    Genome g(mean.size());
    for (std::size_t i = 0; i < g.size(); ++i) g[i] = mean[i] + sigma * eps[i];
    bounds.clip(g);
    return g;
}
}  // namespace

Genome rebuild_evolution_strategies_individual(const Genome& mean, double sigma, std::uint64_t seed,
                                               std::int32_t sign, const Bounds& bounds) {
    if (sign == 0) return mean;
    return perturbed(mean, sigma, evolution_strategies_perturbation(seed, sign, mean.size()), bounds);
}

// Each pair's perturbation comes from a seed of its own, derived from one draw
// of the optimizer's generator per generation and the pair's index: any
// individual is rebuilt from (mean, sigma, seed, sign) without the others.
std::vector<Genome> EvolutionStrategiesOptimizer::ask() {
    const std::size_t n = mean_.size();
    const std::uint64_t generation_key = rng_.next();
    epsilons_.assign(options_.population, {});
    seeds_.assign(options_.population, 0);
    signs_.assign(options_.population, 1);
    for (std::size_t k = 0; k < options_.population; ++k) {
        const std::size_t pair = options_.mirrored ? k / 2 : k;
        seeds_[k] = derive_seed({generation_key, pair});
        signs_[k] = options_.mirrored && k % 2 == 1 ? -1 : 1;
        if (signs_[k] < 0) {
            epsilons_[k] = epsilons_[k - 1];
            for (double& e : epsilons_[k]) e = -e;
        } else {
            epsilons_[k] = evolution_strategies_perturbation(seeds_[k], 1, n);
        }
    }
    std::vector<Genome> batch;
    batch.reserve(batch_size());
    if (options_.evaluate_mean) batch.push_back(mean_);
    for (const auto& eps : epsilons_) batch.push_back(perturbed(mean_, sigma_, eps, bounds_));
    return batch;
}

PopulationState EvolutionStrategiesOptimizer::population_state() const {
    PopulationState state;
    state.vectors.emplace_back("mean", mean_);
    state.scalars.emplace_back("sigma", sigma_);
    if (options_.evaluate_mean) {
        state.seeds.push_back(0);
        state.signs.push_back(0);
    }
    state.seeds.insert(state.seeds.end(), seeds_.begin(), seeds_.end());
    state.signs.insert(state.signs.end(), signs_.begin(), signs_.end());
    return state;
}

std::vector<double> EvolutionStrategiesOptimizer::shaped_fitness(std::span<const EvalResult> perturbed) const {
    if (options_.fitness_shaping == FitnessShaping::centred_ranks) return centred_ranks(perturbed);
    // Raw fitness: a failed evaluation counts as the worst successful one.
    double worst = std::numeric_limits<double>::infinity();
    for (const auto& r : perturbed) {
        if (is_successful(r)) worst = std::min(worst, r.fitness);
    }
    std::vector<double> shaped(perturbed.size());
    for (std::size_t k = 0; k < perturbed.size(); ++k) {
        shaped[k] = is_successful(perturbed[k]) ? perturbed[k].fitness : worst;
    }
    return shaped;
}

std::vector<double> EvolutionStrategiesOptimizer::ascent_step(const std::vector<double>& gradient) {
    std::vector<double> step(gradient.size());
    if (!options_.adam) {
        for (std::size_t i = 0; i < step.size(); ++i) step[i] = learning_rate_ * gradient[i];
        return step;
    }
    return adam_step(adam_m_, adam_v_, adam_steps_, gradient, learning_rate_,
                     {options_.adam_beta1, options_.adam_beta2, options_.adam_epsilon});
}

void EvolutionStrategiesOptimizer::tell(std::span<const Genome> genomes, std::span<const EvalResult> results) {
    check_tell_sizes(genomes, results, batch_size(), mean_.size());
    if (epsilons_.size() != options_.population) {
        throw std::logic_error("es: tell() without a preceding ask()");
    }
    const std::size_t offset = options_.evaluate_mean ? 1U : 0U;
    const auto perturbed = results.subspan(offset);
    last_mean_fitness_ = options_.evaluate_mean && is_successful(results[0]) ? results[0].fitness : kNaN;
    last_best_fitness_ = best_fitness(results);

    const std::size_t n = mean_.size();
    std::vector<double> gradient(n, 0.0);
    const bool any_success = std::any_of(perturbed.begin(), perturbed.end(), is_successful);
    if (any_success) {
        const auto shaped = shaped_fitness(perturbed);
        const double scale = 1.0 / (static_cast<double>(options_.population) * sigma_);
        for (std::size_t k = 0; k < shaped.size(); ++k) {
            for (std::size_t i = 0; i < n; ++i) gradient[i] += shaped[k] * epsilons_[k][i];
        }
        for (std::size_t i = 0; i < n; ++i) gradient[i] = scale * gradient[i] - options_.weight_decay * mean_[i];
        const auto step = ascent_step(gradient);
        for (std::size_t i = 0; i < n; ++i) mean_[i] += step[i];
        bounds_.clip(mean_);
        last_step_norm_ = norm(step);
    } else {
        last_step_norm_ = 0.0;  // every evaluation failed: nothing to learn from
    }
    last_gradient_norm_ = norm(gradient);
    epsilons_.clear();
    sigma_ = std::max(options_.sigma_min, sigma_ * options_.sigma_decay);
    learning_rate_ *= options_.learning_rate_decay;
    ++generation_;
}

Summary EvolutionStrategiesOptimizer::summary() const {
    return {
        {"sigma", sigma_},
        {"learning_rate", learning_rate_},
        {"gradient_norm", last_gradient_norm_},
        {"step_norm", last_step_norm_},
        {"mean_fitness", last_mean_fitness_},
        {"best_fitness", last_best_fitness_},
    };
}

void EvolutionStrategiesOptimizer::save_state(std::ostream& out) const { save_binary_state(out, *this); }

void EvolutionStrategiesOptimizer::load_state(std::istream& in) { load_binary_state(in, *this); }

}  // namespace l2l
