#include "optimizer/run/benchmark_optimizee.hpp"

#include <fmt/format.h>

namespace l2l {

BenchmarkOptimizee::BenchmarkOptimizee(const BenchmarkFunction& function, std::size_t dimension, double lower,
                                       double upper)
    : function_(function), dimension_(dimension), lower_(lower), upper_(upper) {}

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
    return result;
}

}  // namespace l2l
