// The ask/evaluate/tell loop of the optimizer benchmarks (optimizer_table.cpp,
// high_dimensional_table.cpp): a benchmark function minimised until the
// optimizer converges, f < target or the next generation would exceed the
// evaluation budget. The callers time it (wall or CPU time).
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

#include "optimizer/algorithms/optimizer.hpp"
#include "optimizer/run/benchmark_functions.hpp"

namespace l2l::bench {

struct BudgetRun {
    double best_f;            // lowest f seen
    std::size_t evaluations;  // whole generations only
};

// residuals: give each result the function's residuals too (what the EnKF fits).
inline BudgetRun run_to_budget(Optimizer& optimizer, const BenchmarkFunction& fn, bool residuals, std::size_t budget,
                               double target) {
    double best_f = std::numeric_limits<double>::infinity();
    std::size_t evaluations = 0;
    while (!optimizer.converged() && best_f >= target) {
        const auto batch = optimizer.ask();
        if (evaluations + batch.size() > budget) break;
        std::vector<EvalResult> results(batch.size());
        for (std::size_t k = 0; k < batch.size(); ++k) {
            const double f = fn.value(batch[k]);
            results[k].index = k;
            results[k].fitness = -f;  // fitness is maximised
            if (residuals) results[k].outputs = fn.residuals(batch[k]);
            best_f = std::min(best_f, f);
        }
        optimizer.tell(batch, results);
        evaluations += batch.size();
    }
    return {best_f, evaluations};
}

}  // namespace l2l::bench
