// Which network parameters a genome sets: blocks of genes, each block covering
// every synapse of a projection (weights), every neuron of a population (a neuron
// parameter) or every value of a projection's plasticity parameter, with
// `parameter = scale * gene + offset`. Genes are ordered block by block in the
// order of [[network.genome]]; within a block by synapse (pre neuron, then post
// neuron), by neuron, or by (post, post) pair (W_m). A shared block has one gene
// for all of its values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "simulator/network.hpp"
#include "simulator/network_spec.hpp"

namespace l2l::sim {

class GenomeMap {
public:
    // Resolves the spec's blocks against a built network (for synapse counts).
    GenomeMap(const NetworkSpec& spec, const Network& network);

    std::size_t size() const { return lower_.size(); }
    const std::vector<double>& lower() const { return lower_; }
    const std::vector<double>& upper() const { return upper_; }
    // "w.in_pos->hidden[3,1]" (synapse pre 3 -> post 1), "V_th.hidden[2]",
    // "alpha.in->hidden[3,1]", "psi.in->hidden[3]", "W_m.in->hidden[2,5]",
    // "eta.in->hidden" (one value), "tau_a.hidden[all]" (a shared block).
    std::vector<std::string> names() const;

    // Writes the parameters; throws std::invalid_argument when the genome has the
    // wrong size, a gene is not finite, or a gene gives a parameter outside its
    // allowed range (the message names the gene). Genes outside [lower, upper]
    // are used as they are: bounds are for optimizers. Resets the network's
    // plastic state afterwards, so plasticity starts from the new parameters.
    void apply(std::span<const double> genome, Network& network) const;
    // The genome that apply() would need to produce the network's current
    // parameters (a shared block reads the first value).
    std::vector<double> extract(const Network& network) const;

private:
    struct Block {
        GeneBlockSpec::Target target;
        std::size_t index;      // projection or population index
        std::string parameter;  // neuron or plasticity parameter name
        std::string label;      // "w.<projection>", "<parameter>.<population>", "<parameter>.<projection>"
        std::size_t first_gene;
        std::size_t count;      // genes: 1 when shared
        std::size_t values;     // network values the block sets
        bool shared;
        int name_indices;       // 0: "label", 1: "label[a]", 2: "label[a,b]"
        double scale;
        double offset;
    };
    std::string gene_name(const Block& block, std::size_t k) const;
    double read(const Network& network, const Block& block, std::size_t value) const;
    void write(Network& network, const Block& block, std::size_t value, std::size_t gene, double gene_value) const;

    std::vector<Block> blocks_;
    std::vector<double> lower_;
    std::vector<double> upper_;
    std::vector<std::uint32_t> name_a_;  // per gene, the indices in its name
    std::vector<std::uint32_t> name_b_;
};

}  // namespace l2l::sim
