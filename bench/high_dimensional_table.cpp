// Thousands of genes: SNES, sep-CMA-ES and OpenAI-ES beside CMA-ES and the GA
// on sphere and Rastrigin ([-5.12, 5.12]^D, seed 1) at equal evaluations.
//   l2l_bench_high_dim [--budget E] [--cmaes-max-dim D] [DIM ...]   (default: 1000 10000)
//   l2l_bench_high_dim --eigen N [N ...]
// The first form prints one markdown row per run (a run stops at the budget
// or at f < 1e-10): | optimizer | function | D | evaluations | best f | CPU s |
// Full CMA-ES runs only up to --cmaes-max-dim (default 1000): it keeps
// n x n matrices and eigendecomposes C every few generations. The second form
// times that eigendecomposition (Eigen's SelfAdjointEigenSolver, as cma_es.cpp)
// of one N x N covariance matrix, for the cost at dimensions not run.
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <fmt/format.h>

#include "optimizer/algorithms/cma_es.hpp"
#include "optimizer/algorithms/genetic_algorithm.hpp"
#include "optimizer/algorithms/openai_es.hpp"
#include "optimizer/algorithms/sep_cmaes.hpp"
#include "optimizer/algorithms/snes.hpp"
#include "optimizer/run/benchmark_functions.hpp"
#include "budget_run.hpp"

namespace {

using namespace l2l;

constexpr double kTargetF = 1e-10;
constexpr std::uint64_t kSeed = 1;

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

struct Row {
    double best_f;
    std::size_t evaluations;
    double cpu;
};

Row run(Optimizer& optimizer, const BenchmarkFunction& fn, std::size_t budget) {
    const double start = cpu_seconds();
    const bench::BudgetRun result = bench::run_to_budget(optimizer, fn, false, budget, kTargetF);
    return {result.best_f, result.evaluations, cpu_seconds() - start};
}

void print(const std::string& optimizer, const BenchmarkFunction& fn, std::size_t dim, const Row& row) {
    fmt::print("| {} | {} | {} | {} | {:.3e} | {:.1f} |\n", optimizer, fn.name, dim, row.evaluations, row.best_f,
               row.cpu);
    std::fflush(stdout);
}

void time_eigendecomposition(std::size_t n) {
    // A covariance matrix as CMA-ES holds it: symmetric positive definite.
    const Eigen::MatrixXd a = Eigen::MatrixXd::Random(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    const Eigen::MatrixXd c = a * a.transpose() / static_cast<double>(n) +
                              Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    const double start = cpu_seconds();
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(c);
    const double cpu = cpu_seconds() - start;
    fmt::print("eigendecomposition n = {}: {:.2f} CPU s (smallest eigenvalue {:.3f}); n x n doubles: {:.3g} GB\n", n,
               cpu, solver.eigenvalues()(0), 8.0 * static_cast<double>(n) * static_cast<double>(n) / 1e9);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> dims;
    std::size_t budget = 100000;
    std::size_t cmaes_max_dim = 1000;
    bool eigen = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--budget" && i + 1 < argc) {
            budget = std::stoul(argv[++i]);
        } else if (arg == "--cmaes-max-dim" && i + 1 < argc) {
            cmaes_max_dim = std::stoul(argv[++i]);
        } else if (arg == "--eigen") {
            eigen = true;
        } else {
            dims.push_back(std::stoul(arg));
        }
    }
    if (eigen) {
        for (const std::size_t n : dims) time_eigendecomposition(n);
        return 0;
    }
    if (dims.empty()) dims = {1000, 10000};
    // One table for every run, kept alive between them (filling 2^25 doubles takes a second).
    const NoiseTableSpec table{derive_seed({kSeed, 0x6e6f697365ULL}), kDefaultNoiseTableSize};
    const auto keep = shared_noise_table(table);
    fmt::print("budget {} evaluations per run; seed {}; noise table {} doubles\n\n", budget, kSeed, table.size);
    fmt::print("| optimizer | function | D | evaluations | best f | CPU s |\n|---|---|---|---|---|---|\n");
    for (const std::size_t dim : dims) {
        for (const char* name : {"sphere", "rastrigin"}) {
            const BenchmarkFunction& fn = *find_benchmark_function(name);
            const Bounds bounds{std::vector<double>(dim, fn.default_lower), std::vector<double>(dim, fn.default_upper)};
            {
                SnesOptimizer snes({}, bounds, kSeed, table);
                print(fmt::format("snes (lambda {})", snes.population()), fn, dim, run(snes, fn, budget));
            }
            {
                SepCmaEsOptimizer sepcma({}, bounds, kSeed, table);
                print(fmt::format("sepcma (lambda {})", sepcma.population()), fn, dim, run(sepcma, fn, budget));
            }
            {
                OpenAiEsOptions options;
                options.population = 256;
                options.sigma = 0.1;
                options.learning_rate = 0.05;
                OpenAiEsOptimizer openai(options, bounds, kSeed, table);
                print("openai_es (256, sigma 0.1, Adam 0.05)", fn, dim, run(openai, fn, budget));
            }
            {
                GaOptions options;
                options.population = 100;
                GeneticAlgorithm ga(options, bounds, kSeed);
                print("ga (100)", fn, dim, run(ga, fn, budget));
            }
            if (dim <= cmaes_max_dim) {
                CmaEsOptimizer cmaes({}, bounds, kSeed);
                print("cmaes", fn, dim, run(cmaes, fn, budget));
            }
        }
    }
}
