// What the outer loop optimises: a genome in, an evaluation out.
//
// Implementations must be deterministic functions of (genome, context) and
// safe to call from any process: the farm may evaluate an individual on any rank.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "optimizer/algorithms/eval_result.hpp"
#include "optimizer/algorithms/genome.hpp"

namespace l2l {

// Thrown when an evaluation runs past its deadline (status `timeout`).
struct EvalTimeout : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Thrown by an optimizee for a failure with a status of its own (an external
// command's exit status, an answer that is not valid JSON).
struct EvalFailed : std::runtime_error {
    EvalFailed(EvalStatus failure, const std::string& message) : std::runtime_error(message), status(failure) {}
    EvalStatus status;
};

// Thrown when the run is being stopped while the master evaluates (the result is dropped).
struct EvalCancelled : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Where an evaluation sits in the run; the optimizee derives every seed it
// needs from these (see common/random.hpp derive_seed), never from the rank.
struct EvalContext {
    using Clock = std::chrono::steady_clock;

    std::uint64_t run_seed = 0;
    std::uint64_t generation = 0;
    std::uint64_t individual = 0;
    // eval_timeout after the evaluation began (never, without a limit). A slow
    // optimizee calls check_deadline() now and then (the SNN optimizee: every
    // environment step and every 256 simulation steps of an action window);
    // the farm checks it once more after the evaluation.
    Clock::time_point deadline = Clock::time_point::max();
    // Set for evaluations in the master's own process (serial farm, one rank):
    // true once the run is being stopped (its generation is abandoned anyway).
    bool (*stopping)() = nullptr;

    // Throws EvalTimeout once the deadline has passed, and EvalCancelled once
    // `stopping` says so.
    void check_deadline() const;
};

class Optimizee {
public:
    virtual ~Optimizee() = default;

    virtual std::string_view name() const = 0;
    virtual std::size_t genome_size() const = 0;
    virtual Bounds bounds() const = 0;
    virtual std::vector<std::string> gene_names() const;

    // Length of EvalResult::outputs (per-task returns or residuals); 0 if none.
    virtual std::size_t output_size() const { return 0; }
    // True when the outputs are results a user reads (per-task returns, a
    // model's declared outputs); false when they are internals of the fitness
    // (a benchmark's residuals): record.outputs = auto keeps only the former
    // unless the optimizer itself uses outputs (EnKF).
    virtual bool outputs_are_results() const { return true; }
    // Best fitness any genome can reach; NaN if unknown.
    virtual double best_possible_fitness() const;
    // What the fitness is, in words, for the results file's descriptions.
    virtual std::string fitness_meaning() const { return "the optimizee's fitness"; }
    // The output vector a perfect genome would produce (EnKF's target y):
    // zeros (residuals) by default.
    virtual std::vector<double> output_target() const { return std::vector<double>(output_size(), 0.0); }
    // Everything needed to rebuild this optimizee (environment, network...) as
    // TOML with the keys of the experiment file; empty when the config says it all.
    virtual std::string description() const { return {}; }

    // Only fitness, outputs and steps are filled in; the farm adds the rest.
    virtual EvalResult evaluate(std::span<const double> genome, const EvalContext& context) const = 0;
};

}  // namespace l2l
