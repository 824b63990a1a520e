#include "optimizer/algorithms/random_search.hpp"

#include <limits>

#include "optimizer/algorithms/fitness_ranking.hpp"
#include "optimizer/algorithms/option_check.hpp"
#include "optimizer/algorithms/state_serialization.hpp"

namespace l2l {

void RandomSearchOptions::validate() const {
    require_option(population >= 1, "random.population", population, ">= 1");
}

RandomSearchOptimizer::RandomSearchOptimizer(RandomSearchOptions options, Bounds bounds, std::uint64_t seed)
    : options_(options),
      bounds_(std::move(bounds)),
      rng_(seed),
      best_fitness_(-std::numeric_limits<double>::infinity()) {
    options_.validate();
    validate_bounds(bounds_, "random");
}

std::vector<Genome> RandomSearchOptimizer::ask() {
    std::vector<Genome> batch;
    batch.reserve(options_.population);
    for (std::size_t k = 0; k < options_.population; ++k) batch.push_back(uniform_in_bounds(bounds_, rng_));
    return batch;
}

void RandomSearchOptimizer::tell(std::span<const Genome> genomes, std::span<const EvalResult> results) {
    check_tell_sizes(genomes, results, options_.population, bounds_.size());
    keep_best(genomes, results, best_genome_, best_fitness_);
    evaluations_ += results.size();
}

Summary RandomSearchOptimizer::summary() const {
    return {{"best_fitness_so_far", best_fitness_}, {"evaluations", static_cast<double>(evaluations_)}};
}

void RandomSearchOptimizer::save_state(std::ostream& out) const { save_binary_state(out, *this); }

void RandomSearchOptimizer::load_state(std::istream& in) { load_binary_state(in, *this); }

}  // namespace l2l
