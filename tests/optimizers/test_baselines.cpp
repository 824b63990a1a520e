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

TEST_CASE("grid: full grid in slices, fixed and midpoint genes, each point once, converged when exhausted") {
    GridSearchOptions options;
    options.population = 4;
    options.axes = {{"a", 3}, {"c", 2}};
    options.fixed = {{"b", 0.25}};
    GridSearchOptimizer grid(options, Bounds{{0.0, 0.0, -1.0, 10.0}, {1.0, 1.0, 1.0, 20.0}}, {"a", "b", "c", "d"});
    CHECK(grid.total_points() == 6);
    std::vector<Genome> seen;
    std::vector<std::size_t> sizes;
    while (!grid.converged()) {
        const auto batch = grid.ask();
        sizes.push_back(batch.size());
        CHECK(grid.summary()[1].second == static_cast<double>(batch.size()));  // grid_points_in_batch
        std::vector<EvalResult> results(batch.size());
        for (std::size_t k = 0; k < batch.size(); ++k) results[k].fitness = batch[k][0] + batch[k][2];
        grid.tell(batch, results);
        seen.insert(seen.end(), batch.begin(), batch.end());
    }
    CHECK(sizes == std::vector<std::size_t>{4, 2});  // the last generation holds the 2 points left, no copies
    REQUIRE(seen.size() == 6);
    CHECK(seen[0] == Genome{0.0, 0.25, -1.0, 15.0});
    CHECK(seen[1] == Genome{0.0, 0.25, 1.0, 15.0});  // last axis varies fastest
    CHECK(seen[2] == Genome{0.5, 0.25, -1.0, 15.0});
    CHECK(seen[5] == Genome{1.0, 0.25, 1.0, 15.0});
    CHECK(std::set<Genome>(seen.begin(), seen.end()).size() == 6);
    CHECK(grid.best_genome() == Genome{1.0, 0.25, 1.0, 15.0});
    CHECK(grid.summary()[0].second == 1.0);  // progress
}

TEST_CASE("grid: a population larger than the grid evaluates each point once, in one generation") {
    GridSearchOptions options;
    options.population = 32;
    options.axes = {{"a", 5}, {"b", 3}};
    GridSearchOptimizer grid(options, uniform_bounds(2, 0.0, 1.0), {"a", "b"});
    const auto batch = grid.ask();
    CHECK(batch.size() == 15);
    grid.tell(batch, std::vector<EvalResult>(batch.size()));
    CHECK(grid.converged());
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
