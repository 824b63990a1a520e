// Ensemble Kalman inversion (Iglesias, Law & Stuart 2013), in the form of the
// L2L framework's EnKF and EnsembleKalmanProcesses.jl (EKP.jl): an ensemble of J
// genomes u_j is evaluated to outputs G(u_j) and moved towards the target y by
//     u_j <- u_j + C^{uG} (C^{GG} + Gamma/dt)^{-1} (y + eta_j - G(u_j)),
// eta_j ~ N(0, Gamma/dt) with perturbed observations, eta_j = 0 otherwise;
// C^{uG}, C^{GG} are ensemble covariances (normalised by 1/J as in EKP.jl). The
// system is solved by LDLT, never by an explicit inverse.
//
// G(u) is EvalResult::outputs (residuals, per-task returns...). When outputs is
// empty, G(u) = [fitness] and y is a one-element vector the caller provides (the
// optimizee's best possible fitness): this is the L2L framework's scalar use.
// Fitness is MAXIMISED; EnKF itself only uses G and y.
//
// Failed members (status != ok, or non-finite outputs) are handled as EKP.jl's
// SampleSuccGauss: the update uses the successful members only and the failed
// ones are redrawn from a Gaussian with the mean and covariance of the updated
// successful members. With fewer than two successes there is no update and
// failed members are redrawn uniformly in the bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "common/random.hpp"
#include "optimizer/algorithms/optimizer.hpp"

namespace l2l {

enum class EnkfBoundHandling : std::int32_t {
    clip = 0,  // project every member into the box after each update
    none = 1,  // genomes may leave the box (the optimizee must accept any value)
};
std::string to_string(EnkfBoundHandling handling);
// "clip" or "none"; throws std::invalid_argument naming enkf.bound_handling.
EnkfBoundHandling parse_enkf_bound_handling(const std::string& text);

struct EnsembleKalmanOptions {
    std::size_t ensemble_size = 32;              // enkf.ensemble_size: J; >= 2
    std::vector<double> noise_variance = {1.0};  // enkf.noise_variance: diagonal of Gamma; one value (scalar * I) or one per output; > 0
    double dt = 1.0;                             // enkf.dt: Kalman step Delta t; > 0
    bool perturbed_observations = true;          // enkf.perturbed_observations: y + eta_j (Iglesias et al.) or plain y
    double covariance_inflation = 1.0;           // enkf.covariance_inflation: ensemble covariance *= factor after each update; >= 1
    EnkfBoundHandling bound_handling = EnkfBoundHandling::clip;  // enkf.bound_handling: "clip" | "none"
    double min_spread = 0.0;                     // enkf.min_spread: converged() once spread < min_spread; 0 = never; >= 0

    void validate() const;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & ensemble_size & noise_variance & dt & perturbed_observations & covariance_inflation & bound_handling &
            min_spread;
    }
};

class EnsembleKalmanOptimizer final : public CopyableOptimizer<EnsembleKalmanOptimizer> {
public:
    // target: y (size 1 for scalar fitness). initial_ensemble empty: J members
    // uniform in the bounds from the seeded Rng; otherwise exactly J genomes.
    EnsembleKalmanOptimizer(EnsembleKalmanOptions options, Bounds bounds, std::vector<double> target,
                            std::uint64_t seed, std::vector<Genome> initial_ensemble = {});

    std::string_view name() const override { return "enkf"; }
    std::vector<Genome> ask() override;
    PopulationState population_state() const override;
    void tell(std::span<const Genome> genomes, std::span<const EvalResult> results) override;
    Summary summary() const override;
    bool converged() const override;
    void save_state(std::ostream& out) const override;
    void load_state(std::istream& in) override;

    Genome ensemble_mean() const;
    double spread() const;  // sqrt of the mean (over genes) ensemble variance

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & options_ & bounds_ & target_ & rng_ & ensemble_ & iteration_ & last_failed_ & last_misfit_mean_ &
            last_misfit_min_ & last_best_fitness_;
    }

private:
    std::size_t members() const { return static_cast<std::size_t>(ensemble_.cols()); }
    // G(u_j) as a column, or false when member j failed.
    bool output_of(const EvalResult& result, Eigen::VectorXd& g) const;
    Eigen::VectorXd noise_variance() const;  // Gamma's diagonal, one per output
    void kalman_update(const std::vector<std::size_t>& ok, const Eigen::MatrixXd& outputs);
    void inflate(const std::vector<std::size_t>& ok);
    void resample_failed(const std::vector<std::size_t>& ok, const std::vector<std::size_t>& failed);
    void apply_bounds();

    EnsembleKalmanOptions options_;
    Bounds bounds_;
    Eigen::VectorXd target_;
    Rng rng_;
    Eigen::MatrixXd ensemble_;  // columns: members u_j
    std::uint64_t iteration_ = 0;
    std::size_t last_failed_ = 0;
    double last_misfit_mean_;
    double last_misfit_min_;
    double last_best_fitness_;
};

}  // namespace l2l
