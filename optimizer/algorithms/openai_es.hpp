// OpenAI-ES (Salimans, Ho, Chen, Sidor & Sutskever, "Evolution strategies as a
// scalable alternative to reinforcement learning", 2017) for populations of
// hundreds to thousands: mirrored pairs theta +- sigma eps drawn from the
// shared noise table (noise_sampler.hpp), so a worker gets an offset and a
// sign per individual instead of a genome; centred-rank fitness shaping; the
// gradient estimate
//     g = 1/(N sigma) sum_k F_k sign_k eps_k - weight_decay * theta
// followed by Adam (ascent). The mean is also evaluated (genome 0) when
// evaluate_mean is set, for monitoring only. Perturbed genomes are clipped to
// the bounds for evaluation, g uses the unclipped eps; the mean is clipped
// after every update. Fitness is MAXIMISED.
//
// Unlike `es` (which draws each pair's eps from a seed of its own and sends
// whole genomes), this optimizer is built for 10^4-10^5 genes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/random.hpp"
#include "optimizer/algorithms/noise_sampler.hpp"
#include "optimizer/algorithms/optimizer.hpp"

namespace l2l {

// Defaults of OpenAI's evolution-strategies-starter (noise_stdev 0.02, Adam stepsize 0.01).
struct OpenAiEsOptions {
    std::size_t population = 256;  // the top-level population: perturbed genomes; even, >= 2
    double sigma = 0.02;           // openai_es.sigma: perturbation std (genome units); > 0
    double learning_rate = 0.01;   // openai_es.learning_rate: Adam step size; > 0
    double adam_beta1 = 0.9;       // openai_es.adam_beta1: in [0, 1)
    double adam_beta2 = 0.999;     // openai_es.adam_beta2: in [0, 1)
    double adam_epsilon = 1e-8;    // openai_es.adam_epsilon: > 0
    double weight_decay = 0.0;     // openai_es.weight_decay: L2 coefficient on the mean; >= 0
    bool evaluate_mean = true;     // openai_es.evaluate_mean: also evaluate the mean (genome 0)

    void validate() const;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & population & sigma & learning_rate & adam_beta1 & adam_beta2 & adam_epsilon & weight_decay &
            evaluate_mean;
    }
};

class OpenAiEsOptimizer final : public CopyableOptimizer<OpenAiEsOptimizer> {
public:
    // initial_mean empty: drawn uniformly in the bounds from the seeded Rng.
    OpenAiEsOptimizer(OpenAiEsOptions options, Bounds bounds, std::uint64_t seed, NoiseTableSpec table,
                      Genome initial_mean = {});

    std::string_view name() const override { return "openai_es"; }
    std::vector<Genome> ask() override;
    void tell(std::span<const Genome> genomes, std::span<const EvalResult> results) override;
    Summary summary() const override;
    PopulationState population_state() const override;
    const PopulationEncoding* population_encoding() const override { return sampler_.encoding(); }
    void save_state(std::ostream& out) const override;
    void load_state(std::istream& in) override;

    const Genome& mean() const { return mean_; }

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & options_ & bounds_ & rng_ & sampler_ & mean_ & scale_ & adam_m_ & adam_v_ & adam_steps_ & generation_ &
            last_gradient_norm_ & last_step_norm_ & last_mean_fitness_ & last_best_fitness_;
    }

private:
    std::size_t batch_size() const { return options_.population + (options_.evaluate_mean ? 1U : 0U); }

    OpenAiEsOptions options_;
    Bounds bounds_;
    Rng rng_;
    NoiseSampler sampler_;
    Genome mean_;
    std::vector<double> scale_;  // sigma for every gene
    std::vector<double> adam_m_;
    std::vector<double> adam_v_;
    std::uint64_t adam_steps_ = 0;
    std::uint64_t generation_ = 0;
    double last_gradient_norm_ = 0.0;
    double last_step_norm_ = 0.0;
    double last_mean_fitness_;
    double last_best_fitness_;
};

}  // namespace l2l
