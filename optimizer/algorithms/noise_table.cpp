#include "optimizer/algorithms/noise_table.hpp"

#include <cmath>
#include <mutex>
#include <numbers>
#include <stdexcept>

#include <fmt/format.h>

#include "common/random.hpp"

namespace l2l {

NoiseTable::NoiseTable(NoiseTableSpec spec) : spec_(spec), values_(spec.size) {
    if (spec.size == 0) throw std::invalid_argument("noise_table_size = 0 is invalid: must be >= 1");
    // Both values of each Box-Muller pair: half the logarithms and square roots of Rng::normal().
    Rng rng(spec.seed);
    for (std::size_t i = 0; i < values_.size(); i += 2) {
        const double radius = std::sqrt(-2.0 * std::log(1.0 - rng.uniform()));
        const double angle = 2.0 * std::numbers::pi * rng.uniform();
        values_[i] = radius * std::cos(angle);
        if (i + 1 < values_.size()) values_[i + 1] = radius * std::sin(angle);
    }
}

std::span<const double> NoiseTable::slice(std::uint64_t offset, std::size_t genes) const {
    if (offset > spec_.size || genes > spec_.size - offset) {
        throw std::out_of_range(fmt::format("noise table of {} values: no slice of {} at offset {}", spec_.size,
                                            genes, offset));
    }
    return {values_.data() + offset, genes};
}

std::shared_ptr<const NoiseTable> shared_noise_table(const NoiseTableSpec& spec) {
    static std::mutex mutex;
    static std::weak_ptr<const NoiseTable> last;
    const std::lock_guard<std::mutex> lock(mutex);
    if (auto table = last.lock(); table && table->spec() == spec) return table;
    auto table = std::make_shared<const NoiseTable>(spec);
    last = table;
    return table;
}

}  // namespace l2l
