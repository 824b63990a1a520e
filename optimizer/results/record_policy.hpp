// What the results file keeps of each generation (config section [record]):
//
//   full            every genome of every generation (/generations/genomes)
//   every           the genomes of every K-th generation (0, K, 2K, ...), and
//                   of every generation the best individual and the state
//                   the optimizer drew the population from
//   best_and_state  the best individual and the optimizer's state of every generation
//   none            fitness, failures, outputs, per-generation scalars, /best only
//
// Under every and best_and_state an ES population is rebuilt from its
// generation's mean, sigma and the individuals' seeds (stored, a few bytes
// each), so every individual of every generation stays reachable.
// Bytes per generation in README.md ("Output layout").
#pragma once

#include <cstdint>
#include <string>

namespace l2l {

enum class RecordKind : std::int32_t { full = 0, every = 1, best_and_state = 2, none = 3 };

std::string to_string(RecordKind kind);
// "full", "every", "best_and_state" or "none"; throws std::invalid_argument naming record.policy.
RecordKind parse_record_kind(const std::string& text);

struct RecordPolicy {
    RecordKind kind = RecordKind::full;
    std::uint64_t every = 1;  // every: generations between stored populations
    int deflate = 0;          // gzip level of the genome datasets (0: not compressed)

    // Whether generation g's genomes go to /generations/genomes.
    bool population_at(std::uint64_t g) const {
        return kind == RecordKind::full || (kind == RecordKind::every && g % every == 0);
    }
    bool stores_populations() const { return kind == RecordKind::full || kind == RecordKind::every; }
    // /generations/best_genome, best_index and /generations/state/.
    bool stores_best_and_state() const { return kind == RecordKind::every || kind == RecordKind::best_and_state; }
    // "full populations every generation", "full populations every 10 generations, best and state in between", ...
    std::string description() const;
};

// Uncompressed bytes the policy writes per generation on average (growing
// datasets only): `state_vectors` vectors of genome size in the optimizer's
// state, `rebuildable` when it also stores a seed and sign per individual.
double record_bytes_per_generation(const RecordPolicy& policy, double population, double genome_size,
                                   double output_size, double state_vectors, bool rebuildable);

// "37 MB", "820 kB", "1.2 GB" (decimal units).
std::string megabytes_text(double bytes);

}  // namespace l2l
