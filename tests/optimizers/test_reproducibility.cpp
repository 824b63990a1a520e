// Every optimizer: same seed -> bit-identical run; different seeds differ; a run
// checkpointed mid-way (save_state into a stringstream, load_state into a fresh
// instance) continues bit for bit like the uninterrupted one.
#include <doctest/doctest.h>

#include <memory>

#include "optimizer/algorithms/cma_es.hpp"
#include "optimizer/algorithms/ensemble_kalman.hpp"
#include "optimizer/algorithms/evolution_strategies.hpp"
#include "optimizer/algorithms/grid_search.hpp"
#include "optimizer/algorithms/random_search.hpp"
#include "optimizer_driver.hpp"

namespace l2l::test {

namespace {
const BenchmarkFunction& rosenbrock_fn() { return *find_benchmark_function("rosenbrock"); }
}  // namespace

TEST_CASE("es: reproducible and resumable") {
    check_reproducible(
        [](std::uint64_t seed) {
            return std::make_unique<EvolutionStrategiesOptimizer>(EvolutionStrategiesOptions{}, uniform_bounds(6, -2.0, 2.0),
                                                                  seed);
        },
        benchmark_evaluator(rosenbrock_fn()), 30, 13);
}

TEST_CASE("cmaes: reproducible and resumable, also across IPOP restarts") {
    check_reproducible(
        [](std::uint64_t seed) {
            return std::make_unique<CmaEsOptimizer>(CmaEsOptions{}, default_bounds(rosenbrock_fn(), 6), seed);
        },
        benchmark_evaluator(rosenbrock_fn()), 60, 17);
    CmaEsOptions ipop;
    ipop.ipop = true;
    ipop.tol_fun = 1e-3;  // restart early so that the checkpoint falls after a restart
    check_reproducible(
        [ipop](std::uint64_t seed) {
            return std::make_unique<CmaEsOptimizer>(ipop, default_bounds(*find_benchmark_function("rastrigin"), 3), seed);
        },
        benchmark_evaluator(*find_benchmark_function("rastrigin")), 200, 150);
    // The checkpoint at generation 150 indeed falls after a restart.
    CmaEsOptimizer probe(ipop, default_bounds(*find_benchmark_function("rastrigin"), 3), 42);
    Trace ignored;
    record(probe, benchmark_evaluator(*find_benchmark_function("rastrigin")), 150, ignored);
    CHECK(probe.restarts() >= 1);
}

TEST_CASE("enkf: reproducible and resumable (perturbed observations)") {
    EnsembleKalmanOptions options;
    options.ensemble_size = 12;
    options.noise_variance = {0.01};
    options.covariance_inflation = 1.01;
    check_reproducible(
        [options](std::uint64_t seed) {
            return std::make_unique<EnsembleKalmanOptimizer>(options, uniform_bounds(4, -2.0, 2.0),
                                                             std::vector<double>(6, 0.0), seed);
        },
        benchmark_evaluator(rosenbrock_fn(), true), 20, 9);
}

TEST_CASE("random: reproducible and resumable") {
    check_reproducible(
        [](std::uint64_t seed) {
            return std::make_unique<RandomSearchOptimizer>(RandomSearchOptions{}, uniform_bounds(5, -1.0, 1.0), seed);
        },
        benchmark_evaluator(rosenbrock_fn()), 10, 4);
}

TEST_CASE("grid: reproducible and resumable (deterministic: the seed does not matter)") {
    GridSearchOptions options;
    options.population = 5;
    options.axes = {{"x0", 4}, {"x1", 5}};
    check_reproducible(
        [options](std::uint64_t seed) {
            return std::make_unique<GridSearchOptimizer>(options, uniform_bounds(3, -1.0, 1.0),
                                                         std::vector<std::string>{"x0", "x1", "x2"}, seed);
        },
        benchmark_evaluator(rosenbrock_fn()), 4, 2, false);
}

}  // namespace l2l::test
