// The genetic algorithm of the L2L framework (DEAP's eaSimple operators), plus
// optional elitism: tournament selection, blend crossover (BLX-alpha) of
// consecutive pairs, Gaussian mutation per gene, clipping to the bounds.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/random.hpp"
#include "optimizer/algorithms/optimizer.hpp"

namespace l2l {

struct GaOptions {
    std::size_t population = 32;
    std::size_t tournament_size = 4;
    double crossover_prob = 0.7;      // per pair of offspring
    double blend_alpha = 0.5;         // BLX-alpha
    double mutation_prob = 0.7;       // per offspring
    double gene_mutation_prob = 0.45; // per gene of a mutated offspring
    double mutation_sigma = 1.0;      // stddev of the Gaussian added to a mutated gene
    std::size_t elitism = 0;          // best individuals copied unchanged into the next generation

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & population & tournament_size & crossover_prob & blend_alpha & mutation_prob &
            gene_mutation_prob & mutation_sigma & elitism;
    }
};

class GeneticAlgorithm final : public CopyableOptimizer<GeneticAlgorithm> {
public:
    // The first generation is drawn uniformly within the bounds; with `initial`
    // (a warm start) it is `initial` itself and population - 1 copies of it,
    // each mutated once by the GA's own mutation (gene_mutation_prob,
    // mutation_sigma; mutation_prob aside) and clipped to the bounds.
    GeneticAlgorithm(GaOptions options, Bounds bounds, std::uint64_t seed, Genome initial = {});

    std::string_view name() const override { return "ga"; }
    std::vector<Genome> ask() override;
    void tell(std::span<const Genome> genomes, std::span<const EvalResult> results) override;
    Summary summary() const override;
    void save_state(std::ostream& out) const override;
    void load_state(std::istream& in) override;

    const GaOptions& options() const { return options_; }

private:
    std::size_t tournament(std::span<const double> fitness);
    void blend(Genome& a, Genome& b);
    void mutate(Genome& genome);

    GaOptions options_;
    Bounds bounds_;
    Rng rng_;
    std::vector<Genome> population_;  // the genomes the next ask() returns
    double gene_spread_ = 0.0;        // mean per-gene stddev of population_
};

}  // namespace l2l
