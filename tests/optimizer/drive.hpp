// Test helper: drives an optimizer in-process on an optimizee (no farm, no file).
#pragma once

#include <cstdint>

#include "optimizer/farm/optimizee.hpp"
#include "optimizer/algorithms/optimizer.hpp"

namespace l2l::test {

struct DriveResult {
    double best_fitness;
    Genome best_genome;
    std::uint64_t evaluations;
};

inline DriveResult drive(Optimizer& optimizer, const Optimizee& optimizee, std::uint64_t generations,
                         std::uint64_t first_generation = 0) {
    DriveResult out{-1e308, {}, 0};
    for (std::uint64_t g = first_generation; g < first_generation + generations; ++g) {
        const auto genomes = optimizer.ask();
        std::vector<EvalResult> results;
        for (std::size_t i = 0; i < genomes.size(); ++i) {
            results.push_back(optimizee.evaluate(genomes[i], {0, g, i}));
            if (results.back().fitness > out.best_fitness) {
                out.best_fitness = results.back().fitness;
                out.best_genome = genomes[i];
            }
        }
        out.evaluations += genomes.size();
        optimizer.tell(genomes, results);
    }
    return out;
}

}  // namespace l2l::test
