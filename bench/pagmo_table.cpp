// The same benchmark table with pagmo2's cmaes, sga and de (Debian libpagmo-dev), compiled as C++20.
// Built and run by bench/run_optimizer_comparison.sh only, so the project itself
// never depends on pagmo. Same functions (optimizer/run/benchmark_functions.cpp),
// domains and budget (10^4 x D evaluations) as bench/optimizer_table.cpp; pagmo
// runs a whole evolve() so it stops at the budget or at its own ftol/xtol.
// Prints markdown rows: | library | optimizer | function | D | best f | evaluations | seconds |
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <pagmo/algorithm.hpp>
#include <pagmo/algorithms/cmaes.hpp>
#include <pagmo/algorithms/de.hpp>
#include <pagmo/algorithms/sga.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>

#include "optimizer/run/benchmark_functions.hpp"

namespace {

struct BenchmarkProblem {
    const l2l::BenchmarkFunction* function = nullptr;
    std::size_t dim = 0;

    pagmo::vector_double fitness(const pagmo::vector_double& x) const { return {function->value(x)}; }
    std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
        return {pagmo::vector_double(dim, function->default_lower), pagmo::vector_double(dim, function->default_upper)};
    }
    std::string get_name() const { return std::string(function->name); }
};

void run(const std::string& label, const pagmo::algorithm& algorithm, const l2l::BenchmarkFunction& fn,
         std::size_t dim, unsigned population_size) {
    const auto start = std::chrono::steady_clock::now();
    pagmo::population pop(pagmo::problem(BenchmarkProblem{&fn, dim}), population_size, 1u);
    pop = algorithm.evolve(pop);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    std::printf("| pagmo2 | %s | %s | %zu | %.3e | %llu | %.2f |\n", label.c_str(), std::string(fn.name).c_str(), dim,
                pop.champion_f()[0], static_cast<unsigned long long>(pop.get_problem().get_fevals()), elapsed.count());
    std::fflush(stdout);
}

}  // namespace

// pagmo_table [optimizer function dimension]: one row only (bench/cmaes_end_to_end.sh).
int main(int argc, char** argv) {
    const std::string only_optimizer = argc > 3 ? argv[1] : "";
    const std::string only_function = argc > 3 ? argv[2] : "";
    const std::size_t only_dim = argc > 3 ? std::stoul(argv[3]) : 0;
    for (const std::size_t dim : {std::size_t{10}, std::size_t{50}}) {
        if (only_dim != 0 && dim != only_dim) continue;
        const std::size_t budget = 10000 * dim;
        for (const auto& fn : l2l::benchmark_functions()) {
            if (!only_function.empty() && std::string(fn.name) != only_function) continue;
            auto run = [&](const std::string& label, const pagmo::algorithm& algorithm, const l2l::BenchmarkFunction& f,
                           std::size_t d, unsigned population) {
                if (only_optimizer.empty() || label == only_optimizer) ::run(label, algorithm, f, d, population);
            };
            // CMA-ES: default lambda = 4 + floor(3 ln D), sigma0 = 0.3 of the box, tolerances as ours.
            const auto lambda = static_cast<unsigned>(4 + static_cast<unsigned>(3.0 * std::log(static_cast<double>(dim))));
            run("cmaes", pagmo::algorithm(pagmo::cmaes(static_cast<unsigned>(budget / lambda - 1), -1, -1, -1, -1, 0.3,
                                                        1e-12, 1e-12, false, true, 1u)),
                fn, dim, lambda);
            // SGA: population 100, pagmo defaults otherwise.
            run("sga", pagmo::algorithm(pagmo::sga(static_cast<unsigned>(budget / 100 - 1), .90, 1., 0.02, 1., 2u,
                                                    "exponential", "polynomial", "tournament", 1u)),
                fn, dim, 100u);
            // DE: NP = 10 D (Storn & Price), rand/1/exp (pagmo's default variant 2), tolerances as ours.
            const auto np = static_cast<unsigned>(10 * dim);
            run("de", pagmo::algorithm(pagmo::de(static_cast<unsigned>(budget / np - 1), 0.8, 0.9, 2u, 1e-12, 1e-12, 1u)),
                fn, dim, np);
        }
    }
}
