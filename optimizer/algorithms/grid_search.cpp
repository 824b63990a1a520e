#include "optimizer/algorithms/grid_search.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "optimizer/algorithms/fitness_ranking.hpp"
#include "optimizer/algorithms/option_check.hpp"
#include "optimizer/algorithms/state_serialization.hpp"

namespace l2l {

namespace {
// Larger grids cannot be enumerated in any run anyway; keeps indices exact in doubles.
constexpr std::uint64_t kMaxGridPoints = std::uint64_t{1} << 40U;

std::size_t gene_index(const std::vector<std::string>& names, const std::string& gene, std::string_view key) {
    const auto it = std::find(names.begin(), names.end(), gene);
    if (it == names.end()) {
        throw std::invalid_argument(fmt::format("{}: unknown gene \"{}\"; genes are: {}", key, gene,
                                                fmt::join(names, ", ")));
    }
    return static_cast<std::size_t>(it - names.begin());
}
}  // namespace

void GridSearchOptions::validate() const {
    require_option(population >= 1, "grid.population", population, ">= 1");
    require_option(!axes.empty(), "grid.points", "{}", "at least one gene = number of points");
    std::uint64_t total = 1;
    for (const auto& axis : axes) {
        require_option(axis.points >= 1, fmt::format("grid.points.{}", axis.gene), axis.points, ">= 1");
        const auto same = std::count_if(axes.begin(), axes.end(), [&](const GridAxis& a) { return a.gene == axis.gene; });
        require_option(same == 1, "grid.points", axis.gene, "each gene listed once");
        require_option(total <= kMaxGridPoints / axis.points, "grid.points", fmt::format("{} (product)", total),
                       fmt::format("a grid of at most {} points", kMaxGridPoints));
        total *= axis.points;
    }
    for (const auto& [gene, value] : fixed) {
        require_option(std::none_of(axes.begin(), axes.end(), [&](const GridAxis& a) { return a.gene == gene; }),
                       fmt::format("grid.fixed.{}", gene), value, "a gene that is not on the grid");
    }
}

GridSearchOptimizer::GridSearchOptimizer(GridSearchOptions options, Bounds bounds,
                                         std::vector<std::string> gene_names, std::uint64_t /*seed*/)
    : options_(std::move(options)), bounds_(std::move(bounds)), best_fitness_(-std::numeric_limits<double>::infinity()) {
    options_.validate();
    validate_bounds(bounds_, "grid");
    if (gene_names.size() != bounds_.size()) {
        throw std::invalid_argument(fmt::format("grid: {} gene names for {} genes", gene_names.size(), bounds_.size()));
    }
    base_genome_.resize(bounds_.size());
    for (std::size_t i = 0; i < bounds_.size(); ++i) base_genome_[i] = 0.5 * (bounds_.lower[i] + bounds_.upper[i]);
    for (const auto& [gene, value] : options_.fixed) {
        const std::size_t i = gene_index(gene_names, gene, "grid.fixed");
        require_option(value >= bounds_.lower[i] && value <= bounds_.upper[i], fmt::format("grid.fixed.{}", gene),
                       value, fmt::format("within the gene's bounds [{}, {}]", bounds_.lower[i], bounds_.upper[i]));
        base_genome_[i] = value;
    }
    total_points_ = 1;
    for (const auto& axis : options_.axes) {
        const std::size_t i = gene_index(gene_names, axis.gene, "grid.points");
        axis_genes_.push_back(i);
        std::vector<double> values(axis.points);
        if (axis.points == 1) {
            values[0] = 0.5 * (bounds_.lower[i] + bounds_.upper[i]);
        } else {
            const double step = (bounds_.upper[i] - bounds_.lower[i]) / static_cast<double>(axis.points - 1);
            for (std::size_t k = 0; k < axis.points; ++k) values[k] = bounds_.lower[i] + step * static_cast<double>(k);
            values.back() = bounds_.upper[i];  // exact end point despite rounding
        }
        axis_values_.push_back(std::move(values));
        total_points_ *= axis.points;
    }
}

Genome GridSearchOptimizer::grid_point(std::uint64_t index) const {
    Genome genome = base_genome_;
    for (std::size_t a = axis_values_.size(); a-- > 0;) {  // mixed radix, last axis fastest
        const auto radix = static_cast<std::uint64_t>(axis_values_[a].size());
        genome[axis_genes_[a]] = axis_values_[a][static_cast<std::size_t>(index % radix)];
        index /= radix;
    }
    return genome;
}

std::vector<Genome> GridSearchOptimizer::ask() {
    points_in_batch_ = std::min<std::uint64_t>(options_.population, total_points_ - next_point_);
    std::vector<Genome> batch;
    batch.reserve(static_cast<std::size_t>(points_in_batch_));
    for (std::uint64_t k = 0; k < points_in_batch_; ++k) batch.push_back(grid_point(next_point_ + k));
    return batch;
}

void GridSearchOptimizer::tell(std::span<const Genome> genomes, std::span<const EvalResult> results) {
    check_tell_sizes(genomes, results, static_cast<std::size_t>(points_in_batch_), bounds_.size());
    keep_best(genomes, results, best_genome_, best_fitness_);
    next_point_ += points_in_batch_;
}

Summary GridSearchOptimizer::summary() const {
    return {
        {"progress", static_cast<double>(next_point_) / static_cast<double>(total_points_)},
        {"grid_points_in_batch", static_cast<double>(points_in_batch_)},
        {"best_fitness_so_far", best_fitness_},
    };
}

void GridSearchOptimizer::save_state(std::ostream& out) const { save_binary_state(out, *this); }

void GridSearchOptimizer::load_state(std::istream& in) { load_binary_state(in, *this); }

}  // namespace l2l
