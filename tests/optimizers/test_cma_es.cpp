#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "optimizer/algorithms/cma_es.hpp"
#include "optimizer_driver.hpp"

namespace l2l::test {

namespace {
RunOutcome run_cmaes(const char* function, std::size_t dimension, CmaEsOptions options, std::uint64_t seed,
                     std::size_t budget, double target_f) {
    const auto& fn = *find_benchmark_function(function);
    CmaEsOptimizer cmaes(options, default_bounds(fn, dimension), seed);
    auto outcome = drive(cmaes, benchmark_evaluator(fn), budget, -target_f);
    MESSAGE("cmaes ", std::string(function), "-", dimension, std::string(options.ipop ? " ipop" : ""), ": evaluations ", outcome.evaluations,
            ", best f ", -outcome.best_fitness, ", restarts ", cmaes.restarts(), ", last stop ",
            to_string(cmaes.last_stop()));
    return outcome;
}
}  // namespace

TEST_CASE("cmaes: sphere 50-D below 1e-10 within 1e5 evaluations") {
    const auto outcome = run_cmaes("sphere", 50, {}, 1, 100000, 1e-10);
    CHECK(-outcome.best_fitness < 1e-10);
}

TEST_CASE("cmaes: Rosenbrock 10-D below 1e-8 within 1e5 evaluations") {
    const auto outcome = run_cmaes("rosenbrock", 10, {}, 1, 100000, 1e-8);
    CHECK(-outcome.best_fitness < 1e-8);
}

TEST_CASE("cmaes: IPOP solves Rastrigin 10-D below 1e-8 within 2e5 evaluations") {
    CmaEsOptions options;
    options.ipop = true;
    const auto outcome = run_cmaes("rastrigin", 10, options, 1, 200000, 1e-8);
    CHECK(-outcome.best_fitness < 1e-8);
}

TEST_CASE("cmaes: a converged run reports a stop criterion") {
    const auto& fn = *find_benchmark_function("sphere");
    CmaEsOptimizer cmaes({}, default_bounds(fn, 5), 2);
    const auto outcome = drive(cmaes, benchmark_evaluator(fn), 100000);
    CHECK(outcome.converged);
    CHECK(cmaes.last_stop() != CmaStop::none);
}

TEST_CASE("cmaes: IPOP doubles the population at each restart") {
    const auto& fn = *find_benchmark_function("sphere");
    CmaEsOptions options;
    options.ipop = true;
    options.max_restarts = 2;
    CmaEsOptimizer cmaes(options, default_bounds(fn, 4), 2);
    const std::size_t lambda0 = cmaes.population();
    const auto outcome = drive(cmaes, benchmark_evaluator(fn), 1000000);
    CHECK(outcome.converged);
    CHECK(cmaes.restarts() == 2);
    CHECK(cmaes.population() == 4 * lambda0);
}

TEST_CASE("cmaes: penalty bound handling finds an optimum on the boundary; failures do not crash") {
    // Minimum of sphere shifted to x = 3, outside the box [-1, 1]: optimum at the corner x = 1.
    CmaEsOptions options;
    options.bound_handling = CmaBoundHandling::penalty;
    CmaEsOptimizer cmaes(options, uniform_bounds(4, -1.0, 1.0), 3);
    std::size_t calls = 0;
    const Evaluate evaluate = [&calls](const Genome& x) {
        EvalResult r;
        if (++calls % 7 == 0) {
            r.status = EvalStatus::exception;
            r.fitness = std::numeric_limits<double>::quiet_NaN();
            return r;
        }
        double f = 0.0;
        for (double v : x) f += (v - 3.0) * (v - 3.0);
        r.fitness = -f;
        return r;
    };
    drive(cmaes, evaluate, 20000);
    for (double v : cmaes.best_genome()) CHECK(v == doctest::Approx(1.0).epsilon(1e-6));
}

TEST_CASE("cmaes: options are validated with the config key") {
    CmaEsOptions options;
    options.sigma0 = 0.0;
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("cmaes.sigma0"), std::invalid_argument);
    options = {};
    options.population = 1;
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("cmaes.population"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_cma_bound_handling("reflect"), doctest::Contains("cmaes.bound_handling"),
                         std::invalid_argument);
}

}  // namespace l2l::test
