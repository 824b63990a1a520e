#include "optimizer/algorithms/population_encoding.hpp"

#include <stdexcept>

namespace l2l {

Genome rebuild_individual(const NoiseTable& table, const PerturbationBase& base, const Perturbation& individual) {
    if (individual.sign == 0) return base.mean;
    const std::size_t n = base.mean.size();
    const auto eps = table.slice(individual.offset, n);
    const double sign = individual.sign < 0 ? -1.0 : 1.0;
    Genome genome(n);
    for (std::size_t i = 0; i < n; ++i) genome[i] = base.mean[i] + sign * (base.scale[i] * eps[i]);
    base.bounds.clip(genome);
    return genome;
}

std::vector<Perturbation> draw_perturbations(Rng& rng, std::uint64_t table_size, std::size_t genes, std::size_t count,
                                             bool mirrored) {
    if (table_size < genes) throw std::invalid_argument("noise table smaller than the genome");
    const std::uint64_t key = rng.next();
    std::vector<Perturbation> drawn(count);
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t pair = mirrored ? k / 2 : k;
        Rng stream(derive_seed({key, pair}));
        drawn[k].offset = stream.below(table_size - genes + 1);
        drawn[k].sign = mirrored && k % 2 == 1 ? -1 : 1;
    }
    return drawn;
}

std::vector<double> weighted_noise_sum(const NoiseTable& table, std::span<const Perturbation> individuals,
                                       std::span<const double> weights, std::size_t genes) {
    std::vector<double> sum(genes, 0.0);
    for (std::size_t k = 0; k < individuals.size(); ++k) {
        if (individuals[k].sign == 0 || weights[k] == 0.0) continue;
        const double w = individuals[k].sign < 0 ? -weights[k] : weights[k];
        const auto eps = table.slice(individuals[k].offset, genes);
        for (std::size_t i = 0; i < genes; ++i) sum[i] += w * eps[i];
    }
    return sum;
}

}  // namespace l2l
