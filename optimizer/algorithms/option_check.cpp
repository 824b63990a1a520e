#include "optimizer/algorithms/option_check.hpp"

#include <cmath>

#include "common/gene_bound.hpp"

namespace l2l {

void validate_bounds(const Bounds& bounds, std::string_view optimizer_name) {
    if (bounds.lower.empty() || bounds.lower.size() != bounds.upper.size()) {
        throw std::invalid_argument(fmt::format(
            "{}: bounds must be non-empty with as many lower as upper values (got {} and {})",
            optimizer_name, bounds.lower.size(), bounds.upper.size()));
    }
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        const double lo = bounds.lower[i];
        const double hi = bounds.upper[i];
        if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) {
            throw std::invalid_argument(fmt::format(
                "{}: bounds of gene {} are [{}, {}]: must be finite with lower <= upper",
                optimizer_name, i, lo, hi));
        }
        if (!(std::fabs(lo) <= kMaxGeneBound && std::fabs(hi) <= kMaxGeneBound)) {
            throw std::invalid_argument(fmt::format(
                "{}: bounds of gene {} are [{}, {}]: must be within [-{:g}, {:g}]; larger bounds overflow when the "
                "optimizer samples, mutates or takes variances of the genes (every evaluation would fail)",
                optimizer_name, i, lo, hi, kMaxGeneBound, kMaxGeneBound));
        }
    }
}

}  // namespace l2l
