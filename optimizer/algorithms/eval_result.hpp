// What travels between the master and the workers: one task out, one result back.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "optimizer/algorithms/genome.hpp"

namespace l2l {

// Why an evaluation did not yield a usable fitness (recorded per individual).
enum class EvalStatus : std::int32_t {
    ok = 0,
    non_finite = 1,  // the optimizee returned NaN or +-inf
    exception = 2,   // the optimizee threw
    timeout = 3,     // the evaluation ran past eval_timeout
    command_failed = 4,  // an external command exited with non-zero status or was killed by a signal
    bad_answer = 5,      // an external command gave no answer, or one that is not valid JSON of the protocol
};

struct EvalTask {
    std::uint64_t generation = 0;
    std::uint64_t index = 0;  // individual index within the generation
    Genome genome;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & generation & index & genome;
    }
};

struct EvalResult {
    std::uint64_t index = 0;
    double fitness = 0.0;          // higher is better; replaced by the penalty on failure
    std::vector<double> outputs;   // per-task returns, or residuals (EnKF's G(u))
    std::uint64_t steps = 0;       // environment steps (0 for benchmark functions)
    double seconds = 0.0;          // wall time of this evaluation on its worker
    EvalStatus status = EvalStatus::ok;
    std::string error;             // what went wrong, when status != ok
    // Named scalars an optimizee reports besides the fitness (external commands'
    // `info`), recorded per individual as /generations/info/<key>.
    std::vector<std::pair<std::string, double>> info;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & index & fitness & outputs & steps & seconds & status & error & info;
    }
};

}  // namespace l2l
