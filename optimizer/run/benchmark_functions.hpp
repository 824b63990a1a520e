// Classic test functions with known optima, in their usual MINIMISATION form
// (all have minimum 0 at a known point). BenchmarkOptimizee negates them so that
// the optimizers can maximise fitness everywhere.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace l2l {

double sphere(std::span<const double> x);      // sum x_i^2; min 0 at 0
double rastrigin(std::span<const double> x);   // 10 D + sum(x^2 - 10 cos 2 pi x); min 0 at 0
double ackley(std::span<const double> x);      // min 0 at 0
double rosenbrock(std::span<const double> x);  // sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2; min 0 at 1

// Residual vectors r(x) with f(x) = sum r_i^2, for least-squares optimizers (EnKF):
// sphere: r_i = x_i (D values); rosenbrock: 10 (x_{i+1} - x_i^2), (1 - x_i) (2 (D-1) values).
// Rastrigin and Ackley are not sums of squares of smooth residuals: empty.
std::vector<double> sphere_residuals(std::span<const double> x);
std::vector<double> rosenbrock_residuals(std::span<const double> x);

struct BenchmarkFunction {
    std::string_view name;
    double (*value)(std::span<const double>);
    std::vector<double> (*residuals)(std::span<const double>);  // nullptr if none
    double default_lower;  // the customary search domain, per gene
    double default_upper;
    double optimum_coordinate;  // every coordinate of the minimiser
};

// sphere, rastrigin, ackley, rosenbrock.
std::span<const BenchmarkFunction> benchmark_functions();
// nullptr when the name is unknown.
const BenchmarkFunction* find_benchmark_function(std::string_view name);

}  // namespace l2l
