#include "optimizer/algorithms/noise_sampler.hpp"

#include <stdexcept>

#include "optimizer/algorithms/option_check.hpp"

namespace l2l {

NoiseSampler::NoiseSampler(NoiseTableSpec spec, std::size_t genes) : spec_(spec) {
    require_option(spec.size >= genes && spec.size > 0, "noise_table_size", spec.size,
                   fmt::format(">= the number of genes ({})", genes));
    table_ = shared_noise_table(spec_);
}

std::vector<Genome> NoiseSampler::sample(Rng& rng, const Genome& mean, const std::vector<double>& scale,
                                         const Bounds& bounds, std::size_t count, bool mirrored, bool with_mean) {
    encoding_.base = {spec_, mean, scale, bounds};
    encoding_.individuals.clear();
    if (with_mean) encoding_.individuals.push_back({0, 0});
    const auto drawn = draw_perturbations(rng, spec_.size, mean.size(), count, mirrored);
    encoding_.individuals.insert(encoding_.individuals.end(), drawn.begin(), drawn.end());
    with_mean_ = with_mean;
    sampled_ = true;
    std::vector<Genome> genomes;
    genomes.reserve(encoding_.individuals.size());
    for (const auto& individual : encoding_.individuals) {
        genomes.push_back(rebuild_individual(*table_, encoding_.base, individual));
    }
    return genomes;
}

std::span<const Perturbation> NoiseSampler::perturbed() const {
    if (!sampled_) throw std::logic_error("tell() without a preceding ask()");
    return std::span<const Perturbation>(encoding_.individuals).subspan(with_mean_ ? 1U : 0U);
}

PopulationState NoiseSampler::population_state() const {
    PopulationState state;
    if (!sampled_) return state;
    state.vectors.emplace_back("mean", encoding_.base.mean);
    state.vectors.emplace_back("scale", encoding_.base.scale);
    for (const auto& individual : encoding_.individuals) {
        state.seeds.push_back(individual.offset);
        state.signs.push_back(individual.sign);
    }
    state.noise_table = spec_;
    return state;
}

std::vector<double> weighted_noise_square_sum(const NoiseTable& table, std::span<const Perturbation> individuals,
                                              std::span<const double> weights, std::size_t genes) {
    std::vector<double> sum(genes, 0.0);
    for (std::size_t k = 0; k < individuals.size(); ++k) {
        if (individuals[k].sign == 0 || weights[k] == 0.0) continue;
        const auto eps = table.slice(individuals[k].offset, genes);
        for (std::size_t i = 0; i < genes; ++i) sum[i] += weights[k] * (eps[i] * eps[i]);
    }
    return sum;
}

std::vector<double> scaled_widths(const Bounds& bounds, double fraction) {
    std::vector<double> widths(bounds.size());
    for (std::size_t i = 0; i < widths.size(); ++i) widths[i] = fraction * (bounds.upper[i] - bounds.lower[i]);
    return widths;
}

}  // namespace l2l
