// Fitness helpers shared by the ranking-based optimizers (ES, CMA-ES, baselines).
// Fitness is MAXIMISED; an evaluation that failed (status != ok or a non-finite
// fitness) counts as worse than every successful one.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "common/random.hpp"
#include "optimizer/algorithms/eval_result.hpp"
#include "optimizer/algorithms/genome.hpp"

namespace l2l {

bool is_successful(const EvalResult& result);

// Indices of `results` from best to worst; failures last; ties keep index order
// (stable), so the order is deterministic.
std::vector<std::size_t> ranking_best_first(std::span<const EvalResult> results);

// OpenAI-ES fitness shaping: ranks mapped linearly onto [-0.5, 0.5], best = +0.5.
std::vector<double> centred_ranks(std::span<const EvalResult> results);

// Highest successful fitness, or -inf when every evaluation failed.
double best_fitness(std::span<const EvalResult> results);

// Replaces (best_genome, best_fitness) by the first successful result strictly
// better than best_fitness (the earliest is kept on ties); whether it did.
bool keep_best(std::span<const Genome> genomes, std::span<const EvalResult> results, Genome& best_genome,
               double& best_fitness);

// A genome drawn uniformly in the box (one rng.uniform() per gene, in gene order).
Genome uniform_in_bounds(const Bounds& bounds, Rng& rng);

// The start of a mean-based search (ES, OpenAI-ES, SNES, sep-CMA-ES, CMA-ES): `given`,
// or uniform_in_bounds when it is empty, clipped to the box. Throws
// std::invalid_argument ("<optimizer>: initial mean and bounds differ in size").
Genome initial_mean_in_bounds(Genome given, const Bounds& bounds, Rng& rng, std::string_view optimizer);

// 4 + floor(3 ln n): the default population of CMA-ES, SNES and sep-CMA-ES.
std::size_t default_population(std::size_t genes);

// Throws std::invalid_argument unless there is one result per genome of the right size.
void check_tell_sizes(std::span<const Genome> genomes, std::span<const EvalResult> results,
                      std::size_t expected_count, std::size_t genome_size);

}  // namespace l2l
