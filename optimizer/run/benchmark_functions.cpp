#include "optimizer/run/benchmark_functions.hpp"

#include <array>
#include <cmath>
#include <numbers>

namespace l2l {

double sphere(std::span<const double> x) {
    double sum = 0.0;
    for (double v : x) sum += v * v;
    return sum;
}

double rastrigin(std::span<const double> x) {
    double sum = 10.0 * static_cast<double>(x.size());
    for (double v : x) sum += v * v - 10.0 * std::cos(2.0 * std::numbers::pi * v);
    return sum;
}

double ackley(std::span<const double> x) {
    if (x.empty()) return 0.0;
    double squares = 0.0;
    double cosines = 0.0;
    for (double v : x) {
        squares += v * v;
        cosines += std::cos(2.0 * std::numbers::pi * v);
    }
    const double n = static_cast<double>(x.size());
    return -20.0 * std::exp(-0.2 * std::sqrt(squares / n)) - std::exp(cosines / n) + 20.0 + std::numbers::e;
}

double rosenbrock(std::span<const double> x) {
    double sum = 0.0;
    for (std::size_t i = 0; i + 1 < x.size(); ++i) {
        const double a = x[i + 1] - x[i] * x[i];
        const double b = 1.0 - x[i];
        sum += 100.0 * a * a + b * b;
    }
    return sum;
}

std::vector<double> sphere_residuals(std::span<const double> x) { return {x.begin(), x.end()}; }

std::vector<double> rosenbrock_residuals(std::span<const double> x) {
    std::vector<double> r;
    r.reserve(x.size() < 2 ? 0 : 2 * (x.size() - 1));
    for (std::size_t i = 0; i + 1 < x.size(); ++i) {
        r.push_back(10.0 * (x[i + 1] - x[i] * x[i]));
        r.push_back(1.0 - x[i]);
    }
    return r;
}

namespace {
const std::array<BenchmarkFunction, 4> kFunctions{{
    {"sphere", &sphere, &sphere_residuals, -5.12, 5.12, 0.0},
    {"rastrigin", &rastrigin, nullptr, -5.12, 5.12, 0.0},
    {"ackley", &ackley, nullptr, -32.768, 32.768, 0.0},
    {"rosenbrock", &rosenbrock, &rosenbrock_residuals, -5.0, 10.0, 1.0},
}};
}  // namespace

std::span<const BenchmarkFunction> benchmark_functions() { return kFunctions; }

const BenchmarkFunction* find_benchmark_function(std::string_view name) {
    for (const auto& f : kFunctions) {
        if (f.name == name) return &f;
    }
    return nullptr;
}

}  // namespace l2l
