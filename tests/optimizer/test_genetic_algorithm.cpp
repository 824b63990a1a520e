#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "optimizer/run/benchmark_optimizee.hpp"
#include "optimizer/algorithms/genetic_algorithm.hpp"
#include "tests/optimizer/drive.hpp"

using namespace l2l;

namespace {

BenchmarkOptimizee benchmark(const char* name, std::size_t dimension) {
    const auto* f = find_benchmark_function(name);
    return BenchmarkOptimizee(*f, dimension, f->default_lower, f->default_upper);
}

double norm(const Genome& g) {
    double s = 0.0;
    for (double v : g) s += v * v;
    return std::sqrt(s);
}

}  // namespace

TEST_CASE("GA: the L2L operators keep genomes inside the bounds and the population size fixed") {
    const auto sphere = benchmark("sphere", 5);
    GeneticAlgorithm ga(GaOptions{}, sphere.bounds(), 7);
    for (int g = 0; g < 20; ++g) {
        const auto genomes = ga.ask();
        REQUIRE(genomes.size() == 32);
        std::vector<EvalResult> results;
        for (const auto& genome : genomes) {
            for (double v : genome) CHECK((v >= -5.12 && v <= 5.12));
            results.push_back(sphere.evaluate(genome, {}));
        }
        ga.tell(genomes, results);
    }
}

TEST_CASE("GA: sphere 10-D reaches 1e-6 of the optimum within 2000 generations x 32 (64,000 evaluations)") {
    // Budget and settings: population 32, elitism 2, mutation sigma 0.1 (the
    // L2L default sigma 1 cannot resolve 1e-6: it plateaus near 1e-3).
    const auto sphere = benchmark("sphere", 10);
    GaOptions options;
    options.elitism = 2;
    options.mutation_sigma = 0.1;
    for (std::uint64_t seed : {1ULL, 2ULL, 3ULL}) {
        GeneticAlgorithm ga(options, sphere.bounds(), seed);
        const auto result = test::drive(ga, sphere, 2000);
        CHECK(result.evaluations == 64000);
        CHECK(result.best_fitness > -1e-6);
        CHECK(result.best_fitness <= 0.0);
    }
}

TEST_CASE("GA: Rastrigin 10-D ends within 2.5 of the global optimum (100 x 1000 = 100,000 evaluations)") {
    // L2L operators (sigma 1), population 100, elitism 2. Local minima sit at
    // integer points, so a distance below 2.5 means at most a few genes off by one.
    const auto rastrigin = benchmark("rastrigin", 10);
    GaOptions options;
    options.population = 100;
    options.elitism = 2;
    for (std::uint64_t seed : {1ULL, 2ULL, 3ULL}) {
        GeneticAlgorithm ga(options, rastrigin.bounds(), seed);
        const auto result = test::drive(ga, rastrigin, 1000);
        CHECK(norm(result.best_genome) < 2.5);
        CHECK(-result.best_fitness < 6.0);
    }
}

TEST_CASE("GA: elitism keeps the best genome unchanged, so the best fitness never decreases") {
    const auto sphere = benchmark("sphere", 10);
    GaOptions options;
    options.elitism = 1;
    GeneticAlgorithm ga(options, sphere.bounds(), 11);
    double previous_best = -1e308;
    for (int g = 0; g < 50; ++g) {
        const auto genomes = ga.ask();
        std::vector<EvalResult> results;
        double best = -1e308;
        for (const auto& genome : genomes) {
            results.push_back(sphere.evaluate(genome, {}));
            best = std::max(best, results.back().fitness);
        }
        CHECK(best >= previous_best);
        previous_best = best;
        ga.tell(genomes, results);
    }
}

TEST_CASE("GA: same seed gives the same run; different seeds differ") {
    const auto sphere = benchmark("sphere", 10);
    GeneticAlgorithm a(GaOptions{}, sphere.bounds(), 5);
    GeneticAlgorithm b(GaOptions{}, sphere.bounds(), 5);
    GeneticAlgorithm c(GaOptions{}, sphere.bounds(), 6);
    test::drive(a, sphere, 30);
    test::drive(b, sphere, 30);
    test::drive(c, sphere, 30);
    CHECK(a.ask() == b.ask());
    CHECK(a.ask() != c.ask());
}

TEST_CASE("GA: state saved mid-run and loaded into a fresh instance continues bit for bit") {
    const auto sphere = benchmark("rosenbrock", 6);
    GeneticAlgorithm uninterrupted(GaOptions{}, sphere.bounds(), 9);
    test::drive(uninterrupted, sphere, 40);

    GeneticAlgorithm first_half(GaOptions{}, sphere.bounds(), 9);
    test::drive(first_half, sphere, 20);
    std::stringstream state;
    first_half.save_state(state);
    GeneticAlgorithm resumed(GaOptions{}, sphere.bounds(), 12345);  // seed is overwritten by the state
    resumed.load_state(state);
    test::drive(resumed, sphere, 20, 20);
    CHECK(resumed.ask() == uninterrupted.ask());
}

TEST_CASE("GA: NaN fitness never wins a tournament") {
    const auto sphere = benchmark("sphere", 3);
    GaOptions options;
    options.population = 8;
    options.tournament_size = 64;  // individual 3 is missed by all 64 draws with p = (7/8)^64 < 2e-4
    options.crossover_prob = 0.0;
    options.mutation_prob = 0.0;
    GeneticAlgorithm ga(options, sphere.bounds(), 1);
    auto genomes = ga.ask();
    std::vector<EvalResult> results(8);
    for (std::size_t i = 0; i < 8; ++i) results[i].fitness = std::nan("");
    results[3].fitness = -1.0;
    ga.tell(genomes, results);
    // No variation: every offspring is a tournament winner, and that is the
    // only individual with a number.
    for (const auto& g : ga.ask()) CHECK(g == genomes[3]);
}

TEST_CASE("benchmark optimizee: benchmark.eval_seconds makes an evaluation last at least that long, same fitness") {
    const auto* f = find_benchmark_function("rosenbrock");
    const BenchmarkOptimizee free_of_cost(*f, 3, f->default_lower, f->default_upper);
    const Genome x{0.5, -1.0, 2.0};
    const EvalResult expected = free_of_cost.evaluate(x, EvalContext{});
    for (const bool busy : {false, true}) {
        const BenchmarkOptimizee costly(*f, 3, f->default_lower, f->default_upper, EvalCost{0.02, busy});
        const auto start = std::chrono::steady_clock::now();
        const EvalResult result = costly.evaluate(x, EvalContext{});
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        CHECK(seconds >= 0.02);  // a lower bound: sleep and busy-wait never end early
        CHECK(result.fitness == expected.fitness);
        CHECK(result.outputs == expected.outputs);
    }
}
