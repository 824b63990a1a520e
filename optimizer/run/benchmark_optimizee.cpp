#include "optimizer/run/benchmark_optimizee.hpp"

#include <fmt/format.h>
#include <chrono>
#include <thread>

namespace l2l {

namespace {
void spend(const EvalCost& cost) {
    if (cost.seconds <= 0.0) return;
    const auto duration = std::chrono::duration<double>(cost.seconds);
    if (!cost.busy) {
        std::this_thread::sleep_for(duration);
        return;
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::nanoseconds>(duration);
    while (std::chrono::steady_clock::now() < until) {
    }
}
}  // namespace

BenchmarkOptimizee::BenchmarkOptimizee(const BenchmarkFunction& function, std::size_t dimension, double lower,
                                       double upper, EvalCost cost)
    : function_(function), dimension_(dimension), lower_(lower), upper_(upper), cost_(cost) {}

Bounds BenchmarkOptimizee::bounds() const {
    return {std::vector<double>(dimension_, lower_), std::vector<double>(dimension_, upper_)};
}

std::size_t BenchmarkOptimizee::output_size() const {
    if (function_.residuals == nullptr) return 0;
    return function_.residuals(std::vector<double>(dimension_, 0.0)).size();
}

std::string BenchmarkOptimizee::fitness_meaning() const {
    return fmt::format("minus the value of the {} function of {} genes", function_.name, dimension_);
}

EvalResult BenchmarkOptimizee::evaluate(std::span<const double> genome, const EvalContext& /*context*/) const {
    EvalResult result;
    result.fitness = -function_.value(genome);
    if (function_.residuals != nullptr) result.outputs = function_.residuals(genome);
    spend(cost_);
    return result;
}

}  // namespace l2l
