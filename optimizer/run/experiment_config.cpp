#include "optimizer/run/experiment_config.hpp"

#include <fmt/format.h>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/map.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>
#include <sstream>

#include "environments/registry.hpp"
#include "optimizer/run/benchmark_functions.hpp"

namespace l2l {

bool starts_from_genome(const std::string& optimizer) {
    return optimizer == "ga" || optimizer == "es" || optimizer == "cmaes" || optimizer == "snes" ||
           optimizer == "sepcma" || optimizer == "openai_es";
}

void check_starts_from_genome(const ExperimentConfig& config) {
    if (!starts_from_genome(config.optimizer)) {
        throw ConfigError(fmt::format("initial_genome = {} is set, but optimizer = {} cannot start from a genome; "
                                      "allowed with: ga, es, cmaes, snes, sepcma, openai_es",
                                      config.initial_genome, config.optimizer));
    }
}

void validate(const ExperimentConfig& config) {
    if (!config.initial_genome.empty()) check_starts_from_genome(config);
    if (config.optimizer == "ga") {
        const GaOptions& ga = config.ga;
        if (ga.tournament_size > config.population) {
            throw ConfigError(fmt::format("ga.tournament_size = {} is larger than population = {}; allowed: 1 to {}",
                                          ga.tournament_size, config.population, config.population));
        }
        if (ga.elitism >= config.population) {
            throw ConfigError(fmt::format("ga.elitism = {} must be smaller than population = {}; allowed: 0 to {}",
                                          ga.elitism, config.population, config.population - 1));
        }
    }
    // Each optimizer checks its own section; messages name `section.key`.
    try {
        if (config.optimizer == "es") {
            EvolutionStrategiesOptions es = config.es;
            es.population = config.population;
            es.validate();
        } else if (config.optimizer == "enkf") {
            EnsembleKalmanOptions enkf = config.enkf;
            enkf.ensemble_size = config.population;
            enkf.validate();
        } else if (config.optimizer == "cmaes") {
            config.cmaes.validate();
        } else if (config.optimizer == "snes") {
            config.snes.validate();
        } else if (config.optimizer == "sepcma") {
            config.sepcma.validate();
        } else if (config.optimizer == "openai_es") {
            OpenAiEsOptions openai_es = config.openai_es;
            openai_es.population = config.population;
            openai_es.validate();
        } else if (config.optimizer == "grid") {
            GridSearchOptions grid = config.grid;
            grid.population = config.population;
            grid.validate();
        }
    } catch (const std::invalid_argument& e) {
        throw ConfigError(e.what());
    }
    if (config.optimizee != "snn" && !config.snn.environment_parameters.empty()) {
        const auto& [name, value] = *config.snn.environment_parameters.begin();
        throw ConfigError(fmt::format("{} = {} is set, but optimizee = {}: environment parameters apply to optimizee = snn",
                                      name, value, config.optimizee));
    }
    if (config.optimizee != "command" && (!config.command.argv.empty() || !config.command.genes.empty())) {
        throw ConfigError(fmt::format("command.argv / command.genes are set, but optimizee = {}: the [command] "
                                      "section applies to optimizee = command",
                                      config.optimizee));
    }
    if (config.optimizee == "command") validate_command(config.command);
    if (config.optimizee == "benchmark") {
        const BenchmarkFunction* function = find_benchmark_function(config.benchmark.function);
        const double lower = config.benchmark.lower.value_or(function->default_lower);
        const double upper = config.benchmark.upper.value_or(function->default_upper);
        if (!(lower < upper)) {
            throw ConfigError(fmt::format(
                "benchmark.lower = {} must be smaller than benchmark.upper = {} (defaults for {}: [{}, {}])", lower,
                upper, function->name, function->default_lower, function->default_upper));
        }
    }
}

std::set<std::string> used_sections(const ExperimentConfig& config) {
    std::set<std::string> sections{"", config.optimizer, "record", "farm"};
    if (config.optimizee == "benchmark") sections.insert("benchmark");
    if (config.optimizee == "command") sections.insert("command");
    if (config.optimizee == "snn") {
        sections.insert({"snn", "network", "agent"});
        try {
            sections.insert(env::find_environment(config.snn.environment).section);
        } catch (const std::invalid_argument&) {
            sections.insert(config.snn.environment);  // refused later, naming it
        }
    }
    return sections;
}

ExperimentConfig without_unused_sections(ExperimentConfig config) {
    const std::set<std::string> used = used_sections(config);
    const ExperimentConfig defaults;
    if (!used.contains("ga")) config.ga = defaults.ga;
    if (!used.contains("es")) config.es = defaults.es;
    if (!used.contains("enkf")) config.enkf = defaults.enkf;
    if (!used.contains("cmaes")) config.cmaes = defaults.cmaes;
    if (!used.contains("snes")) config.snes = defaults.snes;
    if (!used.contains("sepcma")) config.sepcma = defaults.sepcma;
    if (!used.contains("openai_es")) config.openai_es = defaults.openai_es;
    if (!used.contains("random")) config.random = defaults.random;
    if (!used.contains("grid")) config.grid = defaults.grid;
    if (!used.contains("benchmark")) config.benchmark = defaults.benchmark;
    if (!used.contains("snn")) config.snn = defaults.snn;
    if (!used.contains("command")) config.command = defaults.command;
    return config;
}

std::string serialize_config(const ExperimentConfig& config) {
    std::ostringstream out(std::ios::binary);
    {
        boost::archive::binary_oarchive archive(out);
        archive << config;
    }
    return std::move(out).str();
}

ExperimentConfig deserialize_config(const std::string& bytes) {
    std::istringstream in(bytes, std::ios::binary);
    boost::archive::binary_iarchive archive(in);
    ExperimentConfig config;
    archive >> config;
    return config;
}

}  // namespace l2l
