// Genomes are plain vectors of doubles; every optimizer works on them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace l2l {

using Genome = std::vector<double>;

// Per-gene box constraints, lower[i] <= gene i <= upper[i].
struct Bounds {
    std::vector<double> lower;
    std::vector<double> upper;

    std::size_t size() const { return lower.size(); }

    void clip(std::span<double> genome) const {
        for (std::size_t i = 0; i < genome.size(); ++i) {
            genome[i] = std::clamp(genome[i], lower[i], upper[i]);
        }
    }

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & lower & upper;
    }
};

}  // namespace l2l
