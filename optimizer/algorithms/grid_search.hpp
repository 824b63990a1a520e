// Parameter exploration: the full Cartesian grid over a few named genes, handed
// out in slices of `population` genomes (lexicographic order, the last listed
// gene varying fastest). Genes not on the grid are fixed at a configured value
// or at the midpoint of their bounds. converged() once the grid is exhausted.
// Each point is evaluated once: the last slice holds the points that are left
// (fewer than `population`; summary key grid_points_in_batch).
// Fitness is MAXIMISED; the best grid point is kept for reporting.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "optimizer/algorithms/optimizer.hpp"

namespace l2l {

struct GridAxis {
    std::string gene;        // key in [grid.points]
    std::size_t points = 2;  // evenly spaced over [lower, upper] inclusive; 1 = midpoint

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & gene & points;
    }
};

struct GridSearchOptions {
    std::size_t population = 32;  // grid.population: genomes per ask(); >= 1
    std::vector<GridAxis> axes;   // [grid.points] gene = n: at least one gene, n >= 1
    std::vector<std::pair<std::string, double>> fixed;  // [grid.fixed] gene = value (off-grid genes)

    void validate() const;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & population & axes & fixed;
    }
};

class GridSearchOptimizer final : public CopyableOptimizer<GridSearchOptimizer> {
public:
    // gene_names: the name of every gene in genome order (resolves the options' names).
    // seed: unused (the grid is deterministic); kept for the common signature.
    GridSearchOptimizer(GridSearchOptions options, Bounds bounds, std::vector<std::string> gene_names,
                        std::uint64_t seed = 0);

    std::string_view name() const override { return "grid"; }
    std::vector<Genome> ask() override;
    void tell(std::span<const Genome> genomes, std::span<const EvalResult> results) override;
    Summary summary() const override;
    bool converged() const override { return next_point_ >= total_points_; }
    void save_state(std::ostream& out) const override;
    void load_state(std::istream& in) override;

    std::uint64_t total_points() const { return total_points_; }
    const Genome& best_genome() const { return best_genome_; }
    double best_fitness() const { return best_fitness_; }

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & options_ & bounds_ & axis_genes_ & axis_values_ & base_genome_ & total_points_ & next_point_ &
            points_in_batch_ & best_genome_ & best_fitness_;
    }

private:
    Genome grid_point(std::uint64_t index) const;

    GridSearchOptions options_;
    Bounds bounds_;
    std::vector<std::size_t> axis_genes_;            // gene index of each axis
    std::vector<std::vector<double>> axis_values_;   // grid values of each axis
    Genome base_genome_;                             // off-grid genes' values
    std::uint64_t total_points_ = 0;
    std::uint64_t next_point_ = 0;
    std::uint64_t points_in_batch_ = 0;
    Genome best_genome_;
    double best_fitness_;
};

}  // namespace l2l
