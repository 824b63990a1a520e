// A population described by a base and one small code per individual, so the
// farm can send each worker the base once per generation and then a few bytes
// per individual instead of a genome of n doubles.
//
// Individual k of a generation is
//     clip(mean + sign_k * scale ⊙ table[offset_k .. offset_k + n))
// (sign 0: the mean itself), with `table` the shared noise table
// (noise_table.hpp) and `scale` the per-gene standard deviation of the search
// distribution (SNES sigma, sep-CMA-ES sigma * sqrt(diag C), OpenAI-ES sigma).
// The optimizer builds its genomes with rebuild_individual, the worker rebuilds
// them with the same function: bit for bit the same genome.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/random.hpp"
#include "optimizer/algorithms/genome.hpp"
#include "optimizer/algorithms/noise_table.hpp"

namespace l2l {

// One individual: a table offset and a sign (+1, -1; 0 for the mean).
struct Perturbation {
    std::uint64_t offset = 0;
    std::int32_t sign = 1;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & offset & sign;
    }
};

// What every individual of a generation shares.
struct PerturbationBase {
    NoiseTableSpec table;
    Genome mean;
    std::vector<double> scale;  // per gene
    Bounds bounds;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & table & mean & scale & bounds;
    }
};

struct PopulationEncoding {
    PerturbationBase base;
    std::vector<Perturbation> individuals;  // one per genome of ask(), same order
};

// The genome of `individual`; `table` must be the table of base.table.
Genome rebuild_individual(const NoiseTable& table, const PerturbationBase& base, const Perturbation& individual);

// `count` perturbations of `genes` genes for one generation, from one draw of
// `rng` (the optimizer's stream): offsets uniform in [0, table_size - genes],
// each from a stream of its own (derive_seed({key, pair})); mirrored: pairs
// (+1, -1) sharing an offset.
std::vector<Perturbation> draw_perturbations(Rng& rng, std::uint64_t table_size, std::size_t genes, std::size_t count,
                                             bool mirrored);

// sum_k weights[k] * sign_k * table slice_k, per gene: the weighted sum of the
// unit perturbations every optimizer of this family needs in tell().
std::vector<double> weighted_noise_sum(const NoiseTable& table, std::span<const Perturbation> individuals,
                                       std::span<const double> weights, std::size_t genes);

}  // namespace l2l
