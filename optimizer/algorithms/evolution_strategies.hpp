// Evolution strategies as in OpenAI's ES (Salimans et al. 2017) and the L2L
// framework: Gaussian perturbations of a mean with mirrored sampling, fitness
// shaping by centred ranks, a gradient estimate
//     g = 1/(N sigma) sum_i F_i eps_i
// followed by plain gradient ascent (theta += alpha g) or Adam on g.
// Fitness is MAXIMISED.
//
// Population of one ask(): [mean (if evaluate_mean)] + `population` perturbed
// genomes theta + sigma eps_i, mirrored as pairs (+eps, -eps). The mean is only
// evaluated for monitoring (summary key mean_fitness); it never enters g.
// Each pair draws its eps from a seed of its own, derive_seed({k_g, pair}),
// where k_g is one draw of the optimizer's generator per generation: any
// individual is rebuilt from the generation's mean, sigma, its seed and sign
// (rebuild_evolution_strategies_individual), which lets the results file
// store seeds instead of genomes (record.policy every, best_and_state).
// Perturbed genomes are clipped to the bounds for evaluation while g uses the
// unclipped eps; the mean is clipped after every update.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/random.hpp"
#include "optimizer/algorithms/optimizer.hpp"

namespace l2l {

enum class FitnessShaping : std::int32_t {
    centred_ranks = 0,  // ranks mapped onto [-0.5, 0.5]: invariant to fitness scale
    raw = 1,            // the fitness values themselves (failures get the worst successful one)
};

std::string to_string(FitnessShaping shaping);
// "centred_ranks" or "raw"; throws std::invalid_argument naming es.fitness_shaping.
FitnessShaping parse_fitness_shaping(const std::string& text);

// Defaults follow OpenAI-ES (ranks, Adam, antithetic pairs) at a step size
// suited to genomes of order 1 (network weights).
struct EvolutionStrategiesOptions {
    std::size_t population = 32;      // es.population: perturbed genomes per generation; >= 2, even if mirrored
    bool mirrored = true;             // es.mirrored: antithetic pairs theta +- sigma eps
    bool evaluate_mean = true;        // es.evaluate_mean: also evaluate the mean (genome 0)
    double sigma = 0.1;               // es.sigma: perturbation std; > 0
    double sigma_decay = 1.0;         // es.sigma_decay: sigma *= decay per generation; in (0, 1]
    double sigma_min = 0.0;           // es.sigma_min: floor of the decay; in [0, sigma]
    double learning_rate = 0.05;      // es.learning_rate: alpha; > 0
    double learning_rate_decay = 1.0; // es.learning_rate_decay: alpha *= decay per generation; in (0, 1]
    FitnessShaping fitness_shaping = FitnessShaping::centred_ranks;  // es.fitness_shaping
    bool adam = true;                 // es.adam: Adam on g instead of plain ascent
    double adam_beta1 = 0.9;          // es.adam_beta1: in [0, 1)
    double adam_beta2 = 0.999;        // es.adam_beta2: in [0, 1)
    double adam_epsilon = 1e-8;       // es.adam_epsilon: > 0
    double weight_decay = 0.0;        // es.weight_decay: g -= weight_decay * theta (L2); >= 0

    void validate() const;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & population & mirrored & evaluate_mean & sigma & sigma_decay & sigma_min & learning_rate &
            learning_rate_decay & fitness_shaping & adam & adam_beta1 & adam_beta2 & adam_epsilon &
            weight_decay;
    }
};

// eps of one individual: `genes` standard normals from Rng(seed), negated when sign < 0.
std::vector<double> evolution_strategies_perturbation(std::uint64_t seed, std::int32_t sign, std::size_t genes);

// An individual of an ES generation, bit for bit as ask() made it: the mean
// itself (sign 0) or clip(mean + sigma * eps(seed, sign)).
Genome rebuild_evolution_strategies_individual(const Genome& mean, double sigma, std::uint64_t seed,
                                               std::int32_t sign, const Bounds& bounds);

class EvolutionStrategiesOptimizer final : public CopyableOptimizer<EvolutionStrategiesOptimizer> {
public:
    // initial_mean empty: drawn uniformly in the bounds from the seeded Rng.
    EvolutionStrategiesOptimizer(EvolutionStrategiesOptions options, Bounds bounds,
                                 std::uint64_t seed, Genome initial_mean = {});

    std::string_view name() const override { return "es"; }
    std::vector<Genome> ask() override;
    void tell(std::span<const Genome> genomes, std::span<const EvalResult> results) override;
    Summary summary() const override;
    PopulationState population_state() const override;
    void save_state(std::ostream& out) const override;
    void load_state(std::istream& in) override;

    const Genome& mean() const { return mean_; }
    double sigma() const { return sigma_; }

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & options_ & bounds_ & rng_ & mean_ & sigma_ & learning_rate_ & adam_m_ & adam_v_ &
            adam_steps_ & generation_ & epsilons_ & last_gradient_norm_ & last_step_norm_ &
            last_mean_fitness_ & last_best_fitness_;
    }

private:
    std::size_t batch_size() const { return options_.population + (options_.evaluate_mean ? 1U : 0U); }
    std::vector<double> shaped_fitness(std::span<const EvalResult> perturbed) const;
    std::vector<double> ascent_step(const std::vector<double>& gradient);

    EvolutionStrategiesOptions options_;
    Bounds bounds_;
    Rng rng_;
    Genome mean_;
    double sigma_ = 0.0;
    double learning_rate_ = 0.0;
    std::vector<double> adam_m_;
    std::vector<double> adam_v_;
    std::uint64_t adam_steps_ = 0;
    std::uint64_t generation_ = 0;
    std::vector<std::vector<double>> epsilons_;  // unit-variance perturbations of the last ask()
    std::vector<std::uint64_t> seeds_;           // of the last ask()'s perturbed genomes (not checkpointed:
    std::vector<std::int32_t> signs_;            // read between ask() and tell())
    double last_gradient_norm_ = 0.0;
    double last_step_norm_ = 0.0;
    double last_mean_fitness_;
    double last_best_fitness_;
};

}  // namespace l2l
