#include "optimizer/run/factory.hpp"

#include <cmath>

#include "common/random.hpp"
#include "optimizer/run/benchmark_optimizee.hpp"
#include "optimizer/run/command_optimizee.hpp"
#include "optimizer/run/optimizee_registry.hpp"
#include "optimizer/algorithms/genetic_algorithm.hpp"
#include "optimizer/algorithms/grid_search.hpp"
#include "optimizer/run/snn_optimizee.hpp"

namespace l2l {

std::unique_ptr<Optimizee> make_optimizee(const ExperimentConfig& config) {
    if (config.optimizee == "benchmark") {
        const BenchmarkFunction* function = find_benchmark_function(config.benchmark.function);
        if (function == nullptr) throw ConfigError("benchmark.function = " + config.benchmark.function + " is unknown");
        return std::make_unique<BenchmarkOptimizee>(*function, config.benchmark.dimension,
                                                    config.benchmark.lower.value_or(function->default_lower),
                                                    config.benchmark.upper.value_or(function->default_upper),
                                                    EvalCost{config.benchmark.eval_seconds, config.benchmark.eval_cost == "busy"});
    }
    if (config.optimizee == "snn") return std::make_unique<SnnOptimizee>(config.snn);
    if (config.optimizee == "command") return std::make_unique<CommandOptimizee>(config.command, config.output);
    if (const RegisteredOptimizee* registered = find_registered_optimizee(config.optimizee)) {
        return registered->make(config);
    }
    std::string allowed;
    for (const std::string& name : optimizee_names()) allowed += (allowed.empty() ? "" : ", ") + name;
    throw ConfigError("optimizee = " + config.optimizee + " is unknown; allowed: " + allowed);
}

std::optional<NoiseTableSpec> noise_table_spec(const ExperimentConfig& config) {
    if (config.optimizer != "snes" && config.optimizer != "sepcma" && config.optimizer != "openai_es") return {};
    // A stream of its own, the same in every process.
    return NoiseTableSpec{derive_seed({config.seed, 0x6e6f697365ULL /* "noise" */}), config.noise_table_size};
}

namespace {

std::unique_ptr<Optimizer> build_noise_table_optimizer(const ExperimentConfig& config, const Optimizee& optimizee,
                                                       std::uint64_t seed, const NoiseTableSpec& table,
                                                       Genome initial) {
    if (config.optimizer == "snes") {
        return std::make_unique<SnesOptimizer>(config.snes, optimizee.bounds(), seed, table, std::move(initial));
    }
    if (config.optimizer == "sepcma") {
        return std::make_unique<SepCmaEsOptimizer>(config.sepcma, optimizee.bounds(), seed, table, std::move(initial));
    }
    OpenAiEsOptions options = config.openai_es;
    options.population = config.population;
    return std::make_unique<OpenAiEsOptimizer>(options, optimizee.bounds(), seed, table, std::move(initial));
}

std::unique_ptr<Optimizer> build_optimizer(const ExperimentConfig& config, const Optimizee& optimizee,
                                           Genome initial) {
    if (!initial.empty()) check_starts_from_genome(config);
    // The optimizer's generator is a stream of its own, apart from evaluation seeds.
    const std::uint64_t seed = derive_seed({config.seed, 0x6f7074ULL /* "opt" */});
    if (config.optimizer == "ga") {
        GaOptions options = config.ga;
        options.population = config.population;
        return std::make_unique<GeneticAlgorithm>(options, optimizee.bounds(), seed, std::move(initial));
    }
    if (config.optimizer == "es") {
        EvolutionStrategiesOptions options = config.es;
        options.population = config.population;
        return std::make_unique<EvolutionStrategiesOptimizer>(options, optimizee.bounds(), seed, std::move(initial));
    }
    if (config.optimizer == "enkf") {
        EnsembleKalmanOptions options = config.enkf;
        options.ensemble_size = config.population;
        // Target: the optimizee's ideal output vector (zero residuals, best per-task
        // objectives) when it has one, else its best possible fitness.
        std::vector<double> target = optimizee.output_target();
        if (target.empty()) target.push_back(optimizee.best_possible_fitness());
        for (const double t : target) {
            if (!std::isfinite(t)) {
                throw ConfigError("optimizer = enkf needs a target, but optimizee " + std::string(optimizee.name()) +
                                  " has no known best value (e.g. an objective without an upper bound)" +
                                  (optimizee.name() == "command"
                                       ? std::string("; set command.best_fitness, or command.outputs (residuals)")
                                       : std::string{}));
            }
        }
        return std::make_unique<EnsembleKalmanOptimizer>(options, optimizee.bounds(), target, seed);
    }
    if (config.optimizer == "cmaes") {
        return std::make_unique<CmaEsOptimizer>(config.cmaes, optimizee.bounds(), seed, std::move(initial));
    }
    if (const auto table = noise_table_spec(config)) {
        return build_noise_table_optimizer(config, optimizee, seed, *table, std::move(initial));
    }
    if (config.optimizer == "grid") {
        GridSearchOptions options = config.grid;
        options.population = config.population;
        try {
            return std::make_unique<GridSearchOptimizer>(options, optimizee.bounds(), optimizee.gene_names(), seed);
        } catch (const std::invalid_argument& e) {
            throw ConfigError(e.what());  // an unknown gene name, a fixed value out of bounds
        }
    }
    if (config.optimizer == "random") {
        RandomSearchOptions options = config.random;
        options.population = config.population;
        return std::make_unique<RandomSearchOptimizer>(options, optimizee.bounds(), seed);
    }
    throw ConfigError("optimizer = " + config.optimizer + " is unknown; allowed: ga, es, enkf, cmaes, snes, sepcma, openai_es, random, grid");
}

}  // namespace

std::unique_ptr<Optimizer> make_optimizer(const ExperimentConfig& config, const Optimizee& optimizee,
                                          Genome initial) {
    try {
        return build_optimizer(config, optimizee, std::move(initial));
    } catch (const std::invalid_argument& e) {
        throw ConfigError(e.what());  // bounds the optimizer cannot sample (validate_bounds), an option out of range
    }
}

}  // namespace l2l
