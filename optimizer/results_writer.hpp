// Writes one run's results to HDF5 (layout in README.md, "Output layout").
//
// The file is created, every dataset made, and then switched to SWMR
// (single-writer/multiple-reader) mode: readers (h5py swmr=True, h5dump) can
// follow a running job, and after every generation the data is flushed, so a
// killed job leaves a readable file with every finished generation.
// Attributes cannot change under SWMR, so the final `status` is written after
// reopening the file normally.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "optimizer/eval_result.hpp"
#include "optimizer/hdf5_util.hpp"
#include "optimizer/optimizer.hpp"

namespace l2l {

struct RunMetadata {
    std::string version;
    std::string git_revision;
    std::string command_line;
    std::string config;  // the full effective config, TOML
    std::uint64_t seed = 0;
    std::int64_t mpi_size = 1;
    std::string host;
    std::string started;  // ISO 8601, UTC
    std::string optimizer;
    std::string optimizee;
    std::string optimizee_config;  // TOML that rebuilds the optimizee (SNN: environment, network); may be empty
    std::vector<std::string> gene_names;
};

struct Layout {
    std::size_t population = 0;            // set from the first generation
    std::size_t genome_size = 0;
    std::size_t output_size = 0;          // 0: no /generations/outputs
    std::vector<std::string> summary_keys; // /generations/summary/<optimizer>/<key>, from the first generation
};

// One generation's worth of records.
struct GenerationRecord {
    std::uint64_t generation = 0;
    std::span<const Genome> genomes;
    std::span<const EvalResult> results;  // fitness already penalised for failures
    double best = 0.0;
    double mean = 0.0;
    double std = 0.0;
    std::int64_t evaluations = 0;
    double wall_time = 0.0;
    double eval_time = 0.0;
    Summary summary;
    // Best individual ever seen, after this generation.
    std::span<const double> best_genome;
    double best_fitness = 0.0;
    std::int64_t best_generation = 0;
};

class ResultsWriter {
public:
    // Creates `path` (truncating it: the caller decides whether that is allowed).
    ResultsWriter(const std::string& path, const RunMetadata& metadata, const Layout& layout);
    ~ResultsWriter();
    ResultsWriter(const ResultsWriter&) = delete;
    ResultsWriter& operator=(const ResultsWriter&) = delete;

    void append(const GenerationRecord& record);
    std::uint64_t generations_written() const { return rows_; }

    // Closes the file and records the final status: finished, failed, interrupted.
    void close(const std::string& status);

private:
    void create_growing_datasets(const GenerationRecord& first);

    std::string path_;
    Layout layout_;
    std::string optimizer_;
    h5::Handle file_;
    std::uint64_t rows_ = 0;
};

}  // namespace l2l
