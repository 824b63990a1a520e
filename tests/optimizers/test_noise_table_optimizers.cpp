// SNES, sep-CMA-ES and OpenAI-ES: the shared noise table, the population
// encoding (every individual rebuilt bit for bit from the base, its offset and
// sign), optima reached on benchmark functions within a stated budget,
// reproducibility and resume, and option checks naming the key.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "optimizer/algorithms/fitness_ranking.hpp"
#include "optimizer/algorithms/noise_table.hpp"
#include "optimizer/algorithms/openai_es.hpp"
#include "optimizer/algorithms/population_encoding.hpp"
#include "optimizer/algorithms/sep_cmaes.hpp"
#include "optimizer/algorithms/snes.hpp"
#include "optimizer/farm/farm_messages.hpp"
#include "optimizer_driver.hpp"

namespace l2l::test {

namespace {
const BenchmarkFunction& sphere_fn() { return *find_benchmark_function("sphere"); }
const BenchmarkFunction& rastrigin_fn() { return *find_benchmark_function("rastrigin"); }
// Small tables keep the tests fast; 2^16 doubles hold many genomes of 10-100 genes.
constexpr NoiseTableSpec kTable{12345, std::uint64_t{1} << 16U};

bool same_bits(const Genome& a, const Genome& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// Every genome of `generations` asks equals rebuild_individual of its encoding
// and of its recorded PopulationState; mirrored pairs share an offset.
void check_rebuilds(Optimizer& optimizer, const Evaluate& evaluate, std::size_t generations, bool mirrored) {
    for (std::size_t g = 0; g < generations; ++g) {
        const auto batch = optimizer.ask();
        const PopulationEncoding* encoding = optimizer.population_encoding();
        REQUIRE(encoding != nullptr);
        REQUIRE(encoding->individuals.size() == batch.size());
        const NoiseTable& table = *shared_noise_table(encoding->base.table);
        const PopulationState state = optimizer.population_state();
        REQUIRE(state.noise_table.has_value());
        REQUIRE(state.seeds.size() == batch.size());
        const PerturbationBase recorded{*state.noise_table, state.vectors.at(0).second, state.vectors.at(1).second,
                                        encoding->base.bounds};
        for (std::size_t k = 0; k < batch.size(); ++k) {
            CHECK(same_bits(rebuild_individual(table, encoding->base, encoding->individuals[k]), batch[k]));
            // Through the wire format, as the MPI farm sends it.
            const auto sent = unpack<PerturbationBase>(pack(encoding->base));
            const auto code = unpack<EncodedTask>(pack(EncodedTask{g, k, encoding->individuals[k]}));
            CHECK(same_bits(rebuild_individual(table, sent, code.perturbation), batch[k]));
            CHECK(same_bits(rebuild_individual(table, recorded, {state.seeds[k], state.signs[k]}), batch[k]));
        }
        const std::size_t first = encoding->individuals.front().sign == 0 ? 1 : 0;
        if (mirrored) {
            for (std::size_t k = first; k + 1 < batch.size(); k += 2) {
                CHECK(encoding->individuals[k].offset == encoding->individuals[k + 1].offset);
                CHECK(encoding->individuals[k].sign == -encoding->individuals[k + 1].sign);
            }
        }
        std::vector<EvalResult> results;
        for (const auto& genome : batch) results.push_back(evaluate(genome));
        optimizer.tell(batch, results);
        CHECK(optimizer.population_encoding() == nullptr);  // valid between ask() and tell() only
    }
}
}  // namespace

TEST_CASE("noise table: the same spec gives the same standard normals, another seed others") {
    const NoiseTable a(kTable);
    const NoiseTable b(kTable);
    const NoiseTable c({kTable.seed + 1, kTable.size});
    REQUIRE(a.size() == kTable.size);
    CHECK(std::memcmp(a.slice(0, kTable.size).data(), b.slice(0, kTable.size).data(), kTable.size * sizeof(double)) == 0);
    CHECK(a.slice(0, 1)[0] != c.slice(0, 1)[0]);
    // 65536 N(0, 1) values: the mean within 4 standard errors (4/256), the variance within 4 of its (sqrt(2/65536)).
    double sum = 0.0;
    double squares = 0.0;
    for (const double x : a.slice(0, kTable.size)) {
        sum += x;
        squares += x * x;
    }
    const double n = static_cast<double>(kTable.size);
    CHECK(std::abs(sum / n) < 4.0 / 256.0);
    CHECK(std::abs(squares / n - 1.0) < 4.0 * std::sqrt(2.0 / n));
    CHECK_THROWS_AS(a.slice(kTable.size - 3, 4), std::out_of_range);
    CHECK(shared_noise_table(kTable) == shared_noise_table(kTable));  // built once while in use
}

TEST_CASE("population encoding: a task is a few bytes instead of n doubles") {
    const std::size_t n = 10000;
    const EvalTask plain{3, 7, Genome(n, 0.5)};
    const EncodedTask encoded{3, 7, {123456, -1}};
    MESSAGE("bytes per task, n = ", n, ": genome ", pack(plain).size(), ", encoded ", pack(encoded).size());
    CHECK(pack(plain).size() >= 8 * n);
    CHECK(pack(encoded).size() <= 40);  // 28 bytes of fields and the archive's class information
}

TEST_CASE("snes, sepcma, openai_es: every individual is rebuilt bit for bit from the base, its offset and sign") {
    const Bounds bounds = uniform_bounds(9, -1.0, 1.0);  // sigma0 0.3 of width 2: some genes clip
    const auto evaluate = benchmark_evaluator(rastrigin_fn());
    SUBCASE("snes, mirrored") {
        SnesOptions options;
        options.mirrored = true;
        options.population = 8;
        SnesOptimizer snes(options, bounds, 3, kTable);
        check_rebuilds(snes, evaluate, 4, true);
    }
    SUBCASE("snes") {
        SnesOptimizer snes(SnesOptions{}, bounds, 3, kTable);
        check_rebuilds(snes, evaluate, 4, false);
    }
    SUBCASE("sepcma") {
        SepCmaEsOptimizer sepcma(SepCmaEsOptions{}, bounds, 4, kTable);
        check_rebuilds(sepcma, evaluate, 4, false);
    }
    SUBCASE("openai_es (with the mean as genome 0)") {
        OpenAiEsOptions options;
        options.population = 10;
        options.sigma = 0.5;
        OpenAiEsOptimizer openai(options, bounds, 5, kTable);
        check_rebuilds(openai, evaluate, 4, true);
    }
}

TEST_CASE("snes: utilities are the paper's (sum 0, decreasing, -1/lambda below the best half)") {
    const auto u = snes_utilities(10);
    double sum = 0.0;
    for (const double x : u) sum += x;
    CHECK(sum == doctest::Approx(0.0).epsilon(1e-12));
    // lambda = 10: max(0, ln 6 - ln k) / sum_{j<=5} (ln 6 - ln j) - 1/10, with sum = 5 ln 6 - ln 120.
    const double total = 5.0 * std::log(6.0) - std::log(120.0);
    CHECK(u[0] == doctest::Approx(std::log(6.0) / total - 0.1).epsilon(1e-12));
    CHECK(u[2] == doctest::Approx((std::log(6.0) - std::log(3.0)) / total - 0.1).epsilon(1e-12));
    for (std::size_t k = 5; k < 10; ++k) CHECK(u[k] == doctest::Approx(-0.1).epsilon(1e-12));
    for (std::size_t k = 1; k < 10; ++k) CHECK(u[k] <= u[k - 1]);
    CHECK(default_population(10) == 10);  // 4 + floor(3 ln 10)
}

TEST_CASE("snes: sphere 10-D within 1e-8 of the optimum (budget 20000 evaluations)") {
    SnesOptimizer snes(SnesOptions{}, default_bounds(sphere_fn(), 10), 1, kTable);
    const auto outcome = drive(snes, benchmark_evaluator(sphere_fn()), 20000, -1e-8);
    MESSAGE("snes sphere-10: evaluations ", outcome.evaluations, ", best f ", -outcome.best_fitness);
    CHECK(outcome.best_fitness >= -1e-8);
}

TEST_CASE("sepcma: sphere 10-D within 1e-8 of the optimum (budget 10000 evaluations)") {
    SepCmaEsOptimizer sepcma(SepCmaEsOptions{}, default_bounds(sphere_fn(), 10), 1, kTable);
    const auto outcome = drive(sepcma, benchmark_evaluator(sphere_fn()), 10000, -1e-8);
    MESSAGE("sepcma sphere-10: evaluations ", outcome.evaluations, ", best f ", -outcome.best_fitness);
    CHECK(outcome.best_fitness >= -1e-8);
}

TEST_CASE("sepcma: a separable ellipsoid's axis ratio is learnt (10-D, scales 1..1000)") {
    // f = sum (a_i x_i)^2 with a_i = 1000^(i/9): the ideal diagonal has d_max / d_min = 1000.
    SepCmaEsOptimizer sepcma(SepCmaEsOptions{}, uniform_bounds(10, -5.0, 5.0), 2, kTable);
    const Evaluate ellipsoid = [](const Genome& x) {
        double f = 0.0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double a = std::pow(1000.0, static_cast<double>(i) / 9.0);
            f += a * a * x[i] * x[i];
        }
        EvalResult r;
        r.fitness = -f;
        return r;
    };
    const auto outcome = drive(sepcma, ellipsoid, 30000, -1e-8);
    const auto& d = sepcma.diagonal();
    MESSAGE("sepcma ellipsoid-10: evaluations ", outcome.evaluations, ", d_0 / d_9 ", d.front() / d.back());
    CHECK(outcome.best_fitness >= -1e-8);
    CHECK(d.front() / d.back() == doctest::Approx(1000.0).epsilon(0.5));
}

TEST_CASE("snes and sepcma: Rastrigin 5-D global optimum (f < 1e-6) with a large population") {
    // Rastrigin's many local optima need lambda >> default; budget 200 generations.
    SnesOptions snes_options;
    snes_options.population = 200;
    snes_options.sigma0 = 0.5;
    SnesOptimizer snes(snes_options, default_bounds(rastrigin_fn(), 5), 7, kTable);
    const auto snes_outcome = drive(snes, benchmark_evaluator(rastrigin_fn()), 200 * 200, -1e-6);
    MESSAGE("snes rastrigin-5: evaluations ", snes_outcome.evaluations, ", best f ", -snes_outcome.best_fitness);
    CHECK(snes_outcome.best_fitness >= -1e-6);
    SepCmaEsOptions sep_options;
    sep_options.population = 200;
    sep_options.sigma0 = 0.5;
    SepCmaEsOptimizer sepcma(sep_options, default_bounds(rastrigin_fn(), 5), 7, kTable);
    const auto sep_outcome = drive(sepcma, benchmark_evaluator(rastrigin_fn()), 200 * 200, -1e-6);
    MESSAGE("sepcma rastrigin-5: evaluations ", sep_outcome.evaluations, ", best f ", -sep_outcome.best_fitness);
    CHECK(sep_outcome.best_fitness >= -1e-6);
}

TEST_CASE("openai_es: sphere 10-D f(mean) from ~60 to below 1e-2 (budget 2000 generations of 20 + the mean)") {
    // Adam at a fixed step size settles within about learning_rate per gene of the optimum.
    OpenAiEsOptions options;
    options.population = 20;
    options.sigma = 0.05;
    options.learning_rate = 0.05;
    OpenAiEsOptimizer openai(options, default_bounds(sphere_fn(), 10), 1, kTable);
    const double start = sphere(openai.mean());
    drive(openai, benchmark_evaluator(sphere_fn()), 21 * 2000);
    MESSAGE("openai_es sphere-10: f(mean) from ", start, " to ", sphere(openai.mean()));
    CHECK(sphere(openai.mean()) < 1e-2);
}

TEST_CASE("snes, sepcma, openai_es: reproducible and resumable") {
    const BenchmarkFunction& rosenbrock = *find_benchmark_function("rosenbrock");
    const Bounds bounds = default_bounds(rosenbrock, 6);
    SnesOptions snes;
    snes.mirrored = true;
    check_reproducible(
        [snes, bounds](std::uint64_t seed) { return std::make_unique<SnesOptimizer>(snes, bounds, seed, kTable); },
        benchmark_evaluator(rosenbrock), 30, 13);
    check_reproducible(
        [bounds](std::uint64_t seed) {
            return std::make_unique<SepCmaEsOptimizer>(SepCmaEsOptions{}, bounds, seed, kTable);
        },
        benchmark_evaluator(rosenbrock), 30, 13);
    OpenAiEsOptions openai;
    openai.population = 12;
    check_reproducible(
        [openai, bounds](std::uint64_t seed) {
            return std::make_unique<OpenAiEsOptimizer>(openai, bounds, seed, kTable);
        },
        benchmark_evaluator(rosenbrock), 30, 13);
}

TEST_CASE("snes, sepcma, openai_es: options are validated with the config key") {
    SnesOptions snes;
    snes.sigma0 = 0.0;
    CHECK_THROWS_WITH_AS(snes.validate(), "snes.sigma0 = 0 is invalid: must be > 0 (fraction of the bound widths)",
                         std::invalid_argument);
    snes = {};
    snes.mirrored = true;
    snes.population = 7;
    CHECK_THROWS_WITH_AS(snes.validate(), doctest::Contains("snes.population = 7"), std::invalid_argument);
    SepCmaEsOptions sepcma;
    sepcma.population = 1;
    CHECK_THROWS_WITH_AS(sepcma.validate(), "sepcma.population = 1 is invalid: must be 0 (default) or >= 2",
                         std::invalid_argument);
    OpenAiEsOptions openai;
    openai.population = 9;
    CHECK_THROWS_WITH_AS(openai.validate(), doctest::Contains("population = 9 is invalid: must be even"),
                         std::invalid_argument);
    openai = {};
    openai.weight_decay = -1.0;
    CHECK_THROWS_WITH_AS(openai.validate(), doctest::Contains("openai_es.weight_decay = -1"), std::invalid_argument);
    // The table must hold a whole genome.
    CHECK_THROWS_WITH_AS(SnesOptimizer(SnesOptions{}, uniform_bounds(20, -1.0, 1.0), 1, {1, 10}),
                         "noise_table_size = 10 is invalid: must be >= the number of genes (20)", std::invalid_argument);
}

}  // namespace l2l::test
