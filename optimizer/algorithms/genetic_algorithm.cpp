#include "optimizer/algorithms/genetic_algorithm.hpp"

#include <algorithm>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/vector.hpp>
#include <boost/serialization/array.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "optimizer/algorithms/option_check.hpp"

namespace l2l {
namespace {

// NaN never wins a comparison, so failed evaluations rank below everything.
double rank_value(double fitness) {
    return std::isnan(fitness) ? -std::numeric_limits<double>::infinity() : fitness;
}

double mean_gene_spread(const std::vector<Genome>& population) {
    if (population.empty() || population.front().empty()) return 0.0;
    const std::size_t dim = population.front().size();
    const double n = static_cast<double>(population.size());
    double total = 0.0;
    for (std::size_t g = 0; g < dim; ++g) {
        double mean = 0.0;
        for (const auto& genome : population) mean += genome[g];
        mean /= n;
        double var = 0.0;
        for (const auto& genome : population) var += (genome[g] - mean) * (genome[g] - mean);
        total += std::sqrt(var / n);
    }
    return total / static_cast<double>(dim);
}

}  // namespace

GeneticAlgorithm::GeneticAlgorithm(GaOptions options, Bounds bounds, std::uint64_t seed, Genome initial)
    : options_(options), bounds_(std::move(bounds)), rng_(seed) {
    validate_bounds(bounds_, "ga");
    population_.resize(options_.population);
    if (!initial.empty()) {
        if (initial.size() != bounds_.size()) throw std::invalid_argument("ga: initial genome and bounds differ in size");
        bounds_.clip(initial);
        for (std::size_t k = 0; k < population_.size(); ++k) {
            population_[k] = initial;
            if (k == 0) continue;  // the genome itself is evaluated too
            mutate(population_[k]);
            bounds_.clip(population_[k]);
        }
    } else {
        for (auto& genome : population_) {
            genome.resize(bounds_.size());
            for (std::size_t i = 0; i < genome.size(); ++i) {
                genome[i] = rng_.uniform(bounds_.lower[i], bounds_.upper[i]);
            }
        }
    }
    gene_spread_ = mean_gene_spread(population_);
}

std::vector<Genome> GeneticAlgorithm::ask() { return population_; }

std::size_t GeneticAlgorithm::tournament(std::span<const double> fitness) {
    // DEAP's selTournament: aspirants drawn with replacement, the fittest wins,
    // the first drawn wins a tie.
    std::size_t best = rng_.below(fitness.size());
    for (std::size_t k = 1; k < options_.tournament_size; ++k) {
        const std::size_t candidate = rng_.below(fitness.size());
        if (rank_value(fitness[candidate]) > rank_value(fitness[best])) best = candidate;
    }
    return best;
}

void GeneticAlgorithm::blend(Genome& a, Genome& b) {
    // DEAP's cxBlend: a fresh gamma per gene.
    const double alpha = options_.blend_alpha;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double gamma = (1.0 + 2.0 * alpha) * rng_.uniform() - alpha;
        const double x1 = a[i];
        const double x2 = b[i];
        a[i] = (1.0 - gamma) * x1 + gamma * x2;
        b[i] = gamma * x1 + (1.0 - gamma) * x2;
    }
}

void GeneticAlgorithm::mutate(Genome& genome) {
    // DEAP's mutGaussian with mu 0.
    for (double& gene : genome) {
        if (rng_.uniform() < options_.gene_mutation_prob) gene += options_.mutation_sigma * rng_.normal();
    }
}

void GeneticAlgorithm::tell(std::span<const Genome> genomes, std::span<const EvalResult> results) {
    if (genomes.size() != population_.size() || results.size() != population_.size()) {
        throw std::invalid_argument("GeneticAlgorithm::tell: expected one result per genome of the last ask()");
    }
    std::vector<double> fitness(results.size());
    std::transform(results.begin(), results.end(), fitness.begin(), [](const EvalResult& r) { return r.fitness; });

    // Elites: best first, ties broken by the lower index (stable sort).
    std::vector<std::size_t> order(fitness.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rank_value(fitness[a]) > rank_value(fitness[b]); });

    std::vector<Genome> next;
    next.reserve(population_.size());
    for (std::size_t k = 0; k < options_.elitism; ++k) next.push_back(genomes[order[k]]);

    std::vector<Genome> offspring;
    const std::size_t n_offspring = population_.size() - options_.elitism;
    offspring.reserve(n_offspring);
    for (std::size_t k = 0; k < n_offspring; ++k) offspring.push_back(genomes[tournament(fitness)]);
    for (std::size_t k = 0; k + 1 < offspring.size(); k += 2) {
        if (rng_.uniform() < options_.crossover_prob) blend(offspring[k], offspring[k + 1]);
    }
    for (auto& child : offspring) {
        if (rng_.uniform() < options_.mutation_prob) mutate(child);
        bounds_.clip(child);
        next.push_back(std::move(child));
    }
    population_ = std::move(next);
    gene_spread_ = mean_gene_spread(population_);
}

Summary GeneticAlgorithm::summary() const { return {{"gene_spread", gene_spread_}}; }

void GeneticAlgorithm::save_state(std::ostream& out) const {
    boost::archive::binary_oarchive archive(out);
    archive << options_ << bounds_ << rng_ << population_ << gene_spread_;
}

void GeneticAlgorithm::load_state(std::istream& in) {
    boost::archive::binary_iarchive archive(in);
    archive >> options_ >> bounds_ >> rng_ >> population_ >> gene_spread_;
}

}  // namespace l2l
