// sep-CMA-ES (Ros & Hansen, "A simple modification in CMA-ES achieving linear
// time and space complexity", PPSN 2008): CMA-ES with a diagonal covariance
// matrix C = diag(d_i^2), so sampling and updating cost O(n) per individual and
// no eigendecomposition is needed. Weighted recombination of the best mu =
// lambda/2 (positive weights only), cumulative step-size adaptation, rank-one
// and rank-mu updates of the diagonal with the learning rates of CMA-ES
// multiplied by (n + 2) / 3 (the paper's faster rates for the n parameters of
// a diagonal).
// Samples x_k = m + sigma * d ⊙ z_k, z_k from the shared noise table
// (noise_sampler.hpp). The search starts with d_i = the bound width of gene i
// and sigma = sepcma.sigma0, so sigma is a fraction of each gene's range.
// Samples are clipped to the bounds for evaluation, the update uses the
// unclipped z; the mean is clipped after it. Fitness is MAXIMISED.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/random.hpp"
#include "optimizer/algorithms/noise_sampler.hpp"
#include "optimizer/algorithms/optimizer.hpp"

namespace l2l {

struct SepCmaEsOptions {
    std::size_t population = 0;  // sepcma.population: lambda; 0 = 4 + floor(3 ln n); else >= 2
    double sigma0 = 0.3;         // sepcma.sigma0: initial step as a fraction of the bound widths; > 0

    void validate() const;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & population & sigma0;
    }
};

class SepCmaEsOptimizer final : public CopyableOptimizer<SepCmaEsOptimizer> {
public:
    // initial_mean empty: drawn uniformly in the bounds from the seeded Rng.
    SepCmaEsOptimizer(SepCmaEsOptions options, Bounds bounds, std::uint64_t seed, NoiseTableSpec table,
                      Genome initial_mean = {});

    std::string_view name() const override { return "sepcma"; }
    std::vector<Genome> ask() override;
    void tell(std::span<const Genome> genomes, std::span<const EvalResult> results) override;
    Summary summary() const override;
    PopulationState population_state() const override;
    const PopulationEncoding* population_encoding() const override { return sampler_.encoding(); }
    void save_state(std::ostream& out) const override;
    void load_state(std::istream& in) override;

    const Genome& mean() const { return mean_; }
    double sigma() const { return sigma_; }
    const std::vector<double>& diagonal() const { return d_; }  // sqrt(diag C)
    std::size_t population() const { return lambda_; }

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & options_ & bounds_ & rng_ & sampler_ & mean_ & sigma_ & d_ & path_sigma_ & path_c_ & weights_ & lambda_ &
            mu_eff_ & c_sigma_ & d_sigma_ & c_c_ & c_1_ & c_mu_ & chi_n_ & generation_ & last_best_fitness_;
    }

private:
    std::vector<double> scale() const;

    SepCmaEsOptions options_;
    Bounds bounds_;
    Rng rng_;
    NoiseSampler sampler_;
    Genome mean_;
    double sigma_ = 0.0;
    std::vector<double> d_;           // per-gene standard deviation of the sample distribution, over sigma
    std::vector<double> path_sigma_;  // p_sigma
    std::vector<double> path_c_;      // p_c
    std::vector<double> weights_;     // recombination weights of the best mu, summing to 1
    std::size_t lambda_ = 0;
    double mu_eff_ = 0.0;
    double c_sigma_ = 0.0;
    double d_sigma_ = 0.0;
    double c_c_ = 0.0;
    double c_1_ = 0.0;
    double c_mu_ = 0.0;
    double chi_n_ = 0.0;  // E|N(0, I)|
    std::uint64_t generation_ = 0;
    double last_best_fitness_;
};

}  // namespace l2l
