// Reading back a results file of `l2l run` for the commands that look at it
// (inspect, compare, replay): opening it (also while a run writes it), picking
// a stored individual, and the run's target. What needs the run's config
// rebuilt (SNN settings, gene names) is in run/stored_run.hpp.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "optimizer/results/hdf5_util.hpp"

namespace l2l {

// Bad input (missing file, not a results file, a genome that is not there):
// the commands print it and exit with code 2.
struct ResultsFileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Opens `path` read-only, with SWMR when the file was written in SWMR mode
// (a running job's latest flushed generation). Throws ResultsFileError when the
// file is missing, is not HDF5, or (check_layout) is not an l2l results file.
// With check_layout, also every dataset's shape (check_results_layout), so
// inspect, compare and replay refuse a damaged or foreign file with exit 2.
h5::Handle open_results(const std::string& path, bool check_layout = true);

// The sizes a results file's datasets agree on.
struct ResultsLayout {
    bool has_generations = false;  // /generations/* written (the first generation was appended)
    std::size_t generations = 0;   // rows of every per-generation dataset (a running file's: the fewest)
    std::size_t population = 0;    // individuals per row (the widest generation)
    std::size_t genes = 0;         // /best/genome
    std::size_t outputs = 0;       // per individual; 0 without /generations/outputs
};

// Checks the shape of every dataset l2l reads: /best/genome [genes],
// /best/fitness and /best/generation one value, /best/gene_names [genes] and
// /best/gene_bounds [genes, 2] when present (older files have neither);
// /generations/fitness and failures [G, P], genomes [G, P, genes], outputs
// [G, P, K], best, mean, std, wall_time, eval_time, evaluations and every
// /generations/summary/* series [G], all with the same G (a file marked
// running may differ by the one generation being appended). Throws
// ResultsFileError naming the file, the dataset, its shape and the one expected.
ResultsLayout check_results_layout(hid_t f, const std::string& path);

struct StoredIndividual {
    std::uint64_t generation = 0;
    std::uint64_t index = 0;
    std::vector<double> genome;
    double fitness = 0.0;
    std::int64_t failure = 0;
    std::string source;  // where the genome came from: stored (which dataset), or rebuilt from seeds
};

// `spec` is "best" (the best individual ever, /best/genome, located in its
// generation) or "G:I" (generation:individual, from 0). Under every record
// policy: read from /generations/genomes when its generation's population was
// stored, else /generations/best_genome when it was its generation's best,
// else rebuilt from the stored seeds (ES); otherwise ResultsFileError saying
// what the file keeps. Reads only that individual's rows.
StoredIndividual select_individual(hid_t f, const std::string& spec, const std::string& path);

// The run's target_fitness (its config attribute); +inf when it had none.
double stored_target_fitness(hid_t f, const std::string& path);

// For a file a command is about to write (`option` names it in messages):
// refuses an existing file unless `force`, and a folder that does not exist.
void check_new_output_file(const std::string& option, const std::string& path, bool force);

}  // namespace l2l
