// Baseline: every generation, `population` genomes drawn uniformly in the bounds.
// Fitness is MAXIMISED; the best genome seen so far is kept for reporting.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/random.hpp"
#include "optimizer/algorithms/optimizer.hpp"

namespace l2l {

struct RandomSearchOptions {
    std::size_t population = 32;  // random.population: genomes per generation; >= 1

    void validate() const;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & population;
    }
};

class RandomSearchOptimizer final : public CopyableOptimizer<RandomSearchOptimizer> {
public:
    RandomSearchOptimizer(RandomSearchOptions options, Bounds bounds, std::uint64_t seed);

    std::string_view name() const override { return "random"; }
    std::vector<Genome> ask() override;
    void tell(std::span<const Genome> genomes, std::span<const EvalResult> results) override;
    Summary summary() const override;
    void save_state(std::ostream& out) const override;
    void load_state(std::istream& in) override;

    const Genome& best_genome() const { return best_genome_; }
    double best_fitness() const { return best_fitness_; }

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & options_ & bounds_ & rng_ & best_genome_ & best_fitness_ & evaluations_;
    }

private:
    RandomSearchOptions options_;
    Bounds bounds_;
    Rng rng_;
    Genome best_genome_;
    double best_fitness_;
    std::uint64_t evaluations_ = 0;
};

}  // namespace l2l
