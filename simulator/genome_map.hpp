// Which network parameters a genome sets: blocks of genes, each block covering
// every synapse of a projection or every neuron of a population for one
// parameter, with `parameter = scale * gene + offset`. Genes are ordered block
// by block in the order of [[network.genome]]; within a weight block by synapse
// (pre neuron, then post neuron), within a neuron block by neuron index.
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
    // "w.in_pos->hidden[3,1]" (synapse pre 3 -> post 1), "V_th.hidden[2]".
    std::vector<std::string> names() const;

    // Writes the parameters; throws std::invalid_argument when the genome has the
    // wrong size, a gene is not finite, or a gene gives a parameter outside its
    // allowed range (the message names the gene). Genes outside [lower, upper]
    // are used as they are: bounds are for optimizers.
    void apply(std::span<const double> genome, Network& network) const;
    // The genome that apply() would need to produce the network's current parameters.
    std::vector<double> extract(const Network& network) const;

private:
    struct Block {
        GeneBlockSpec::Target target;
        std::size_t index;      // projection or population index
        std::string parameter;  // neuron parameter name
        std::string label;      // "w.<projection>" or "<parameter>.<population>"
        std::size_t first_gene;
        std::size_t count;
        double scale;
        double offset;
    };
    std::string gene_name(const Block& block, std::size_t k) const;

    std::vector<Block> blocks_;
    std::vector<double> lower_;
    std::vector<double> upper_;
    std::vector<std::uint32_t> synapse_pre_;   // per gene of weight blocks, for names
    std::vector<std::uint32_t> synapse_post_;
};

}  // namespace l2l::sim
