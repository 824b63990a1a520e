#include "optimizer/algorithms/ensemble_kalman.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "optimizer/algorithms/fitness_ranking.hpp"
#include "optimizer/algorithms/option_check.hpp"
#include "optimizer/algorithms/state_serialization.hpp"

namespace l2l {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Eigen::VectorXd column_mean(const Eigen::MatrixXd& m, const std::vector<std::size_t>& columns) {
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(m.rows());
    for (std::size_t j : columns) mean += m.col(static_cast<Eigen::Index>(j));
    return mean / static_cast<double>(columns.size());
}
}  // namespace

namespace {
constexpr std::array<Choice<EnkfBoundHandling>, 2> bound_handlings{
    {{"clip", EnkfBoundHandling::clip}, {"none", EnkfBoundHandling::none}}};
}  // namespace

std::string to_string(EnkfBoundHandling handling) { return choice_name(handling, bound_handlings); }

EnkfBoundHandling parse_enkf_bound_handling(const std::string& text) {
    return parse_choice("enkf.bound_handling", text, bound_handlings);
}

void EnsembleKalmanOptions::validate() const {
    require_option(ensemble_size >= 2, "enkf.ensemble_size", ensemble_size, ">= 2");
    require_option(!noise_variance.empty(), "enkf.noise_variance", "[]", "one value, or one per output");
    for (double v : noise_variance) {
        require_option(std::isfinite(v) && v > 0.0, "enkf.noise_variance", v, "> 0 (every entry)");
    }
    require_option(std::isfinite(dt) && dt > 0.0, "enkf.dt", dt, "> 0");
    require_option(std::isfinite(covariance_inflation) && covariance_inflation >= 1.0, "enkf.covariance_inflation",
                   covariance_inflation, ">= 1");
    require_option(bound_handling == EnkfBoundHandling::clip || bound_handling == EnkfBoundHandling::none,
                   "enkf.bound_handling", static_cast<int>(bound_handling), "\"clip\" or \"none\"");
    require_option(min_spread >= 0.0, "enkf.min_spread", min_spread, ">= 0");
}

EnsembleKalmanOptimizer::EnsembleKalmanOptimizer(EnsembleKalmanOptions options, Bounds bounds,
                                                 std::vector<double> target, std::uint64_t seed,
                                                 std::vector<Genome> initial_ensemble)
    : options_(std::move(options)),
      bounds_(std::move(bounds)),
      rng_(seed),
      last_misfit_mean_(kNaN),
      last_misfit_min_(kNaN),
      last_best_fitness_(kNaN) {
    options_.validate();
    validate_bounds(bounds_, "enkf");
    if (target.empty()) throw std::invalid_argument("enkf: the target vector y is empty");
    if (options_.noise_variance.size() != 1 && options_.noise_variance.size() != target.size()) {
        throw std::invalid_argument(fmt::format("enkf.noise_variance has {} entries: must be 1 or {} (one per output)",
                                                options_.noise_variance.size(), target.size()));
    }
    target_ = Eigen::Map<const Eigen::VectorXd>(target.data(), static_cast<Eigen::Index>(target.size()));
    const std::size_t n = bounds_.size();
    const std::size_t J = options_.ensemble_size;
    if (initial_ensemble.empty()) {
        for (std::size_t j = 0; j < J; ++j) initial_ensemble.push_back(uniform_in_bounds(bounds_, rng_));
    }
    if (initial_ensemble.size() != J) {
        throw std::invalid_argument(fmt::format("enkf: initial ensemble has {} members, enkf.ensemble_size = {}",
                                                initial_ensemble.size(), J));
    }
    ensemble_.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(J));
    for (std::size_t j = 0; j < J; ++j) {
        if (initial_ensemble[j].size() != n) throw std::invalid_argument("enkf: initial member and bounds differ in size");
        for (std::size_t i = 0; i < n; ++i) {
            ensemble_(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = initial_ensemble[j][i];
        }
    }
    apply_bounds();
}

std::vector<Genome> EnsembleKalmanOptimizer::ask() {
    std::vector<Genome> batch(members());
    for (std::size_t j = 0; j < batch.size(); ++j) {
        const auto col = ensemble_.col(static_cast<Eigen::Index>(j));
        batch[j].assign(col.data(), col.data() + col.size());
    }
    return batch;
}

Eigen::VectorXd EnsembleKalmanOptimizer::noise_variance() const {
    if (options_.noise_variance.size() == 1) return Eigen::VectorXd::Constant(target_.size(), options_.noise_variance[0]);
    return Eigen::Map<const Eigen::VectorXd>(options_.noise_variance.data(), target_.size());
}

bool EnsembleKalmanOptimizer::output_of(const EvalResult& result, Eigen::VectorXd& g) const {
    if (result.status != EvalStatus::ok) return false;
    if (result.outputs.empty()) {
        if (target_.size() != 1) {
            throw std::invalid_argument(fmt::format(
                "enkf: an evaluation returned no outputs (scalar fitness) but the target has {} values", target_.size()));
        }
        g = Eigen::VectorXd::Constant(1, result.fitness);
    } else {
        if (result.outputs.size() != static_cast<std::size_t>(target_.size())) {
            throw std::invalid_argument(fmt::format("enkf: an evaluation returned {} outputs, the target has {}",
                                                    result.outputs.size(), target_.size()));
        }
        g = Eigen::Map<const Eigen::VectorXd>(result.outputs.data(), target_.size());
    }
    return g.allFinite();
}

void EnsembleKalmanOptimizer::tell(std::span<const Genome> genomes, std::span<const EvalResult> results) {
    check_tell_sizes(genomes, results, members(), bounds_.size());
    const Eigen::VectorXd gamma = noise_variance();
    Eigen::MatrixXd outputs(target_.size(), static_cast<Eigen::Index>(members()));
    std::vector<std::size_t> ok;
    std::vector<std::size_t> failed;
    Eigen::VectorXd g;
    last_misfit_mean_ = 0.0;
    last_misfit_min_ = std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < members(); ++j) {
        if (!output_of(results[j], g)) {
            failed.push_back(j);
            continue;
        }
        ok.push_back(j);
        outputs.col(static_cast<Eigen::Index>(j)) = g;
        const double misfit = ((target_ - g).array().square() / gamma.array()).sum();
        last_misfit_mean_ += misfit;
        last_misfit_min_ = std::min(last_misfit_min_, misfit);
    }
    last_failed_ = failed.size();
    last_best_fitness_ = best_fitness(results);
    if (ok.empty()) {
        last_misfit_mean_ = kNaN;
        last_misfit_min_ = kNaN;
    } else {
        last_misfit_mean_ /= static_cast<double>(ok.size());
    }

    if (ok.size() >= 2) {
        kalman_update(ok, outputs);
        inflate(ok);
    }
    resample_failed(ok, failed);
    apply_bounds();
    ++iteration_;
}

void EnsembleKalmanOptimizer::kalman_update(const std::vector<std::size_t>& ok, const Eigen::MatrixXd& outputs) {
    const auto count = static_cast<Eigen::Index>(ok.size());
    Eigen::MatrixXd u(ensemble_.rows(), count);
    Eigen::MatrixXd G(outputs.rows(), count);
    for (Eigen::Index k = 0; k < count; ++k) {
        u.col(k) = ensemble_.col(static_cast<Eigen::Index>(ok[static_cast<std::size_t>(k)]));
        G.col(k) = outputs.col(static_cast<Eigen::Index>(ok[static_cast<std::size_t>(k)]));
    }
    const Eigen::MatrixXd du = u.colwise() - u.rowwise().mean();
    const Eigen::MatrixXd dG = G.colwise() - G.rowwise().mean();
    const double inv_count = 1.0 / static_cast<double>(count);
    const Eigen::MatrixXd C_uG = inv_count * (du * dG.transpose());
    const Eigen::VectorXd scaled_noise = noise_variance() / options_.dt;
    Eigen::MatrixXd S = inv_count * (dG * dG.transpose());
    S.diagonal() += scaled_noise;

    // Innovations y + eta_j - G(u_j), one column per member.
    Eigen::MatrixXd innovation = (-G).colwise() + target_;
    if (options_.perturbed_observations) {
        const Eigen::VectorXd noise_std = scaled_noise.cwiseSqrt();
        for (Eigen::Index k = 0; k < count; ++k) {
            for (Eigen::Index i = 0; i < innovation.rows(); ++i) innovation(i, k) += noise_std(i) * rng_.normal();
        }
    }
    const Eigen::MatrixXd weights = S.ldlt().solve(innovation);
    u += C_uG * weights;
    for (Eigen::Index k = 0; k < count; ++k) ensemble_.col(static_cast<Eigen::Index>(ok[static_cast<std::size_t>(k)])) = u.col(k);
}

void EnsembleKalmanOptimizer::inflate(const std::vector<std::size_t>& ok) {
    if (options_.covariance_inflation == 1.0) return;
    const Eigen::VectorXd mean = column_mean(ensemble_, ok);
    const double factor = std::sqrt(options_.covariance_inflation);  // deviations scale with the std
    for (std::size_t j : ok) {
        auto col = ensemble_.col(static_cast<Eigen::Index>(j));
        col = mean + factor * (col - mean);
    }
}

void EnsembleKalmanOptimizer::resample_failed(const std::vector<std::size_t>& ok,
                                              const std::vector<std::size_t>& failed) {
    if (failed.empty()) return;
    const auto n = ensemble_.rows();
    if (ok.size() < 2) {
        for (std::size_t j : failed) {
            const Genome fresh = uniform_in_bounds(bounds_, rng_);
            ensemble_.col(static_cast<Eigen::Index>(j)) = Eigen::Map<const Eigen::VectorXd>(fresh.data(), n);
        }
        return;
    }
    const Eigen::VectorXd mean = column_mean(ensemble_, ok);
    Eigen::MatrixXd deviations(n, static_cast<Eigen::Index>(ok.size()));
    for (std::size_t k = 0; k < ok.size(); ++k) {
        deviations.col(static_cast<Eigen::Index>(k)) = ensemble_.col(static_cast<Eigen::Index>(ok[k])) - mean;
    }
    // Sample covariance of the successful members (rank <= J-1: eigenvalues clamped at 0).
    const Eigen::MatrixXd cov = deviations * deviations.transpose() / static_cast<double>(ok.size() - 1);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(cov);
    const Eigen::MatrixXd sqrt_cov = solver.eigenvectors() * solver.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
    Eigen::VectorXd z(n);
    for (std::size_t j : failed) {
        for (Eigen::Index i = 0; i < n; ++i) z(i) = rng_.normal();
        ensemble_.col(static_cast<Eigen::Index>(j)) = mean + sqrt_cov * z;
    }
}

void EnsembleKalmanOptimizer::apply_bounds() {
    if (options_.bound_handling != EnkfBoundHandling::clip) return;
    for (Eigen::Index j = 0; j < ensemble_.cols(); ++j) {
        for (Eigen::Index i = 0; i < ensemble_.rows(); ++i) {
            const auto gene = static_cast<std::size_t>(i);
            ensemble_(i, j) = std::clamp(ensemble_(i, j), bounds_.lower[gene], bounds_.upper[gene]);
        }
    }
}

Genome EnsembleKalmanOptimizer::ensemble_mean() const {
    const Eigen::VectorXd mean = ensemble_.rowwise().mean();
    return {mean.data(), mean.data() + mean.size()};
}

double EnsembleKalmanOptimizer::spread() const {
    const Eigen::MatrixXd deviations = ensemble_.colwise() - ensemble_.rowwise().mean();
    return std::sqrt(deviations.squaredNorm() / static_cast<double>(ensemble_.size()));
}

bool EnsembleKalmanOptimizer::converged() const { return options_.min_spread > 0.0 && spread() < options_.min_spread; }

// Ensemble mean and per-gene standard deviation (over the members).
PopulationState EnsembleKalmanOptimizer::population_state() const {
    PopulationState state;
    const Eigen::VectorXd mean = ensemble_.rowwise().mean();
    const Eigen::VectorXd per_gene =
        ((ensemble_.colwise() - mean).array().square().rowwise().sum() / static_cast<double>(members())).sqrt();
    state.vectors.emplace_back("mean", Genome(mean.data(), mean.data() + mean.size()));
    state.vectors.emplace_back("spread", Genome(per_gene.data(), per_gene.data() + per_gene.size()));
    state.scalars.emplace_back("spread", spread());
    return state;
}

Summary EnsembleKalmanOptimizer::summary() const {
    return {
        {"spread", spread()},
        {"misfit_mean", last_misfit_mean_},
        {"misfit_min", last_misfit_min_},
        {"failed_members", static_cast<double>(last_failed_)},
        {"best_fitness", last_best_fitness_},
    };
}

void EnsembleKalmanOptimizer::save_state(std::ostream& out) const { save_binary_state(out, *this); }

void EnsembleKalmanOptimizer::load_state(std::istream& in) { load_binary_state(in, *this); }

}  // namespace l2l
