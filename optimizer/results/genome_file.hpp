// A genome file: one individual of a run, small and self-contained, so that
// `l2l replay --genome-file PATH` rebuilds and runs the agent without the run's
// results file (evolved genomes shipped in examples/evolved/). HDF5, written by
// `l2l replay RUN.h5 --save-genome PATH`:
//   attributes  format = "l2l genome", format_version = 1, source (results
//               file), generation, individual, genome_source (how the results
//               file kept it), failure, and the run's version, git_revision,
//               seed, optimizer, optimizee, config and (SNN) optimizee_config,
//               with the same names as in a results file
//   datasets    /genome [genes], /gene_names [genes], /fitness [1] (NaN in a
//               genome file made by hand: no recorded fitness to check)
// Because the run's attributes keep their names, what reads a results file's
// config (run/stored_run.hpp) reads a genome file's alike.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "optimizer/results/hdf5_util.hpp"
#include "optimizer/results/results_reader.hpp"

namespace l2l {

inline constexpr const char* kGenomeFileFormat = "l2l genome";
inline constexpr std::int64_t kGenomeFileVersion = 1;

struct GenomeFile {
    std::string source;  // the results file the genome was taken from
    StoredIndividual individual;
    std::vector<std::string> gene_names;
    std::uint64_t seed = 0;
    std::string optimizer;
    std::string optimizee;
    std::string config;            // the run's whole config (results file attribute `config`)
    std::string optimizee_config;  // SNN runs: the optimizee's config, network included; else empty
    std::string version;       // of the l2l that made the run
    std::string git_revision;
};

// The run attributes a genome file copies from a results file (and their values there).
GenomeFile genome_from_results(hid_t results, const std::string& path, const StoredIndividual& individual,
                               std::vector<std::string> gene_names);

// Writes `genome` to `path` in one piece (a crash leaves no partial file).
// Throws std::runtime_error on a failed write.
void write_genome_file(const std::string& path, const GenomeFile& genome);

// Opens a genome file read-only; ResultsFileError (exit 2 in the commands) when
// it is missing, not HDF5, not a genome file, of a newer format version, or
// inconsistent (genome and gene names of different lengths, a non-finite gene).
h5::Handle open_genome_file(const std::string& path);
GenomeFile read_genome_file(hid_t f, const std::string& path);

}  // namespace l2l
