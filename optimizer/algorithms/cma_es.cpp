#include "optimizer/algorithms/cma_es.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "optimizer/algorithms/fitness_ranking.hpp"
#include "optimizer/algorithms/option_check.hpp"
#include "optimizer/algorithms/state_serialization.hpp"

namespace l2l {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double width(const Bounds& b, std::size_t i) {
    const double w = b.upper[i] - b.lower[i];
    return w > 0.0 ? w : 1.0;  // a fixed gene stays fixed through clipping
}

// Eigen's maxCoeff()/minCoeff() trip GCC 12's -Wnull-dereference; vectors here are never empty.
double largest(const Eigen::VectorXd& v) { return *std::max_element(v.data(), v.data() + v.size()); }
double smallest(const Eigen::VectorXd& v) { return *std::min_element(v.data(), v.data() + v.size()); }
}  // namespace

namespace {
constexpr std::array<Choice<CmaBoundHandling>, 2> bound_handlings{
    {{"clip", CmaBoundHandling::clip}, {"penalty", CmaBoundHandling::penalty}}};
}  // namespace

std::string to_string(CmaBoundHandling handling) { return choice_name(handling, bound_handlings); }

CmaBoundHandling parse_cma_bound_handling(const std::string& text) {
    return parse_choice("cmaes.bound_handling", text, bound_handlings);
}

std::string to_string(CmaStop stop) {
    switch (stop) {
        case CmaStop::none: return "none";
        case CmaStop::tol_fun: return "tol_fun";
        case CmaStop::tol_x: return "tol_x";
        case CmaStop::no_effect_axis: return "no_effect_axis";
        case CmaStop::no_effect_coord: return "no_effect_coord";
        case CmaStop::condition_cov: return "condition_cov";
        case CmaStop::equal_fun_values: return "equal_fun_values";
        case CmaStop::tol_up_sigma: return "tol_up_sigma";
    }
    return "unknown";
}

void CmaEsOptions::validate() const {
    require_option(population == 0 || population >= 2, "cmaes.population", population,
                   "0 (default 4 + floor(3 ln n)) or >= 2");
    require_option(std::isfinite(sigma0) && sigma0 > 0.0, "cmaes.sigma0", sigma0, "> 0 (fraction of the bound widths)");
    require_option(max_restarts <= 30, "cmaes.max_restarts", max_restarts, "in [0, 30]");
    require_option(std::isfinite(ipop_factor) && ipop_factor >= 1.0, "cmaes.ipop_factor", ipop_factor, ">= 1");
    require_option(bound_handling == CmaBoundHandling::clip || bound_handling == CmaBoundHandling::penalty,
                   "cmaes.bound_handling", static_cast<int>(bound_handling), "\"clip\" or \"penalty\"");
    require_option(std::isfinite(penalty_weight) && penalty_weight >= 0.0, "cmaes.penalty_weight", penalty_weight, ">= 0");
    require_option(tol_fun >= 0.0, "cmaes.tol_fun", tol_fun, ">= 0");
    require_option(tol_x >= 0.0, "cmaes.tol_x", tol_x, ">= 0");
    require_option(max_condition > 1.0, "cmaes.max_condition", max_condition, "> 1");
}

CmaEsOptimizer::CmaEsOptimizer(CmaEsOptions options, Bounds bounds, std::uint64_t seed, Genome initial_mean)
    : options_(options), bounds_(std::move(bounds)), rng_(seed), best_fitness_(-kInf), last_generation_best_(kNaN) {
    options_.validate();
    validate_bounds(bounds_, "cmaes");
    n_ = bounds_.size();
    initial_mean = initial_mean_in_bounds(std::move(initial_mean), bounds_, rng_, "cmaes");
    Eigen::VectorXd z(static_cast<Eigen::Index>(n_));
    for (std::size_t i = 0; i < n_; ++i) {
        z(static_cast<Eigen::Index>(i)) = (initial_mean[i] - bounds_.lower[i]) / width(bounds_, i);
    }
    lambda_ = options_.population > 0 ? options_.population : default_population(n_);
    start_run(std::move(z));
}

void CmaEsOptimizer::set_parameters() {
    const double n = static_cast<double>(n_);
    const double lambda = static_cast<double>(lambda_);
    mu_ = lambda_ / 2;
    // Tutorial (2016) eq. 49-53: w'_i = ln((lambda+1)/2) - ln i.
    Eigen::VectorXd raw(static_cast<Eigen::Index>(lambda_));
    for (std::size_t i = 0; i < lambda_; ++i) {
        raw(static_cast<Eigen::Index>(i)) = std::log((lambda + 1.0) / 2.0) - std::log(static_cast<double>(i + 1));
    }
    double sum_pos = 0.0, sum_pos_sq = 0.0, sum_neg = 0.0, sum_neg_sq = 0.0;
    for (Eigen::Index i = 0; i < raw.size(); ++i) {
        if (raw(i) > 0.0) {
            sum_pos += raw(i);
            sum_pos_sq += raw(i) * raw(i);
        } else {
            sum_neg -= raw(i);
            sum_neg_sq += raw(i) * raw(i);
        }
    }
    mu_eff_ = sum_pos * sum_pos / sum_pos_sq;
    const double mu_eff_neg = sum_neg_sq > 0.0 ? sum_neg * sum_neg / sum_neg_sq : 0.0;
    c_sigma_ = (mu_eff_ + 2.0) / (n + mu_eff_ + 5.0);
    d_sigma_ = 1.0 + 2.0 * std::max(0.0, std::sqrt((mu_eff_ - 1.0) / (n + 1.0)) - 1.0) + c_sigma_;
    c_c_ = (4.0 + mu_eff_ / n) / (n + 4.0 + 2.0 * mu_eff_ / n);
    const double alpha_cov = 2.0;
    c_1_ = alpha_cov / ((n + 1.3) * (n + 1.3) + mu_eff_);
    c_mu_ = std::min(1.0 - c_1_,
                     alpha_cov * (mu_eff_ - 2.0 + 1.0 / mu_eff_) / ((n + 2.0) * (n + 2.0) + alpha_cov * mu_eff_ / 2.0));
    const double alpha_mu_neg = 1.0 + c_1_ / c_mu_;
    const double alpha_mu_eff_neg = 1.0 + 2.0 * mu_eff_neg / (mu_eff_ + 2.0);
    const double alpha_posdef_neg = (1.0 - c_1_ - c_mu_) / (n * c_mu_);
    const double neg_scale = std::min({alpha_mu_neg, alpha_mu_eff_neg, alpha_posdef_neg});
    weights_.resize(raw.size());
    for (Eigen::Index i = 0; i < raw.size(); ++i) {
        if (raw(i) > 0.0) {
            weights_(i) = raw(i) / sum_pos;
        } else {
            weights_(i) = options_.active && sum_neg > 0.0 ? neg_scale * raw(i) / sum_neg : 0.0;
        }
    }
    chi_n_ = std::sqrt(n) * (1.0 - 1.0 / (4.0 * n) + 1.0 / (21.0 * n * n));
}

void CmaEsOptimizer::start_run(Eigen::VectorXd mean) {
    set_parameters();
    const auto n = static_cast<Eigen::Index>(n_);
    mean_ = std::move(mean);
    sigma_ = options_.sigma0;
    p_sigma_ = Eigen::VectorXd::Zero(n);
    p_c_ = Eigen::VectorXd::Zero(n);
    C_ = Eigen::MatrixXd::Identity(n, n);
    B_ = Eigen::MatrixXd::Identity(n, n);
    D_ = Eigen::VectorXd::Ones(n);
    inv_sqrt_C_ = Eigen::MatrixXd::Identity(n, n);
    evaluations_since_eigen_ = 0.0;
    generation_ = 0;
    samples_.resize(0, 0);
    best_f_history_.clear();
    last_stop_ = CmaStop::none;
}

Genome CmaEsOptimizer::to_genome(const Eigen::VectorXd& z) const {
    Genome genome(n_);
    for (std::size_t i = 0; i < n_; ++i) {
        genome[i] = bounds_.lower[i] + width(bounds_, i) * z(static_cast<Eigen::Index>(i));
    }
    bounds_.clip(genome);
    return genome;
}

Genome CmaEsOptimizer::mean() const { return to_genome(mean_); }

std::vector<Genome> CmaEsOptimizer::ask() {
    const auto n = static_cast<Eigen::Index>(n_);
    samples_.resize(n, static_cast<Eigen::Index>(lambda_));
    Eigen::VectorXd z(n);
    std::vector<Genome> batch;
    batch.reserve(lambda_);
    for (Eigen::Index k = 0; k < samples_.cols(); ++k) {
        for (Eigen::Index i = 0; i < n; ++i) z(i) = rng_.normal();
        samples_.col(k) = mean_ + sigma_ * (B_ * (D_.array() * z.array()).matrix());
        batch.push_back(to_genome(samples_.col(k)));
    }
    return batch;
}

void CmaEsOptimizer::tell(std::span<const Genome> genomes, std::span<const EvalResult> results) {
    check_tell_sizes(genomes, results, lambda_, n_);
    if (samples_.cols() != static_cast<Eigen::Index>(lambda_)) throw std::logic_error("cmaes: tell() without ask()");
    const auto n = static_cast<Eigen::Index>(n_);

    // f = -fitness (minimised); failures are +inf and rank last.
    std::vector<double> f(lambda_, kInf);
    last_generation_best_ = l2l::best_fitness(results);
    for (std::size_t k = 0; k < lambda_; ++k) {
        if (!is_successful(results[k])) continue;
        if (results[k].fitness > best_fitness_) {
            best_fitness_ = results[k].fitness;
            best_genome_ = genomes[k];
        }
        f[k] = -results[k].fitness;
        const auto col = static_cast<Eigen::Index>(k);
        Eigen::VectorXd clipped = samples_.col(col).cwiseMax(0.0).cwiseMin(1.0);
        if (options_.bound_handling == CmaBoundHandling::penalty) {
            f[k] += options_.penalty_weight * (samples_.col(col) - clipped).squaredNorm();
        } else {
            samples_.col(col) = clipped;
        }
    }
    std::vector<std::size_t> order(lambda_);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return f[a] < f[b]; });
    std::vector<double> f_sorted(lambda_);
    for (std::size_t k = 0; k < lambda_; ++k) f_sorted[k] = f[order[k]];

    if (std::isfinite(f_sorted[0])) {
        Eigen::MatrixXd y(n, static_cast<Eigen::Index>(lambda_));  // ranked steps (x - m) / sigma
        for (std::size_t k = 0; k < lambda_; ++k) {
            y.col(static_cast<Eigen::Index>(k)) = (samples_.col(static_cast<Eigen::Index>(order[k])) - mean_) / sigma_;
        }
        const Eigen::VectorXd y_w = y.leftCols(static_cast<Eigen::Index>(mu_)) * weights_.head(static_cast<Eigen::Index>(mu_));
        mean_ += sigma_ * y_w;  // c_m = 1

        const double n_d = static_cast<double>(n_);
        p_sigma_ = (1.0 - c_sigma_) * p_sigma_ + std::sqrt(c_sigma_ * (2.0 - c_sigma_) * mu_eff_) * (inv_sqrt_C_ * y_w);
        const double ps_norm = p_sigma_.norm();
        const double decay = 1.0 - std::pow(1.0 - c_sigma_, 2.0 * static_cast<double>(generation_ + 1));
        const bool h_sigma = ps_norm / std::sqrt(decay) < (1.4 + 2.0 / (n_d + 1.0)) * chi_n_;
        p_c_ = (1.0 - c_c_) * p_c_ + (h_sigma ? std::sqrt(c_c_ * (2.0 - c_c_) * mu_eff_) : 0.0) * y_w;

        // Active weights: negative ones rescaled by n / |C^{-1/2} y|^2 (tutorial eq. 46).
        Eigen::VectorXd w_circ = weights_;
        for (Eigen::Index k = 0; k < w_circ.size(); ++k) {
            if (w_circ(k) < 0.0) {
                const double mahalanobis_sq = (inv_sqrt_C_ * y.col(k)).squaredNorm();
                w_circ(k) *= mahalanobis_sq > 0.0 ? n_d / mahalanobis_sq : 0.0;
            }
        }
        const double delta_h = h_sigma ? 0.0 : c_c_ * (2.0 - c_c_);
        const Eigen::MatrixXd rank_mu = y * w_circ.asDiagonal() * y.transpose();
        C_ = (1.0 + c_1_ * delta_h - c_1_ - c_mu_ * weights_.sum()) * C_ + c_1_ * (p_c_ * p_c_.transpose()) + c_mu_ * rank_mu;
        sigma_ *= std::exp(std::min(1.0, (c_sigma_ / d_sigma_) * (ps_norm / chi_n_ - 1.0)));

        evaluations_since_eigen_ += static_cast<double>(lambda_);
        if (evaluations_since_eigen_ > static_cast<double>(lambda_) / (c_1_ + c_mu_) / n_d / 10.0) update_eigensystem();
    }
    ++generation_;
    best_f_history_.push_back(f_sorted[0]);
    const std::size_t history_length =
        10U + static_cast<std::size_t>(std::ceil(30.0 * static_cast<double>(n_) / static_cast<double>(lambda_)));
    if (best_f_history_.size() > history_length) best_f_history_.erase(best_f_history_.begin());

    const CmaStop stop = stop_criterion(f_sorted);
    if (stop == CmaStop::none) return;
    last_stop_ = stop;
    if (options_.ipop && restarts_ < options_.max_restarts) {
        ++restarts_;
        lambda_ = static_cast<std::size_t>(std::round(static_cast<double>(lambda_) * options_.ipop_factor));
        Eigen::VectorXd z(n);
        for (Eigen::Index i = 0; i < n; ++i) z(i) = rng_.uniform();
        start_run(std::move(z));
        last_stop_ = stop;  // report why the previous run ended
    } else {
        finished_ = true;
    }
}

void CmaEsOptimizer::update_eigensystem() {
    evaluations_since_eigen_ = 0.0;
    C_ = 0.5 * (C_ + C_.transpose());  // keep C exactly symmetric
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(C_);
    B_ = solver.eigenvectors();
    const Eigen::VectorXd eigenvalues = solver.eigenvalues().cwiseMax(std::numeric_limits<double>::min());
    D_ = eigenvalues.cwiseSqrt();
    inv_sqrt_C_ = B_ * D_.cwiseInverse().asDiagonal() * B_.transpose();
}

CmaStop CmaEsOptimizer::stop_criterion(const std::vector<double>& f_sorted) const {
    const std::size_t history_length =
        10U + static_cast<std::size_t>(std::ceil(30.0 * static_cast<double>(n_) / static_cast<double>(lambda_)));
    const bool history_full = best_f_history_.size() >= history_length;
    if (history_full && std::isfinite(f_sorted.back())) {
        const auto [lo, hi] = std::minmax_element(best_f_history_.begin(), best_f_history_.end());
        const double range = std::max(*hi, f_sorted.back()) - std::min(*lo, f_sorted.front());
        if (std::isfinite(range) && range < options_.tol_fun) return CmaStop::tol_fun;
        if (*hi == *lo) return CmaStop::equal_fun_values;
    }
    const double tol_x = options_.tol_x * options_.sigma0;
    const Eigen::VectorXd stds = sigma_ * C_.diagonal().cwiseSqrt();
    if (largest(stds) < tol_x && largest((sigma_ * p_c_).cwiseAbs()) < tol_x) return CmaStop::tol_x;
    const auto n = static_cast<Eigen::Index>(n_);
    const Eigen::Index axis = static_cast<Eigen::Index>(generation_ % n_);
    if (mean_ == mean_ + 0.1 * sigma_ * D_(axis) * B_.col(axis)) return CmaStop::no_effect_axis;
    for (Eigen::Index i = 0; i < n; ++i) {
        if (mean_(i) == mean_(i) + 0.2 * stds(i)) return CmaStop::no_effect_coord;
    }
    const double max_d = largest(D_);
    const double min_d = smallest(D_);
    if (max_d * max_d > options_.max_condition * min_d * min_d) return CmaStop::condition_cov;
    if (sigma_ / options_.sigma0 > 1e20 * max_d) return CmaStop::tol_up_sigma;
    return CmaStop::none;
}

PopulationState CmaEsOptimizer::population_state() const {
    PopulationState state;
    state.vectors.emplace_back("mean", to_genome(mean_));
    state.scalars.emplace_back("sigma", sigma_);
    return state;
}

Summary CmaEsOptimizer::summary() const {
    const double max_d = largest(D_);
    const double min_d = smallest(D_);
    const Eigen::VectorXd stds = sigma_ * C_.diagonal().cwiseSqrt();
    return {
        {"sigma", sigma_},
        {"axis_ratio", max_d / min_d},
        {"min_std", smallest(stds)},
        {"max_std", largest(stds)},
        {"best_fitness", last_generation_best_},
        {"best_fitness_so_far", best_fitness_},
        {"population", static_cast<double>(lambda_)},
        {"restarts", static_cast<double>(restarts_)},
        {"stop_code", static_cast<double>(last_stop_)},
    };
}

void CmaEsOptimizer::save_state(std::ostream& out) const { save_binary_state(out, *this); }

void CmaEsOptimizer::load_state(std::istream& in) { load_binary_state(in, *this); }

}  // namespace l2l
