#include "optimizer_driver.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <sstream>

#include <doctest/doctest.h>

namespace l2l::test {

Evaluate benchmark_evaluator(const BenchmarkFunction& function, bool with_residuals) {
    return [&function, with_residuals](const Genome& genome) {
        EvalResult result;
        result.fitness = -function.value(genome);
        if (with_residuals && function.residuals != nullptr) result.outputs = function.residuals(genome);
        return result;
    };
}

Bounds uniform_bounds(std::size_t dimension, double lower, double upper) {
    return Bounds{std::vector<double>(dimension, lower), std::vector<double>(dimension, upper)};
}

Bounds default_bounds(const BenchmarkFunction& function, std::size_t dimension) {
    return uniform_bounds(dimension, function.default_lower, function.default_upper);
}

RunOutcome drive(Optimizer& optimizer, const Evaluate& evaluate, std::size_t max_evaluations, double target_fitness) {
    RunOutcome outcome;
    while (!optimizer.converged()) {
        const auto batch = optimizer.ask();
        if (outcome.evaluations + batch.size() > max_evaluations) break;
        std::vector<EvalResult> results;
        results.reserve(batch.size());
        for (std::size_t k = 0; k < batch.size(); ++k) {
            results.push_back(evaluate(batch[k]));
            results.back().index = k;
            if (results.back().fitness > outcome.best_fitness) {
                outcome.best_fitness = results.back().fitness;
                outcome.best_genome = batch[k];
            }
        }
        optimizer.tell(batch, results);
        outcome.evaluations += batch.size();
        ++outcome.generations;
        if (outcome.best_fitness >= target_fitness) break;
    }
    outcome.converged = optimizer.converged();
    return outcome;
}

void record(Optimizer& optimizer, const Evaluate& evaluate, std::size_t generations, Trace& trace) {
    for (std::size_t g = 0; g < generations; ++g) {
        const auto batch = optimizer.ask();
        std::vector<EvalResult> results;
        for (std::size_t k = 0; k < batch.size(); ++k) {
            results.push_back(evaluate(batch[k]));
            results.back().index = k;
        }
        optimizer.tell(batch, results);
        trace.genomes.insert(trace.genomes.end(), batch.begin(), batch.end());
        for (const auto& [key, value] : optimizer.summary()) trace.summary_values.push_back(value);
    }
}

namespace {
// Bitwise equality, so that NaN summaries compare equal to themselves.
bool bit_identical(const Trace& a, const Trace& b) {
    if (a.genomes != b.genomes) return false;
    if (a.summary_values.size() != b.summary_values.size()) return false;
    return std::equal(a.summary_values.begin(), a.summary_values.end(), b.summary_values.begin(),
                      [](double x, double y) { return std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(y); });
}
}  // namespace

void check_reproducible(const Factory& make, const Evaluate& evaluate, std::size_t generations, std::size_t split,
                        bool seed_matters) {
    Trace first;
    Trace second;
    Trace other_seed;
    record(*make(42), evaluate, generations, first);
    record(*make(42), evaluate, generations, second);
    record(*make(43), evaluate, generations, other_seed);
    CHECK(bit_identical(first, second));
    if (seed_matters) CHECK_FALSE(bit_identical(first, other_seed));

    Trace resumed;
    auto before = make(42);
    record(*before, evaluate, split, resumed);
    std::stringstream checkpoint;
    before->save_state(checkpoint);
    auto after = make(7);  // a different seed: everything must come from the checkpoint
    after->load_state(checkpoint);
    record(*after, evaluate, generations - split, resumed);
    CHECK(bit_identical(first, resumed));
}

}  // namespace l2l::test
