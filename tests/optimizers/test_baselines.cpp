#include <doctest/doctest.h>

#include <set>
#include <stdexcept>

#include "optimizer/algorithms/grid_search.hpp"
#include "optimizer/algorithms/random_search.hpp"
#include "optimizer_driver.hpp"

namespace l2l::test {

TEST_CASE("random: genomes stay in bounds and the best is tracked") {
    const auto& fn = *find_benchmark_function("sphere");
    RandomSearchOptimizer random({.population = 16}, uniform_bounds(3, -1.0, 2.0), 9);
    const auto batch = random.ask();
    CHECK(batch.size() == 16);
    for (const auto& g : batch) {
        for (double v : g) CHECK((v >= -1.0 && v <= 2.0));
    }
    const auto outcome = drive(random, benchmark_evaluator(fn), 16 * 100);
    CHECK(random.best_fitness() == outcome.best_fitness);
    CHECK(-random.best_fitness() < 0.1);
}

TEST_CASE("grid: full grid in slices, fixed and midpoint genes, padding, converged when exhausted") {
    GridSearchOptions options;
    options.population = 4;
    options.axes = {{"a", 3}, {"c", 2}};
    options.fixed = {{"b", 0.25}};
    GridSearchOptimizer grid(options, Bounds{{0.0, 0.0, -1.0, 10.0}, {1.0, 1.0, 1.0, 20.0}}, {"a", "b", "c", "d"});
    CHECK(grid.total_points() == 6);
    std::vector<Genome> seen;
    while (!grid.converged()) {
        const auto batch = grid.ask();
        REQUIRE(batch.size() == 4);
        std::vector<EvalResult> results(batch.size());
        for (std::size_t k = 0; k < batch.size(); ++k) results[k].fitness = batch[k][0] + batch[k][2];
        grid.tell(batch, results);
        seen.insert(seen.end(), batch.begin(), batch.end());
    }
    REQUIRE(seen.size() == 8);  // 6 points + 2 padding copies of the last one
    CHECK(seen[0] == Genome{0.0, 0.25, -1.0, 15.0});
    CHECK(seen[1] == Genome{0.0, 0.25, 1.0, 15.0});  // last axis varies fastest
    CHECK(seen[2] == Genome{0.5, 0.25, -1.0, 15.0});
    CHECK(seen[5] == Genome{1.0, 0.25, 1.0, 15.0});
    CHECK(seen[6] == seen[5]);
    CHECK(seen[7] == seen[5]);
    CHECK(std::set<Genome>(seen.begin(), seen.end()).size() == 6);
    CHECK(grid.best_genome() == Genome{1.0, 0.25, 1.0, 15.0});
    CHECK(grid.summary()[0].second == 1.0);  // progress
}

TEST_CASE("grid/random: options are validated with the config key") {
    CHECK_THROWS_WITH_AS(RandomSearchOptions{.population = 0}.validate(), doctest::Contains("random.population"),
                         std::invalid_argument);
    GridSearchOptions options;
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("grid.points"), std::invalid_argument);
    options.axes = {{"a", 0}};
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("grid.points.a"), std::invalid_argument);
    options.axes = {{"x", 2}};
    CHECK_THROWS_WITH_AS(GridSearchOptimizer(options, uniform_bounds(1, 0.0, 1.0), {"a"}),
                         doctest::Contains("unknown gene \"x\""), std::invalid_argument);
}

}  // namespace l2l::test
