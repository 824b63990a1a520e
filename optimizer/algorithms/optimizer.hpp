// The ask/tell contract every outer-loop optimizer follows.
//
// An optimizer is a pure state machine: ask() proposes the genomes of the next
// generation, tell() receives their evaluations in the same order. It never
// evaluates anything itself and knows nothing of MPI, HDF5 or environments.
// Fitness is MAXIMISED everywhere (benchmark functions are negated).
#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "optimizer/algorithms/eval_result.hpp"
#include "optimizer/algorithms/genome.hpp"

namespace l2l {

// Optimizer-specific per-generation scalars (ES sigma, CMA-ES step size,
// EnKF spread...), recorded under /generations/summary/<optimizer>/<key>.
// The keys must be the same at every generation.
using Summary = std::vector<std::pair<std::string, double>>;

class Optimizer {
public:
    virtual ~Optimizer() = default;

    virtual std::string_view name() const = 0;

    // Genomes to evaluate next; their count may vary between optimizers but a
    // given optimizer keeps it constant (the HDF5 layout is [G x P]).
    virtual std::vector<Genome> ask() = 0;

    // Evaluations of the genomes of the last ask(), same order.
    virtual void tell(std::span<const Genome> genomes, std::span<const EvalResult> results) = 0;

    // State after the last tell() (or the initial state before any).
    virtual Summary summary() const = 0;

    // True when the optimizer's own stop criteria say further generations are useless.
    virtual bool converged() const { return false; }

    // Full state, for checkpoints: load_state(save_state()) continues bit-identically.
    virtual void save_state(std::ostream& out) const = 0;
    virtual void load_state(std::istream& in) = 0;
};

}  // namespace l2l
