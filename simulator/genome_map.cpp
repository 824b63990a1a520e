#include "simulator/genome_map.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace l2l::sim {

GenomeMap::GenomeMap(const NetworkSpec& spec, const Network& network) {
    for (const GeneBlockSpec& gs : spec.genome) {
        Block block{gs.target, 0, gs.parameter, {}, lower_.size(), 0, gs.scale, gs.offset};
        if (gs.target == GeneBlockSpec::Target::weights) {
            block.index = network.projection_index(gs.projection);
            const Projection& projection = network.projection(block.index);
            block.count = projection.synapse_count();
            block.label = "w." + projection.name();
            for (std::size_t k = 0; k < block.count; ++k) {
                synapse_pre_.push_back(projection.pre_of(k));
                synapse_post_.push_back(projection.post_of(k));
            }
        } else {
            block.index = network.population_index(gs.population);
            block.count = network.population_size(block.index);
            block.label = gs.parameter + "." + gs.population;
            network.neuron_parameter(block.index, gs.parameter, 0);  // throws for an unknown name
            synapse_pre_.insert(synapse_pre_.end(), block.count, 0);
            synapse_post_.insert(synapse_post_.end(), block.count, 0);
        }
        lower_.insert(lower_.end(), block.count, gs.lower);
        upper_.insert(upper_.end(), block.count, gs.upper);
        blocks_.push_back(std::move(block));
    }
}

std::string GenomeMap::gene_name(const Block& block, std::size_t k) const {
    if (block.target == GeneBlockSpec::Target::weights) {
        const std::size_t gene = block.first_gene + k;
        return fmt::format("{}[{},{}]", block.label, synapse_pre_[gene], synapse_post_[gene]);
    }
    return fmt::format("{}[{}]", block.label, k);
}

std::vector<std::string> GenomeMap::names() const {
    std::vector<std::string> names;
    names.reserve(size());
    for (const Block& block : blocks_) {
        for (std::size_t k = 0; k < block.count; ++k) names.push_back(gene_name(block, k));
    }
    return names;
}

void GenomeMap::apply(std::span<const double> genome, Network& network) const {
    if (genome.size() != size()) {
        throw std::invalid_argument(fmt::format("genome has {} genes; this network needs {}", genome.size(), size()));
    }
    for (std::size_t g = 0; g < genome.size(); ++g) {
        if (!std::isfinite(genome[g])) {
            const Block& block = *std::find_if(blocks_.begin(), blocks_.end(), [g](const Block& b) {
                return g >= b.first_gene && g < b.first_gene + b.count;
            });
            throw std::invalid_argument(fmt::format("gene {} ({}) = {}: genes must be finite numbers", g,
                                                    gene_name(block, g - block.first_gene), genome[g]));
        }
    }
    for (const Block& block : blocks_) {
        if (block.target == GeneBlockSpec::Target::weights) {
            const std::span<double> weights = network.projection(block.index).weights();
            for (std::size_t k = 0; k < block.count; ++k) {
                weights[k] = block.scale * genome[block.first_gene + k] + block.offset;
            }
            continue;
        }
        const ParameterInfo* info = find_parameter(network.population_model(block.index), block.parameter);
        for (std::size_t k = 0; k < block.count; ++k) {
            const double gene = genome[block.first_gene + k];
            const double value = block.scale * gene + block.offset;
            if (info != nullptr && !satisfies(info->rule, value)) {
                throw std::invalid_argument(fmt::format("gene {} ({}) = {} gives {} = {} {}; allowed: {}",
                                                        block.first_gene + k, gene_name(block, k), gene,
                                                        block.parameter, value, info->unit, rule_text(info->rule)));
            }
            network.set_neuron_parameter(block.index, block.parameter, k, value);
        }
    }
    if (std::string problem = network.inconsistency(); !problem.empty()) {
        throw std::invalid_argument("genome gives an invalid network: " + problem);
    }
}

std::vector<double> GenomeMap::extract(const Network& network) const {
    std::vector<double> genome(size());
    for (const Block& block : blocks_) {
        for (std::size_t k = 0; k < block.count; ++k) {
            const double value = block.target == GeneBlockSpec::Target::weights
                                     ? network.projection(block.index).weights()[k]
                                     : network.neuron_parameter(block.index, block.parameter, k);
            genome[block.first_gene + k] = (value - block.offset) / block.scale;
        }
    }
    return genome;
}

}  // namespace l2l::sim
