#include "simulator/genome_map.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace l2l::sim {

GenomeMap::GenomeMap(const NetworkSpec& spec, const Network& network) {
    for (const GeneBlockSpec& gs : spec.genome) {
        Block block{gs.target, 0, gs.parameter, {}, lower_.size(), 0, 0, gs.shared, 0, gs.scale, gs.offset};
        std::vector<std::uint32_t> a;  // name indices of every value
        std::vector<std::uint32_t> b;
        switch (gs.target) {
            case GeneBlockSpec::Target::weights: {
                block.index = network.projection_index(gs.projection);
                const Projection& projection = network.projection(block.index);
                block.values = projection.synapse_count();
                block.label = "w." + projection.name();
                block.name_indices = 2;
                for (std::size_t k = 0; k < block.values; ++k) {
                    a.push_back(projection.pre_of(k));
                    b.push_back(projection.post_of(k));
                }
                break;
            }
            case GeneBlockSpec::Target::neuron_parameter:
                block.index = network.population_index(gs.population);
                block.values = network.population_size(block.index);
                block.label = gs.parameter + "." + gs.population;
                block.name_indices = 1;
                network.neuron_parameter(block.index, gs.parameter, 0);  // throws for an unknown name
                for (std::size_t i = 0; i < block.values; ++i) a.push_back(static_cast<std::uint32_t>(i));
                b.assign(block.values, 0);
                break;
            case GeneBlockSpec::Target::plasticity_parameter: {
                block.index = network.projection_index(gs.projection);
                const Projection& projection = network.projection(block.index);
                const PlasticParameterInfo* info =
                    find_plasticity_parameter(network.plasticity_rule(block.index), gs.parameter);
                if (info == nullptr) {
                    throw std::invalid_argument(fmt::format("projection '{}' has no plasticity parameter '{}'",
                                                            projection.name(), gs.parameter));
                }
                block.values = network.plasticity_parameter_size(block.index, gs.parameter);
                block.label = gs.parameter + "." + projection.name();
                for (std::size_t v = 0; v < block.values; ++v) {
                    switch (info->shape) {
                        case ParameterShape::scalar: a.push_back(0); b.push_back(0); break;
                        case ParameterShape::per_synapse: a.push_back(projection.pre_of(v)); b.push_back(projection.post_of(v)); break;
                        case ParameterShape::per_pre: a.push_back(static_cast<std::uint32_t>(v)); b.push_back(0); break;
                        case ParameterShape::post_by_post:
                            a.push_back(static_cast<std::uint32_t>(v / projection.post_size()));
                            b.push_back(static_cast<std::uint32_t>(v % projection.post_size()));
                            break;
                    }
                }
                block.name_indices = info->shape == ParameterShape::scalar ? 0
                                     : (info->shape == ParameterShape::per_pre ? 1 : 2);
                break;
            }
        }
        block.count = block.shared ? 1 : block.values;
        if (block.shared) {
            a.assign(1, 0);
            b.assign(1, 0);
        }
        name_a_.insert(name_a_.end(), a.begin(), a.end());
        name_b_.insert(name_b_.end(), b.begin(), b.end());
        lower_.insert(lower_.end(), block.count, gs.lower);
        upper_.insert(upper_.end(), block.count, gs.upper);
        blocks_.push_back(std::move(block));
    }
}

std::string GenomeMap::gene_name(const Block& block, std::size_t k) const {
    const std::size_t gene = block.first_gene + k;
    if (block.name_indices == 0) return block.label;
    if (block.shared) return block.label + "[all]";
    if (block.name_indices == 1) return fmt::format("{}[{}]", block.label, name_a_[gene]);
    return fmt::format("{}[{},{}]", block.label, name_a_[gene], name_b_[gene]);
}

std::vector<std::string> GenomeMap::names() const {
    std::vector<std::string> names;
    names.reserve(size());
    for (const Block& block : blocks_) {
        for (std::size_t k = 0; k < block.count; ++k) names.push_back(gene_name(block, k));
    }
    return names;
}

double GenomeMap::read(const Network& network, const Block& block, std::size_t value) const {
    switch (block.target) {
        case GeneBlockSpec::Target::weights: return network.projection(block.index).weights()[value];
        case GeneBlockSpec::Target::neuron_parameter: return network.neuron_parameter(block.index, block.parameter, value);
        case GeneBlockSpec::Target::plasticity_parameter:
            return network.plasticity_parameter(block.index, block.parameter, value);
    }
    return 0.0;
}

void GenomeMap::write(Network& network, const Block& block, std::size_t value, std::size_t gene, double gene_value) const {
    const double parameter = block.scale * gene_value + block.offset;
    // The parameter's rule and unit: neuron and plasticity parameters have one, weights none.
    auto check = [&](ValueRule rule, std::string_view unit) {
        if (satisfies(rule, parameter)) return;
        throw std::invalid_argument(fmt::format("gene {} ({}) = {} gives {} = {} {}; allowed: {}", gene,
                                                gene_name(block, gene - block.first_gene), gene_value, block.parameter,
                                                parameter, unit, rule_text(rule)));
    };
    switch (block.target) {
        case GeneBlockSpec::Target::weights: network.projection(block.index).weights()[value] = parameter; return;
        case GeneBlockSpec::Target::neuron_parameter:
            if (const ParameterInfo* info = find_parameter(network.population_model(block.index), block.parameter)) {
                check(info->rule, info->unit);
            }
            network.set_neuron_parameter(block.index, block.parameter, value, parameter);
            return;
        case GeneBlockSpec::Target::plasticity_parameter:
            if (const PlasticParameterInfo* info =
                    find_plasticity_parameter(network.plasticity_rule(block.index), block.parameter)) {
                check(info->rule, info->unit);
            }
            network.set_plasticity_parameter(block.index, block.parameter, value, parameter);
            return;
    }
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
        for (std::size_t v = 0; v < block.values; ++v) {
            const std::size_t gene = block.first_gene + (block.shared ? 0 : v);
            write(network, block, v, gene, genome[gene]);
        }
    }
    if (std::string problem = network.inconsistency(); !problem.empty()) {
        throw std::invalid_argument("genome gives an invalid network: " + problem);
    }
    network.reset_plasticity();
}

std::vector<double> GenomeMap::extract(const Network& network) const {
    std::vector<double> genome(size());
    for (const Block& block : blocks_) {
        for (std::size_t k = 0; k < block.count; ++k) {
            genome[block.first_gene + k] = (read(network, block, k) - block.offset) / block.scale;
        }
    }
    return genome;
}

}  // namespace l2l::sim
