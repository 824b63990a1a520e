#include <doctest/doctest.h>

#include <cstring>
#include <stdexcept>

#include "optimizer/algorithms/evolution_strategies.hpp"
#include "optimizer/algorithms/option_check.hpp"
#include "optimizer_driver.hpp"

namespace l2l::test {

TEST_CASE("es: sphere 10-D reaches 1e-6 of the optimum (budget 40000 evaluations)") {
    // Raw fitness with antithetic pairs gives an unbiased, |theta|-proportional
    // gradient on a quadratic, so plain ascent converges linearly.
    EvolutionStrategiesOptions options;
    options.population = 40;
    options.fitness_shaping = FitnessShaping::raw;
    options.adam = false;
    options.learning_rate = 0.2;
    options.sigma = 0.5;
    const auto& sphere_fn = *find_benchmark_function("sphere");
    EvolutionStrategiesOptimizer es(options, default_bounds(sphere_fn, 10), 1);
    const auto outcome = drive(es, benchmark_evaluator(sphere_fn), 40000, -1e-6);
    MESSAGE("es sphere-10: evaluations ", outcome.evaluations, ", best f ", -outcome.best_fitness);
    CHECK(outcome.best_fitness >= -1e-6);
    CHECK(sphere(es.mean()) <= 1e-6);  // the mean (genome 0) is the solution
}

TEST_CASE("es: default options (centred ranks, Adam) improve the sphere") {
    const auto& sphere_fn = *find_benchmark_function("sphere");
    EvolutionStrategiesOptions options;
    EvolutionStrategiesOptimizer es(options, uniform_bounds(10, -1.0, 1.0), 3);
    const double start = sphere(es.mean());
    drive(es, benchmark_evaluator(sphere_fn), 33 * 300);
    CHECK(sphere(es.mean()) < 0.05 * start);
}

TEST_CASE("es: batch layout, mirrored pairs and summary keys") {
    EvolutionStrategiesOptions options;
    options.population = 4;
    EvolutionStrategiesOptimizer es(options, uniform_bounds(3, -10.0, 10.0), 5, {1.0, 2.0, 3.0});
    const auto batch = es.ask();
    REQUIRE(batch.size() == 5);
    CHECK(batch[0] == Genome{1.0, 2.0, 3.0});
    for (std::size_t i = 0; i < 3; ++i) CHECK(batch[1][i] - batch[0][i] == doctest::Approx(batch[0][i] - batch[2][i]));
    const auto keys_before = es.summary();
    std::vector<EvalResult> results(5);
    results[3].status = EvalStatus::exception;  // a failure must not crash nor poison the mean
    results[3].fitness = std::numeric_limits<double>::quiet_NaN();
    es.tell(batch, results);
    const auto keys_after = es.summary();
    REQUIRE(keys_before.size() == keys_after.size());
    for (std::size_t k = 0; k < keys_before.size(); ++k) CHECK(keys_before[k].first == keys_after[k].first);
    for (double v : es.mean()) CHECK(std::isfinite(v));
}

TEST_CASE("es: every individual is rebuilt bit for bit from the generation's mean, sigma, seed and sign") {
    for (const bool mirrored : {true, false}) {
        CAPTURE(mirrored);
        EvolutionStrategiesOptions options;
        options.population = 6;
        options.mirrored = mirrored;
        options.sigma = 2.0;  // some genes clip at the bounds
        const Bounds bounds = uniform_bounds(7, -1.0, 1.0);
        EvolutionStrategiesOptimizer es(options, bounds, 11);
        for (int generation = 0; generation < 3; ++generation) {
            const auto batch = es.ask();
            const PopulationState state = es.population_state();
            REQUIRE(state.seeds.size() == batch.size());
            REQUIRE(state.vectors.at(0).first == "mean");
            CHECK(state.signs[0] == 0);
            for (std::size_t i = 0; i < batch.size(); ++i) {
                const Genome rebuilt = rebuild_evolution_strategies_individual(
                    state.vectors[0].second, state.scalars.at(0).second, state.seeds[i], state.signs[i], bounds);
                CHECK(std::memcmp(rebuilt.data(), batch[i].data(), batch[i].size() * sizeof(double)) == 0);
            }
            if (mirrored) CHECK(state.seeds[1] == state.seeds[2]);
            std::vector<EvalResult> results(batch.size());
            for (std::size_t i = 0; i < batch.size(); ++i) results[i].fitness = -sphere(batch[i]);
            es.tell(batch, results);
        }
    }
}

TEST_CASE("es: options are validated with the config key") {
    EvolutionStrategiesOptions options;
    options.learning_rate = -1.0;
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("es.learning_rate"), std::invalid_argument);
    options = {};
    options.population = 5;
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("es.population"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_fitness_shaping("rank"),
                         "es.fitness_shaping = rank is invalid: must be \"centred_ranks\" or \"raw\"",
                         std::invalid_argument);
    CHECK(parse_fitness_shaping(to_string(FitnessShaping::raw)) == FitnessShaping::raw);
    CHECK(parse_fitness_shaping(to_string(FitnessShaping::centred_ranks)) == FitnessShaping::centred_ranks);
}

TEST_CASE("enum options: one table gives the parser, the name and the allowed list") {
    enum class Colour { red, green, blue };
    constexpr std::array<Choice<Colour>, 3> colours{{{"red", Colour::red}, {"green", Colour::green}, {"blue", Colour::blue}}};
    CHECK(parse_choice("paint.colour", "blue", colours) == Colour::blue);
    CHECK(choice_name(Colour::green, colours) == "green");
    CHECK_THROWS_WITH_AS(parse_choice("paint.colour", "pink", colours),
                         "paint.colour = pink is invalid: must be \"red\", \"green\" or \"blue\"",
                         std::invalid_argument);
}

}  // namespace l2l::test
