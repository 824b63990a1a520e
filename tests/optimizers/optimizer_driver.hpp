// Drives an optimizer in-process: ask -> evaluate -> tell, the way the farm does
// it, with fitness = -f(x) (maximised) and, for EnKF, outputs = residuals.
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <memory>
#include <vector>

#include "optimizer/run/benchmark_functions.hpp"
#include "optimizer/algorithms/optimizer.hpp"

namespace l2l::test {

using Evaluate = std::function<EvalResult(const Genome&)>;

// fitness = -f(x); outputs = residuals(x) when `with_residuals` and f has them.
Evaluate benchmark_evaluator(const BenchmarkFunction& function, bool with_residuals = false);

Bounds uniform_bounds(std::size_t dimension, double lower, double upper);
Bounds default_bounds(const BenchmarkFunction& function, std::size_t dimension);

struct RunOutcome {
    double best_fitness = -std::numeric_limits<double>::infinity();
    Genome best_genome;
    std::size_t evaluations = 0;
    std::size_t generations = 0;
    bool converged = false;
};

// Runs until best fitness >= target_fitness, converged(), or the evaluation
// budget would be exceeded by the next generation.
RunOutcome drive(Optimizer& optimizer, const Evaluate& evaluate, std::size_t max_evaluations,
                 double target_fitness = std::numeric_limits<double>::infinity());

// Everything a run produced, for bit-for-bit comparisons: every genome asked,
// every summary value, in order.
struct Trace {
    std::vector<Genome> genomes;
    std::vector<double> summary_values;
    bool operator==(const Trace&) const = default;
};

// Runs `generations` generations, appending to `trace`.
void record(Optimizer& optimizer, const Evaluate& evaluate, std::size_t generations, Trace& trace);

using Factory = std::function<std::unique_ptr<Optimizer>(std::uint64_t seed)>;

// Checks: same seed -> identical traces; different seed -> different traces;
// save_state after `split` generations, load into a fresh instance built with
// another seed -> the continued trace equals the uninterrupted one.
// seed_matters = false for deterministic optimizers (grid).
void check_reproducible(const Factory& make, const Evaluate& evaluate, std::size_t generations, std::size_t split,
                        bool seed_matters = true);

}  // namespace l2l::test
