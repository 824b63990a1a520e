// The checkpoint file `<output>.ckpt`: everything a run needs to continue
// bit-identically after its last finished generation.
//
// Layout: an 8-byte magic "L2L-CKPT", a little-endian uint32 format version,
// the uint64 payload length and the payload's CRC-32, then the payload (a Boost
// binary archive of Checkpoint). A foreign, truncated or corrupt file is
// recognised before anything is deserialised.
#pragma once

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "optimizer/algorithms/genome.hpp"

namespace l2l {

// A checkpoint that cannot be used (missing, foreign, corrupt, another format):
// bad input, exit code 2.
struct CheckpointError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What the generation loop carries from one generation to the next.
struct RunProgress {
    std::uint64_t generations = 0;  // finished generations (rows in the results file)
    std::uint64_t evaluations = 0;
    std::uint64_t failures = 0;
    double best_fitness = -std::numeric_limits<double>::infinity();
    std::int64_t best_generation = -1;
    Genome best_genome;
    // Why the run stopped before its generation budget ("target fitness reached",
    // "optimizer converged"); empty while it may go on.
    std::string stopped_by;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & generations & evaluations & failures & best_fitness & best_generation & best_genome & stopped_by;
    }
};

struct Checkpoint {
    RunProgress progress;
    // Columns of the per-individual datasets after progress.generations (the
    // population can grow, e.g. CMA-ES with IPOP restarts).
    std::uint64_t results_width = 0;
    std::string optimizer;        // Optimizer::name()
    std::string optimizer_state;  // Optimizer::save_state()
    std::string config;           // serialize_config(ExperimentConfig)
    std::string config_text;      // the effective config as TOML (names keys in error messages)
    std::string version;          // of the l2l that wrote it
    std::string git_revision;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & progress & results_width & optimizer & optimizer_state & config & config_text & version & git_revision;
    }
};

inline constexpr std::uint32_t kCheckpointFormat = 1;

// run.h5 -> run.h5.ckpt
std::string checkpoint_path(const std::string& output);

// The file's bytes (header and payload) and back; `source` names the file in errors.
std::string encode_checkpoint(const Checkpoint& checkpoint);
Checkpoint decode_checkpoint(const std::string& bytes, const std::string& source);

// Atomic replace (temporary file, fsync, rename, fsync folder); throws std::runtime_error.
void write_checkpoint_file(const std::string& path, const std::string& encoded);
// Throws CheckpointError naming the file and what is wrong with it.
Checkpoint read_checkpoint(const std::string& path);

}  // namespace l2l
