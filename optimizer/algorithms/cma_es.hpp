// CMA-ES (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016): weighted
// recombination with the tutorial's default parameters including the negative
// (active) weights, rank-one and rank-mu covariance updates, cumulative step-size
// adaptation, lazy eigendecomposition, the tutorial's stop criteria and optional
// IPOP restarts (Auger & Hansen 2005: population multiplied by ipop_factor at
// each restart, new mean uniform in the bounds, sigma back to sigma0).
// Fitness is MAXIMISED (internally f = -fitness is minimised).
//
// The search runs in coordinates scaled to the box, z = (x - lower) / (upper -
// lower), so sigma is a fraction of each gene's range and one sigma0 suits genes
// of any scale. Samples are clipped to the bounds for evaluation; with
// bound_handling = penalty the fitness is also reduced by
// penalty_weight * |z - clip(z)|^2 and the update uses the unclipped sample
// (Hansen et al. 2009); with clip the update uses the clipped (evaluated) point,
// which keeps the mean inside the box.
//
// With ipop = true the population size changes at each restart, so ask() sizes
// vary between restarts (summary key population).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <Eigen/Dense>

#include "common/random.hpp"
#include "optimizer/algorithms/optimizer.hpp"

namespace l2l {

enum class CmaBoundHandling : std::int32_t { clip = 0, penalty = 1 };
std::string to_string(CmaBoundHandling handling);
// "clip" or "penalty"; throws std::invalid_argument naming cmaes.bound_handling.
CmaBoundHandling parse_cma_bound_handling(const std::string& text);

// Why a CMA-ES run stopped (summary key stop_code holds the number).
enum class CmaStop : std::int32_t {
    none = 0,
    tol_fun = 1,           // recent best and current f-values within tol_fun
    tol_x = 2,             // all std devs and sigma*p_c below tol_x * sigma0
    no_effect_axis = 3,    // 0.1 std along a principal axis leaves the mean unchanged
    no_effect_coord = 4,   // 0.2 std along a coordinate leaves the mean unchanged
    condition_cov = 5,     // condition number of C above max_condition
    equal_fun_values = 6,  // recent best f-values all equal
    tol_up_sigma = 7,      // sigma grew by more than 1e20 * sqrt(largest eigenvalue)
};
std::string to_string(CmaStop stop);

struct CmaEsOptions {
    std::size_t population = 0;    // cmaes.population: lambda; 0 = 4 + floor(3 ln n); else >= 2
    double sigma0 = 0.3;           // cmaes.sigma0: initial step as a fraction of the bound widths; > 0
    bool active = true;            // cmaes.active: negative weights (active CMA, tutorial 2016 default)
    bool ipop = false;             // cmaes.ipop: restart with a larger population when a stop criterion fires
    std::size_t max_restarts = 9;  // cmaes.max_restarts: IPOP restarts before converged(); >= 0
    double ipop_factor = 2.0;      // cmaes.ipop_factor: population multiplier per restart; >= 1
    CmaBoundHandling bound_handling = CmaBoundHandling::clip;  // cmaes.bound_handling: "clip" | "penalty"
    double penalty_weight = 1.0;   // cmaes.penalty_weight: fitness penalty per squared normalised distance; >= 0
    double tol_fun = 1e-12;        // cmaes.tol_fun: TolFun (and fitness units); >= 0
    double tol_x = 1e-12;          // cmaes.tol_x: TolX in units of sigma0; >= 0
    double max_condition = 1e14;   // cmaes.max_condition: ConditionCov; > 1

    void validate() const;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & population & sigma0 & active & ipop & max_restarts & ipop_factor & bound_handling &
            penalty_weight & tol_fun & tol_x & max_condition;
    }
};

class CmaEsOptimizer final : public CopyableOptimizer<CmaEsOptimizer> {
public:
    // initial_mean (genome units) empty: drawn uniformly in the bounds from the seeded Rng.
    CmaEsOptimizer(CmaEsOptions options, Bounds bounds, std::uint64_t seed, Genome initial_mean = {});

    std::string_view name() const override { return "cmaes"; }
    std::vector<Genome> ask() override;
    PopulationState population_state() const override;
    void tell(std::span<const Genome> genomes, std::span<const EvalResult> results) override;
    Summary summary() const override;
    // A stop criterion fired and (with IPOP) no restart is left.
    bool converged() const override { return finished_; }
    void save_state(std::ostream& out) const override;
    void load_state(std::istream& in) override;

    Genome mean() const;                  // genome units
    double sigma() const { return sigma_; }  // fraction of the bound widths
    std::size_t population() const { return lambda_; }
    std::size_t restarts() const { return restarts_; }
    CmaStop last_stop() const { return last_stop_; }
    const Genome& best_genome() const { return best_genome_; }
    double best_fitness() const { return best_fitness_; }

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & options_ & bounds_ & rng_ & n_ & lambda_ & mu_ & weights_ & mu_eff_ & c_sigma_ & d_sigma_ & c_c_ &
            c_1_ & c_mu_ & chi_n_ & mean_ & sigma_ & p_sigma_ & p_c_ & C_ & B_ & D_ & inv_sqrt_C_ &
            evaluations_since_eigen_ & generation_ & samples_ & best_f_history_ & restarts_ & last_stop_ &
            finished_ & best_genome_ & best_fitness_ & last_generation_best_;
    }

private:
    void start_run(Eigen::VectorXd mean);
    void set_parameters();
    void update_eigensystem();
    CmaStop stop_criterion(const std::vector<double>& f_sorted) const;
    Genome to_genome(const Eigen::VectorXd& z) const;

    CmaEsOptions options_;
    Bounds bounds_;
    Rng rng_;
    std::size_t n_ = 0;
    // Strategy parameters of the current run (depend on lambda).
    std::size_t lambda_ = 0;
    std::size_t mu_ = 0;
    Eigen::VectorXd weights_;  // lambda weights, positive then negative
    double mu_eff_ = 0.0;
    double c_sigma_ = 0.0;
    double d_sigma_ = 0.0;
    double c_c_ = 0.0;
    double c_1_ = 0.0;
    double c_mu_ = 0.0;
    double chi_n_ = 0.0;  // E|N(0, I)|
    // Distribution state, in normalised coordinates.
    Eigen::VectorXd mean_;
    double sigma_ = 0.0;
    Eigen::VectorXd p_sigma_;
    Eigen::VectorXd p_c_;
    Eigen::MatrixXd C_;
    Eigen::MatrixXd B_;
    Eigen::VectorXd D_;  // square roots of the eigenvalues of C
    Eigen::MatrixXd inv_sqrt_C_;
    double evaluations_since_eigen_ = 0.0;
    std::uint64_t generation_ = 0;        // generations of the current run
    Eigen::MatrixXd samples_;             // columns: normalised samples of the last ask()
    std::vector<double> best_f_history_;  // best f of recent generations
    std::size_t restarts_ = 0;
    CmaStop last_stop_ = CmaStop::none;
    bool finished_ = false;
    Genome best_genome_;
    double best_fitness_;
    double last_generation_best_;
};

}  // namespace l2l
