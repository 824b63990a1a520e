#include "optimizer/farm/optimizee.hpp"

#include <fmt/format.h>

#include <limits>

namespace l2l {

void EvalContext::check_deadline() const {
    if (deadline != Clock::time_point::max() && Clock::now() > deadline) {
        throw EvalTimeout("ran past eval_timeout");
    }
    if (stopping != nullptr && stopping()) throw EvalCancelled("the run is being stopped");
}

std::vector<std::string> Optimizee::gene_names() const {
    std::vector<std::string> names(genome_size());
    for (std::size_t i = 0; i < names.size(); ++i) names[i] = fmt::format("x{}", i);
    return names;
}

double Optimizee::best_possible_fitness() const { return std::numeric_limits<double>::quiet_NaN(); }

}  // namespace l2l
