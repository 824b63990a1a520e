#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include <Eigen/Dense>

#include "common/random.hpp"
#include "optimizer/algorithms/ensemble_kalman.hpp"
#include "optimizer_driver.hpp"

namespace l2l::test {

namespace {
// A small linear-Gaussian inverse problem: G(u) = A u, y observed with noise Gamma.
struct LinearProblem {
    Eigen::MatrixXd A{{1.0, 2.0, 0.0}, {0.0, -1.0, 3.0}};
    Eigen::VectorXd y{{1.5, -0.5}};
    Eigen::VectorXd gamma{{0.5, 0.2}};
    Eigen::VectorXd prior_mean{{0.3, -0.2, 0.1}};
    Eigen::VectorXd prior_std{{1.0, 0.7, 1.2}};

    std::vector<Genome> prior_sample(std::size_t count, std::uint64_t seed) const {
        Rng rng(seed);
        std::vector<Genome> ensemble(count, Genome(3));
        for (auto& u : ensemble) {
            for (Eigen::Index i = 0; i < 3; ++i) u[static_cast<std::size_t>(i)] = prior_mean(i) + prior_std(i) * rng.normal();
        }
        return ensemble;
    }
    Evaluate evaluator() const {
        return [this](const Genome& u) {
            const Eigen::VectorXd g = A * Eigen::Map<const Eigen::VectorXd>(u.data(), 3);
            EvalResult r;
            r.outputs.assign(g.data(), g.data() + g.size());
            r.fitness = -(y - g).squaredNorm();
            return r;
        };
    }
    EnsembleKalmanOptions options(std::size_t J, bool perturbed) const {
        EnsembleKalmanOptions o;
        o.ensemble_size = J;
        o.noise_variance = {gamma(0), gamma(1)};
        o.perturbed_observations = perturbed;
        o.bound_handling = EnkfBoundHandling::none;
        return o;
    }
};

Eigen::MatrixXd as_matrix(const std::vector<Genome>& genomes) {
    Eigen::MatrixXd m(static_cast<Eigen::Index>(genomes[0].size()), static_cast<Eigen::Index>(genomes.size()));
    for (std::size_t j = 0; j < genomes.size(); ++j) {
        m.col(static_cast<Eigen::Index>(j)) = Eigen::Map<const Eigen::VectorXd>(genomes[j].data(), m.rows());
    }
    return m;
}

void one_step(Optimizer& optimizer, const Evaluate& evaluate) {
    const auto batch = optimizer.ask();
    std::vector<EvalResult> results;
    for (const auto& g : batch) results.push_back(evaluate(g));
    optimizer.tell(batch, results);
}
}  // namespace

TEST_CASE("enkf: one plain-observation step equals the Kalman update of the ensemble's own Gaussian (1e-12)") {
    // For linear G the EnKF mean update is exactly the Kalman posterior mean of
    // N(ensemble mean, ensemble covariance); checked to 1e-12 relative.
    const LinearProblem p;
    const auto prior = p.prior_sample(8, 11);
    EnsembleKalmanOptimizer enkf(p.options(8, false), uniform_bounds(3, -1e6, 1e6), {p.y(0), p.y(1)}, 1, prior);
    one_step(enkf, p.evaluator());

    const Eigen::MatrixXd U = as_matrix(prior);
    const Eigen::VectorXd m = U.rowwise().mean();
    const Eigen::MatrixXd dU = U.colwise() - m;
    const Eigen::MatrixXd C = dU * dU.transpose() / 8.0;
    const Eigen::MatrixXd S = p.A * C * p.A.transpose() + Eigen::MatrixXd(p.gamma.asDiagonal());
    const Eigen::VectorXd expected = m + C * p.A.transpose() * S.ldlt().solve(p.y - p.A * m);
    const auto mean = enkf.ensemble_mean();
    for (Eigen::Index i = 0; i < 3; ++i) {
        CHECK(mean[static_cast<std::size_t>(i)] == doctest::Approx(expected(i)).epsilon(1e-12));
    }
}

TEST_CASE("enkf: large perturbed ensemble matches the closed-form linear-Gaussian posterior (J = 20000, tol 0.03)") {
    // Posterior mean m0 + C0 A^T (A C0 A^T + Gamma)^{-1} (y - A m0) and covariance
    // C0 - C0 A^T (A C0 A^T + Gamma)^{-1} A C0. Monte Carlo error ~ std / sqrt(J) < 0.01.
    const LinearProblem p;
    const std::size_t J = 20000;
    EnsembleKalmanOptimizer enkf(p.options(J, true), uniform_bounds(3, -1e6, 1e6), {p.y(0), p.y(1)}, 2,
                                 p.prior_sample(J, 12));
    one_step(enkf, p.evaluator());

    const Eigen::MatrixXd C0 = p.prior_std.array().square().matrix().asDiagonal();
    const Eigen::MatrixXd S = p.A * C0 * p.A.transpose() + Eigen::MatrixXd(p.gamma.asDiagonal());
    const Eigen::MatrixXd K = C0 * p.A.transpose() * S.inverse();
    const Eigen::VectorXd post_mean = p.prior_mean + K * (p.y - p.A * p.prior_mean);
    const Eigen::MatrixXd post_cov = C0 - K * p.A * C0;

    const Eigen::MatrixXd U = as_matrix(enkf.ask());
    const Eigen::VectorXd mean = U.rowwise().mean();
    const Eigen::MatrixXd dU = U.colwise() - mean;
    const Eigen::MatrixXd cov = dU * dU.transpose() / static_cast<double>(J - 1);
    for (Eigen::Index i = 0; i < 3; ++i) CHECK(std::abs(mean(i) - post_mean(i)) < 0.03);
    CHECK((cov - post_cov).norm() < 0.03 * post_cov.norm() + 0.01);
}

TEST_CASE("enkf: Rosenbrock 10-D least squares (residuals) below 1e-6 (budget 50 x 400 evaluations)") {
    const auto& fn = *find_benchmark_function("rosenbrock");
    EnsembleKalmanOptions options;
    options.ensemble_size = 50;
    options.noise_variance = {1e-4};
    options.perturbed_observations = false;
    const std::vector<double> target(18, 0.0);  // residuals -> 0
    EnsembleKalmanOptimizer enkf(options, uniform_bounds(10, -2.0, 2.0), target, 1);
    const auto outcome = drive(enkf, benchmark_evaluator(fn, true), 50 * 400, -1e-6);
    MESSAGE("enkf rosenbrock-10: evaluations ", outcome.evaluations, ", best f ", -outcome.best_fitness,
            ", f(mean) ", rosenbrock(enkf.ensemble_mean()), ", spread ", enkf.spread());
    CHECK(-outcome.best_fitness < 1e-6);
}

TEST_CASE("enkf: scalar fitness (no outputs) moves towards the target fitness") {
    const auto& fn = *find_benchmark_function("sphere");
    EnsembleKalmanOptions options;
    options.ensemble_size = 20;
    options.noise_variance = {1e-2};
    EnsembleKalmanOptimizer enkf(options, uniform_bounds(4, -3.0, 3.0), {0.0}, 5);
    const double start = sphere(enkf.ensemble_mean());
    drive(enkf, benchmark_evaluator(fn, false), 20 * 50);
    CHECK(sphere(enkf.ensemble_mean()) < 0.5 * start);
}

TEST_CASE("enkf: failed members are left out and resampled; nothing crashes") {
    const LinearProblem p;
    EnsembleKalmanOptimizer enkf(p.options(10, true), uniform_bounds(3, -5.0, 5.0), {p.y(0), p.y(1)}, 3);
    const auto evaluate = p.evaluator();
    for (int generation = 0; generation < 5; ++generation) {
        const auto batch = enkf.ask();
        std::vector<EvalResult> results;
        for (const auto& g : batch) results.push_back(evaluate(g));
        results[1].status = EvalStatus::exception;
        results[4].outputs[0] = std::numeric_limits<double>::quiet_NaN();
        enkf.tell(batch, results);
        CHECK(enkf.summary()[3].second == 2.0);  // failed_members
    }
    for (const auto& u : enkf.ask()) {
        for (double v : u) CHECK(std::isfinite(v));
    }
    // Every member failing: no update, no crash.
    const auto batch = enkf.ask();
    std::vector<EvalResult> all_failed(batch.size());
    for (auto& r : all_failed) r.status = EvalStatus::non_finite;
    enkf.tell(batch, all_failed);
    for (const auto& u : enkf.ask()) {
        for (double v : u) CHECK(std::isfinite(v));
    }
}

TEST_CASE("enkf: options are validated with the config key") {
    EnsembleKalmanOptions options;
    options.ensemble_size = 1;
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("enkf.ensemble_size"), std::invalid_argument);
    options = {};
    options.noise_variance = {1.0, -2.0};
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("enkf.noise_variance"), std::invalid_argument);
    options = {};
    options.dt = 0.0;
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("enkf.dt"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_enkf_bound_handling("reflect"), doctest::Contains("enkf.bound_handling"),
                         std::invalid_argument);
}

}  // namespace l2l::test
