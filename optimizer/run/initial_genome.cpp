#include "optimizer/run/initial_genome.hpp"

#include <fmt/format.h>

#include <cmath>

#include "optimizer/results/genome_file.hpp"

namespace l2l {

Genome read_initial_genome(const ExperimentConfig& config, const Optimizee& optimizee,
                           const std::filesystem::path& config_folder) {
    if (config.initial_genome.empty()) return {};
    const std::string& option = config.initial_genome;
    std::filesystem::path path(option);
    if (path.is_relative()) path = config_folder / path;
    GenomeFile file;
    try {
        const h5::Handle handle = open_genome_file(path.string());
        file = read_genome_file(handle.get(), path.string());
    } catch (const std::exception& e) {  // missing, not HDF5, not a genome file, a newer format
        throw ConfigError(fmt::format("initial_genome = {}: {}; allowed: a genome file written by `l2l replay "
                                      "--save-genome`",
                                      option, e.what()));
    }
    Genome genome = std::move(file.individual.genome);
    const Bounds bounds = optimizee.bounds();
    if (genome.size() != bounds.size()) {
        throw ConfigError(fmt::format("initial_genome = {}: the file holds {} genes, optimizee {} has {}; allowed: a "
                                      "genome of this optimizee (the same network or function)",
                                      option, genome.size(), optimizee.name(), bounds.size()));
    }
    const std::vector<std::string> names = optimizee.gene_names();
    for (std::size_t i = 0; i < genome.size(); ++i) {
        if (i < names.size() && i < file.gene_names.size() && file.gene_names[i] != names[i]) {
            throw ConfigError(fmt::format("initial_genome = {}: gene {} is {} in the file, {} in this run; allowed: a "
                                          "genome of this optimizee (the same network or function)",
                                          option, i, file.gene_names[i], names[i]));
        }
        if (!(genome[i] >= bounds.lower[i] && genome[i] <= bounds.upper[i])) {  // NaN fails both
            const std::string name = i < names.size() ? names[i] : fmt::format("{}", i);
            throw ConfigError(fmt::format("initial_genome = {}: gene {} ({}) = {} is outside its bounds; allowed: "
                                          "[{}, {}]",
                                          option, i, name, genome[i], bounds.lower[i], bounds.upper[i]));
        }
    }
    return genome;
}

}  // namespace l2l
