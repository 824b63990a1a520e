// How SNES, sep-CMA-ES and OpenAI-ES draw a generation: perturbations from the
// shared noise table, scaled per gene around a mean (population_encoding.hpp).
// The sampler keeps the last ask()'s encoding for the farm (which sends a base
// and an offset + sign per individual), for tell() (which needs the unit
// perturbations again) and for the results file (offsets as seeds).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include <boost/serialization/split_member.hpp>

#include "common/random.hpp"
#include "optimizer/algorithms/optimizer.hpp"
#include "optimizer/algorithms/population_encoding.hpp"

namespace l2l {

class NoiseSampler {
public:
    NoiseSampler() = default;
    // Throws std::invalid_argument naming noise_table_size unless the table
    // holds at least one genome of `genes` genes.
    NoiseSampler(NoiseTableSpec spec, std::size_t genes);

    // `count` perturbed genomes (mirrored: pairs +-), after the mean itself
    // when `with_mean`; the encoding of the batch is kept until clear().
    std::vector<Genome> sample(Rng& rng, const Genome& mean, const std::vector<double>& scale, const Bounds& bounds,
                               std::size_t count, bool mirrored, bool with_mean);

    // The last sample's encoding (null before the first sample and after clear()).
    const PopulationEncoding* encoding() const { return sampled_ ? &encoding_ : nullptr; }
    // The last sample's perturbed individuals (without the mean).
    std::span<const Perturbation> perturbed() const;
    const NoiseTable& table() const { return *table_; }
    const NoiseTableSpec& spec() const { return spec_; }
    void clear() { sampled_ = false; }

    // The last sample as a PopulationState: vectors mean and scale, the offsets
    // as seeds, the signs and the table's spec (record.policy best_and_state).
    PopulationState population_state() const;

    // Only the spec is saved: the table is rebuilt from it on load.
    template <class Archive>
    void save(Archive& ar, unsigned /*version*/) const {
        ar & spec_;
    }
    template <class Archive>
    void load(Archive& ar, unsigned /*version*/) {
        ar & spec_;
        table_ = shared_noise_table(spec_);
        sampled_ = false;
    }
    BOOST_SERIALIZATION_SPLIT_MEMBER()

private:
    NoiseTableSpec spec_;
    std::shared_ptr<const NoiseTable> table_;
    PopulationEncoding encoding_;
    bool sampled_ = false;
    bool with_mean_ = false;
};

// sum_k weights[k] * z_k^2 per gene, z_k the unit perturbation of individual k
// (SNES's sigma gradient, sep-CMA-ES's rank-mu update).
std::vector<double> weighted_noise_square_sum(const NoiseTable& table, std::span<const Perturbation> individuals,
                                              std::span<const double> weights, std::size_t genes);

// The bound widths times `fraction`: the initial per-gene step of SNES and sep-CMA-ES.
std::vector<double> scaled_widths(const Bounds& bounds, double fraction);

}  // namespace l2l
