// Benchmark table: every optimizer on sphere, Rosenbrock, Rastrigin and Ackley at
// 10-D and 50-D in their customary domains, budget 10^4 x D evaluations.
// A run stops at the budget, at f < 1e-10 or at the optimizer's own stop.
// Prints one markdown row per run:
//   | library | optimizer | function | D | best f | evaluations | seconds |
// (bench/run_optimizer_comparison.sh merges it with bench/pagmo_table.cpp).
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "optimizer/run/benchmark_functions.hpp"
#include "optimizer/algorithms/cma_es.hpp"
#include "optimizer/algorithms/ensemble_kalman.hpp"
#include "optimizer/algorithms/evolution_strategies.hpp"
#include "optimizer/algorithms/random_search.hpp"
#include "budget_run.hpp"

namespace {

using namespace l2l;

constexpr double kTargetF = 1e-10;
constexpr std::uint64_t kSeed = 1;

struct Row {
    double best_f;
    std::size_t evaluations;
    double seconds;
};

Row run(Optimizer& optimizer, const BenchmarkFunction& fn, bool residuals, std::size_t budget) {
    const auto start = std::chrono::steady_clock::now();
    const bench::BudgetRun result = bench::run_to_budget(optimizer, fn, residuals, budget, kTargetF);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return {result.best_f, result.evaluations, elapsed.count()};
}

void print(const std::string& optimizer, const BenchmarkFunction& fn, std::size_t dim, const Row& row) {
    fmt::print("| l2l | {} | {} | {} | {:.3e} | {} | {:.2f} |\n", optimizer, fn.name, dim, row.best_f, row.evaluations,
               row.seconds);
    std::fflush(stdout);
}

}  // namespace

int main() {
    fmt::print("| library | optimizer | function | D | best f | evaluations | seconds |\n");
    fmt::print("|---|---|---|---|---|---|---|\n");
    for (const std::size_t dim : {std::size_t{10}, std::size_t{50}}) {
        const std::size_t budget = 10000 * dim;
        for (const auto& fn : benchmark_functions()) {
            const Bounds bounds{std::vector<double>(dim, fn.default_lower), std::vector<double>(dim, fn.default_upper)};
            {
                EvolutionStrategiesOptimizer es({}, bounds, kSeed);
                print("es (defaults)", fn, dim, run(es, fn, false, budget));
            }
            {
                EnsembleKalmanOptions options;
                options.ensemble_size = 5 * dim;
                options.noise_variance = {1e-4};
                options.perturbed_observations = false;
                const bool residuals = fn.residuals != nullptr;
                const std::size_t outputs = residuals ? fn.residuals(bounds.lower).size() : 1;
                EnsembleKalmanOptimizer enkf(options, bounds, std::vector<double>(outputs, 0.0), kSeed);
                print(residuals ? "enkf (residuals)" : "enkf (scalar)", fn, dim, run(enkf, fn, residuals, budget));
            }
            {
                CmaEsOptimizer cmaes({}, bounds, kSeed);
                print("cmaes", fn, dim, run(cmaes, fn, false, budget));
            }
            {
                CmaEsOptions options;
                options.ipop = true;
                CmaEsOptimizer cmaes(options, bounds, kSeed);
                print("cmaes ipop", fn, dim, run(cmaes, fn, false, budget));
            }
            {
                RandomSearchOptimizer random({.population = 100}, bounds, kSeed);
                print("random", fn, dim, run(random, fn, false, budget));
            }
        }
    }
}
