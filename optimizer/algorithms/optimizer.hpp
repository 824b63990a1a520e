// The ask/tell contract every outer-loop optimizer follows.
//
// An optimizer is a pure state machine: ask() proposes the genomes of the next
// generation, tell() receives their evaluations in the same order. It never
// evaluates anything itself and knows nothing of MPI, HDF5 or environments.
// Fitness is MAXIMISED everywhere (benchmark functions are negated).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "optimizer/algorithms/eval_result.hpp"
#include "optimizer/algorithms/genome.hpp"
#include "optimizer/algorithms/noise_table.hpp"

namespace l2l {

// Optimizer-specific per-generation scalars (ES sigma, CMA-ES step size,
// EnKF spread...), recorded under /generations/summary/<optimizer>/<key>.
// The keys must be the same at every generation.
using Summary = std::vector<std::pair<std::string, double>>;

// The state a generation's population was drawn from, taken between ask() and
// tell() and recorded (record.policy every, best_and_state) under
// /generations/state/: vectors of genome size (ES/CMA-ES mean, EnKF ensemble
// mean and spread per gene) and scalars (ES/CMA-ES sigma). Where every
// individual of the population is a function of that state and a seed (ES),
// `seeds` and `signs` hold one entry per individual of the batch, and
// rebuild_evolution_strategies_individual (evolution_strategies.hpp) gives
// the genome back bit for bit. SNES, sep-CMA-ES and OpenAI-ES draw from a
// shared noise table (`noise_table` set): `seeds` are table offsets, and
// rebuild_individual (population_encoding.hpp) with the vectors mean and scale
// gives the genome back.
struct PopulationState {
    std::vector<std::pair<std::string, std::vector<double>>> vectors;
    std::vector<std::pair<std::string, double>> scalars;
    std::vector<std::uint64_t> seeds;  // empty: the population cannot be rebuilt
    std::vector<std::int32_t> signs;   // 0: the mean itself; +1 / -1: mean +- sigma eps(seed)
    std::optional<NoiseTableSpec> noise_table;
};

struct PopulationEncoding;

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

    // The state the last ask() drew its population from (call before tell()).
    // Optimizers without one (GA, random and grid search) return nothing.
    virtual PopulationState population_state() const { return {}; }

    // The last ask()'s population as a base and a few bytes per individual
    // (population_encoding.hpp), valid until tell(); null when the optimizer
    // sends whole genomes. The farm transports it; the optimizer knows no farm.
    virtual const PopulationEncoding* population_encoding() const { return nullptr; }

    // True when the optimizer's own stop criteria say further generations are useless.
    virtual bool converged() const { return false; }

    // Full state, for checkpoints: load_state(save_state()) continues bit-identically.
    virtual void save_state(std::ostream& out) const = 0;
    virtual void load_state(std::istream& in) = 0;

    // The whole state as a new object: the checkpointer keeps one instead of
    // serialising on the generations it does not write. nullptr: no copy, so
    // the checkpointer serialises every generation.
    virtual std::unique_ptr<Optimizer> copy() const { return nullptr; }
    // Overwrites `target`, an earlier copy(), with this state, reusing its
    // memory (a new copy every generation costs allocations that a cheap
    // generation notices); false when `target` is another optimizer.
    virtual bool copy_into(Optimizer& /*target*/) const { return false; }
};

// copy() and copy_into() from the optimizer's own copy constructor and copy assignment.
template <class Derived>
class CopyableOptimizer : public Optimizer {
public:
    std::unique_ptr<Optimizer> copy() const override { return std::make_unique<Derived>(self()); }
    bool copy_into(Optimizer& target) const override {
        auto* same = dynamic_cast<Derived*>(&target);
        if (same == nullptr) return false;
        *same = self();
        return true;
    }

private:
    const Derived& self() const { return static_cast<const Derived&>(*this); }
};

}  // namespace l2l
