#include "optimizer/algorithms/fitness_ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

namespace l2l {

bool is_successful(const EvalResult& result) {
    return result.status == EvalStatus::ok && std::isfinite(result.fitness);
}

std::vector<std::size_t> ranking_best_first(std::span<const EvalResult> results) {
    std::vector<std::size_t> order(results.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const bool ok_a = is_successful(results[a]);
        const bool ok_b = is_successful(results[b]);
        if (ok_a != ok_b) return ok_a;
        return ok_a && results[a].fitness > results[b].fitness;
    });
    return order;
}

std::vector<double> centred_ranks(std::span<const EvalResult> results) {
    const std::size_t n = results.size();
    std::vector<double> shaped(n, 0.0);
    if (n < 2) return shaped;
    const auto order = ranking_best_first(results);
    for (std::size_t rank = 0; rank < n; ++rank) {
        // rank 0 (best) -> +0.5, rank n-1 (worst) -> -0.5.
        shaped[order[rank]] = 0.5 - static_cast<double>(rank) / static_cast<double>(n - 1);
    }
    return shaped;
}

double best_fitness(std::span<const EvalResult> results) {
    double best = -std::numeric_limits<double>::infinity();
    for (const auto& r : results) {
        if (is_successful(r)) best = std::max(best, r.fitness);
    }
    return best;
}

bool keep_best(std::span<const Genome> genomes, std::span<const EvalResult> results, Genome& best_genome,
               double& best_fitness) {
    bool replaced = false;
    for (std::size_t k = 0; k < results.size(); ++k) {
        if (is_successful(results[k]) && results[k].fitness > best_fitness) {
            best_fitness = results[k].fitness;
            best_genome = genomes[k];
            replaced = true;
        }
    }
    return replaced;
}

Genome uniform_in_bounds(const Bounds& bounds, Rng& rng) {
    Genome genome(bounds.size());
    for (std::size_t i = 0; i < genome.size(); ++i) {
        genome[i] = rng.uniform(bounds.lower[i], bounds.upper[i]);
    }
    return genome;
}

Genome initial_mean_in_bounds(Genome given, const Bounds& bounds, Rng& rng, std::string_view optimizer) {
    if (given.empty()) {
        given = uniform_in_bounds(bounds, rng);
    } else if (given.size() != bounds.size()) {
        throw std::invalid_argument(fmt::format("{}: initial mean and bounds differ in size", optimizer));
    }
    bounds.clip(given);
    return given;
}

std::size_t default_population(std::size_t genes) {
    return 4 + static_cast<std::size_t>(std::floor(3.0 * std::log(static_cast<double>(genes))));
}

void check_tell_sizes(std::span<const Genome> genomes, std::span<const EvalResult> results,
                      std::size_t expected_count, std::size_t genome_size) {
    if (genomes.size() != expected_count || results.size() != expected_count) {
        throw std::invalid_argument(fmt::format(
            "tell(): expected {} genomes and results (the last ask()), got {} and {}",
            expected_count, genomes.size(), results.size()));
    }
    for (const auto& g : genomes) {
        if (g.size() != genome_size) {
            throw std::invalid_argument(
                fmt::format("tell(): genome of size {}, expected {}", g.size(), genome_size));
        }
    }
}

}  // namespace l2l
