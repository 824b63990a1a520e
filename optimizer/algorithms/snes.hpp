// Separable natural evolution strategies (SNES; Schaul, Glasmachers &
// Schmidhuber, "High dimensions and heavy tails for natural evolution
// strategies", GECCO 2011; evosax's SNES): a Gaussian with a mean mu and one
// standard deviation sigma_i per gene, O(n) per sample and per update.
// Samples x_k = mu + sigma ⊙ z_k with z_k from the shared noise table
// (noise_sampler.hpp); rank-based utilities u_k (best first)
//     u_k = max(0, ln(lambda/2 + 1) - ln k) / sum_j max(0, ...) - 1/lambda
// give the natural gradients
//     mu    += eta_mu * sigma ⊙ sum_k u_k z_k
//     sigma *= exp(eta_sigma / 2 * sum_k u_k (z_k^2 - 1)),
// with eta_sigma = (3 + ln n) / (5 sqrt n) by default. Fitness is MAXIMISED;
// failed evaluations rank last. Samples are clipped to the bounds for
// evaluation, the update uses the unclipped z; the mean is clipped after it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/random.hpp"
#include "optimizer/algorithms/noise_sampler.hpp"
#include "optimizer/algorithms/optimizer.hpp"

namespace l2l {

struct SnesOptions {
    std::size_t population = 0;        // snes.population: lambda; 0 = 4 + floor(3 ln n); >= 2 (even if mirrored)
    double sigma0 = 0.3;               // snes.sigma0: initial sigma as a fraction of each gene's bound width; > 0
    double learning_rate_mean = 1.0;   // snes.learning_rate_mean: eta_mu; > 0
    double learning_rate_sigma = 0.0;  // snes.learning_rate_sigma: eta_sigma; 0 = (3 + ln n) / (5 sqrt n)
    bool mirrored = false;             // snes.mirrored: antithetic pairs mu +- sigma z

    void validate() const;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & population & sigma0 & learning_rate_mean & learning_rate_sigma & mirrored;
    }
};

// SNES utilities of a population of `lambda`, by rank (best first); they sum to 0.
std::vector<double> snes_utilities(std::size_t lambda);

class SnesOptimizer final : public CopyableOptimizer<SnesOptimizer> {
public:
    // initial_mean empty: drawn uniformly in the bounds from the seeded Rng.
    SnesOptimizer(SnesOptions options, Bounds bounds, std::uint64_t seed, NoiseTableSpec table,
                  Genome initial_mean = {});

    std::string_view name() const override { return "snes"; }
    std::vector<Genome> ask() override;
    void tell(std::span<const Genome> genomes, std::span<const EvalResult> results) override;
    Summary summary() const override;
    PopulationState population_state() const override { return sampler_.population_state(); }
    const PopulationEncoding* population_encoding() const override { return sampler_.encoding(); }
    void save_state(std::ostream& out) const override;
    void load_state(std::istream& in) override;

    const Genome& mean() const { return mean_; }
    const std::vector<double>& sigma() const { return sigma_; }
    std::size_t population() const { return lambda_; }

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & options_ & bounds_ & rng_ & sampler_ & mean_ & sigma_ & lambda_ & eta_sigma_ & generation_ &
            last_best_fitness_;
    }

private:
    SnesOptions options_;
    Bounds bounds_;
    Rng rng_;
    NoiseSampler sampler_;
    Genome mean_;
    std::vector<double> sigma_;
    std::size_t lambda_ = 0;
    double eta_sigma_ = 0.0;
    std::uint64_t generation_ = 0;
    double last_best_fitness_;
};

}  // namespace l2l
