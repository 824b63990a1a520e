// The JSON of the external-command protocol (README.md, "Your own model"):
// the request an evaluation sends (genome.json, stdin, one line in server
// mode) and the answer it expects back, parsed with nlohmann::json.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "optimizer/algorithms/eval_result.hpp"

namespace l2l {

struct CommandRequest {
    std::uint64_t generation = 0;
    std::uint64_t individual = 0;
    std::uint64_t task = 0;
    std::uint64_t seed = 0;  // < 2^32 (numpy.random.seed and Brian2's seed() take it as is)
    std::vector<std::string> names;
    std::vector<double> values;  // model values (after log/scale)
    std::string workdir;         // empty in server mode
};

// One JSON object on one line (no newline): {"generation": G, "individual": I,
// "task": T, "seed": S, "genes": {"name": value, ...}, "values": [...], "workdir": "..."}.
// Numbers are written so that they read back to the same double.
std::string request_json(const CommandRequest& request);

struct CommandAnswer {
    double fitness = 0.0;  // may be NaN or +-inf (the caller decides)
    std::vector<double> outputs;
    std::vector<std::pair<std::string, double>> info;  // in key order
};

// Parses an answer: a JSON object with a number "fitness" (null, NaN,
// Infinity and -Infinity are accepted as non-finite), optionally "outputs" (a
// list of numbers) and "info" (an object of numbers or booleans); other keys
// are ignored. Throws EvalFailed(bad_answer) with what is wrong.
// `expected_outputs`: the length "outputs" must have (0: must be absent or empty).
CommandAnswer parse_answer(std::string_view text, std::size_t expected_outputs);

// The last line of `output` that is not blank (the answer in process mode).
std::string last_nonblank_line(std::string_view output);

}  // namespace l2l
