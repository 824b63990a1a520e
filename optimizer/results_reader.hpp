// Reading back a results file of `l2l run` for the commands that look at it
// (inspect, compare, replay): opening it (also while a run writes it), picking
// a stored individual, and the run's config, target and gene names.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "optimizer/hdf5_util.hpp"
#include "optimizer/snn_optimizee.hpp"

namespace l2l {

// Bad input (missing file, not a results file, a genome that is not there):
// the commands print it and exit with code 2.
struct ResultsFileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Opens `path` read-only, with SWMR when the file was written in SWMR mode
// (a running job's latest flushed generation). Throws ResultsFileError when the
// file is missing, is not HDF5, or (check_layout) is not an l2l results file.
h5::Handle open_results(const std::string& path, bool check_layout = true);

struct StoredIndividual {
    std::uint64_t generation = 0;
    std::uint64_t index = 0;
    std::vector<double> genome;
    double fitness = 0.0;
    std::int64_t failure = 0;
};

// `spec` is "best" (the best individual ever, /best/genome, located in its
// generation) or "G:I" (generation:individual, from 0).
StoredIndividual select_individual(hid_t f, const std::string& spec, const std::string& path);

// The SNN settings of the run (optimizee_config attribute, network included);
// ResultsFileError when the run's optimizee is not an SNN agent.
SnnConfig stored_snn_config(hid_t f, const std::string& path);

// /best/gene_names, or, in a file without them, the names the optimizee of the
// stored config gives its genes.
std::vector<std::string> stored_gene_names(hid_t f, const std::string& path);

// The run's target_fitness (its config attribute); +inf when it had none.
double stored_target_fitness(hid_t f, const std::string& path);

// Whether `path` says status `running` only because its run was killed: no
// process on this machine holds its lock (or it is written on another node).
bool left_by_killed_run(const std::string& status, const std::string& path);

// For a file a command is about to write (`option` names it in messages):
// refuses an existing file unless `force`, and a folder that does not exist.
void check_new_output_file(const std::string& option, const std::string& path, bool force);

}  // namespace l2l
