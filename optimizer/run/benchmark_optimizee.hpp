// A benchmark function as an optimizee: fitness = -f(x), so the optimum is 0
// and higher is better, like every other optimizee.
#pragma once

#include "optimizer/run/benchmark_functions.hpp"
#include "optimizer/farm/optimizee.hpp"

namespace l2l {

// Time an evaluation takes on top of the function (benchmark.eval_seconds).
struct EvalCost {
    double seconds = 0.0;
    bool busy = false;  // busy-wait (a computing evaluation) instead of sleeping
};

class BenchmarkOptimizee final : public Optimizee {
public:
    BenchmarkOptimizee(const BenchmarkFunction& function, std::size_t dimension, double lower, double upper,
                       EvalCost cost = {});

    std::string_view name() const override { return function_.name; }
    std::size_t genome_size() const override { return dimension_; }
    Bounds bounds() const override;
    std::size_t output_size() const override;
    bool outputs_are_results() const override { return false; }  // residuals of the least-squares form
    double best_possible_fitness() const override { return 0.0; }
    std::string fitness_meaning() const override;
    EvalResult evaluate(std::span<const double> genome, const EvalContext& context) const override;

private:
    const BenchmarkFunction& function_;
    std::size_t dimension_;
    double lower_;
    double upper_;
    EvalCost cost_;
};

}  // namespace l2l
