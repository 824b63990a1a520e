// Writes one run's results to HDF5 (layout in README.md, "Output layout").
//
// The file is created as `<path>.part`, every dataset made, then switched to
// SWMR (single-writer/multiple-reader) mode and only then renamed to `path`:
// a file under its real name is always one a reader can open (h5py
// swmr=True), even after kill -9 at any instant. Readers can follow a running
// job. The data is flushed when a second has passed since the last flush,
// before every checkpoint (flush()) and at the end, so a killed job leaves a
// readable file with every generation of its checkpoint and at most about a
// second of generations more lost.
// Attributes cannot change under SWMR, so the final `status` and the end time
// `finished` are written after reopening the file normally (a killed run has
// no `finished`). Every dataset carries `units` and `description` attributes
// (dataset_meaning.hpp), written before the switch to SWMR.
//
// A resumed run reopens the file, cuts every growing dataset back to the
// checkpoint's generation (a killed run may have written one more), restores
// /best, records the resume in the `resumes` attribute and goes on appending.
//
// Storage faults (storage.hpp): every HDF5 call of an append is checked and
// the first failure throws StorageError naming the call and the errno text.
// Before each append the file's identity is checked (the open file and the
// path must be the same device and inode: a deleted, moved or replaced file
// is never written again), and the writer holds a shared OFD lock on one
// byte far beyond the file's end, which a `--resume` of the same file looks
// for before it writes (HDF5 readers use flock, which does not conflict).
// After a failure the file is closed without writing anything more (HDF5's
// descriptor is pointed at an anonymous memory file first): what is on disk
// stays what the last successful flush left, and the process exits cleanly.
#pragma once

#include <chrono>
#include <map>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "optimizer/algorithms/eval_result.hpp"
#include "optimizer/results/hdf5_util.hpp"
#include "optimizer/results/record_policy.hpp"
#include "optimizer/results/storage.hpp"
#include "optimizer/algorithms/optimizer.hpp"

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
    // What the fitness is, in words (root attribute `fitness_meaning`, and in the
    // `description` of the fitness datasets),
    // and the best any genome can reach (NaN: unknown; else root attribute
    // `best_possible_fitness`, e.g. Mountain Car's goal position).
    std::string fitness_meaning;
    double best_possible_fitness = std::numeric_limits<double>::quiet_NaN();
    // The genome the run started from (config initial_genome; empty: none): /initial_genome.
    std::vector<double> initial_genome;
};

// Now as ISO 8601 UTC with milliseconds ("2026-11-30T10:05:01.123Z"): the `started`, `finished` attributes.
std::string utc_now();

struct Layout {
    std::size_t population = 0;            // set from the first generation
    std::size_t genome_size = 0;
    std::size_t output_size = 0;          // 0: no /generations/outputs
    std::vector<std::string> summary_keys; // /generations/summary/<optimizer>/<key>, from the first generation
    // /generations/info/<key> [G x P]: the keys of EvalResult::info seen in the
    // first generation (a SWMR file cannot get datasets later), sorted.
    std::vector<std::string> info_keys;
    // /failures/{generation,individual,status,message}: one row per failed
    // evaluation with its message (external commands: the last lines of stderr).
    bool failure_log = false;
    RecordPolicy record;                   // what is kept of each generation (record_policy.hpp)
    Bounds bounds;                         // /best/gene_bounds; also /record/bounds_* where a population is rebuilt from seeds
    // From the first generation's PopulationState (under every, best_and_state):
    std::vector<std::string> state_vectors;
    std::vector<std::string> state_scalars;
    bool rebuildable = false;              // seeds and signs are stored
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
    // The state the optimizer drew the population from (may be null), and the
    // generation's best successful individual (-1: none succeeded).
    const PopulationState* state = nullptr;
    std::int64_t best_index = -1;
    // Best individual ever seen, after this generation.
    std::span<const double> best_genome;
    double best_fitness = 0.0;
    std::int64_t best_generation = 0;
};

// Where a resumed run continues: the checkpoint's generation and best-so-far.
struct ResumePoint {
    std::uint64_t generations = 0;      // rows kept
    std::uint64_t population_width = 0; // columns kept in the per-individual datasets
    Genome best_genome;                 // empty before the first generation
    double best_fitness = 0.0;
    std::int64_t best_generation = -1;
    std::string record;                 // one line appended to the `resumes` attribute
};

// A dataset the writer holds open, and its path in the file (for messages).
struct OpenDataset {
    hid_t id;
    const std::string& path;
};

// A results file that cannot be continued (missing, not HDF5, truncated, of
// another run): bad input, exit code 2.
struct ResumeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class ResultsWriter {
public:
    // Creates `path` (replacing it: the caller decides whether that is allowed);
    // it appears under that name with the first generation, or at close().
    ResultsWriter(const std::string& path, const RunMetadata& metadata, const Layout& layout);
    // Reopens `path` to continue it at `point` (check_resumable first). The
    // `config` attribute becomes metadata.config (the generation budget may have
    // changed); the other run attributes stay those of the first start.
    ResultsWriter(const std::string& path, const RunMetadata& metadata, const Layout& layout,
                  const ResumePoint& point);

    // Reads `path` without changing it; throws ResumeError unless it is a
    // results file of this optimizer and genome size holding at least
    // point.generations complete generations.
    static void check_resumable(const std::string& path, const RunMetadata& metadata, const Layout& layout,
                                const ResumePoint& point);
    ~ResultsWriter();
    ResultsWriter(const ResultsWriter&) = delete;
    ResultsWriter& operator=(const ResultsWriter&) = delete;

    // Throws StorageError: a failed write or flush, or a file that is no longer ours.
    void append(const GenerationRecord& record);
    // Replaces the last generation's /generations/wall_time (append() wrote the
    // time up to the append) with the whole generation's, measured after its
    // append and checkpoint; on disk with the next flush.
    void complete_wall_time(double seconds);
    // Flushes what append() has not flushed yet (append flushes once a second):
    // called before a checkpoint, which must never be ahead of the file on disk.
    void flush();
    // Generations on disk after the last successful flush.
    std::uint64_t flushed_generations() const { return flushed_rows_; }
    // Throws StorageError(file_lost) unless `path` still names the open file.
    void check_identity() const;
    std::uint64_t generations_written() const { return rows_; }
    // The keys of /generations/info (known after the first generation); other
    // keys of EvalResult::info are not recorded.
    const std::vector<std::string>& info_keys() const { return layout_.info_keys; }
    // Whether append() wants GenerationRecord::state (record.policy every, best_and_state).
    bool records_state() const { return layout_.record.stores_best_and_state(); }
    // Seconds spent in append() (checks, HDF5 writes, flush) and the appends they took.
    double append_seconds() const { return append_seconds_; }
    std::uint64_t appends() const { return appends_; }
    // Columns of the per-individual datasets (the largest population so far).
    std::uint64_t population_width() const { return layout_.population; }

    // Closes the file and records the final status (finished, failed,
    // interrupted) and the end time `finished`.
    // Throws StorageError if that fails (the file is closed either way).
    void close(const std::string& status);
    // After a StorageError: closes the file without writing anything more,
    // then, unless the file was lost or the disk is (nearly) full, sets its
    // status to failed. Never throws; says what became of the status.
    std::string close_after_failure(bool file_lost);

    // The name a new file has until it is complete enough to be read.
    static std::string partial_path(const std::string& path) { return path + ".part"; }

    // Throws ResumeError if a run still writes `path` (it holds the writer's
    // lock on the file, even if its lock file was removed).
    static void check_no_other_writer(const std::string& path);

private:
    void write_gene_bounds();
    void describe_datasets();
    void create_growing_datasets(const GenerationRecord& first);
    void append_checked(const GenerationRecord& record);
    void flush_file();
    void write_state(const PopulationState& state, std::size_t population);
    void check_free_space(const GenerationRecord& record);
    std::uint64_t room_for(const GenerationRecord& record) const;
    void reserve(std::uint64_t room);
    void reopen_at(const RunMetadata& metadata, const ResumePoint& point);
    void publish();
    void attach_descriptor();
    void discard();
    std::string current_path() const;  // the .part name until published
    // The dataset at `path`, opened once and kept open: opening it for every
    // row cost more than the writes themselves for cheap generations.
    OpenDataset dataset(const std::string& path);
    void close_datasets();

    std::string path_;
    Layout layout_;
    std::string optimizer_;
    std::string fitness_meaning_;
    h5::Handle file_;
    std::map<std::string, h5::Handle> datasets_;  // closed before file_ (close_datasets)
    std::uint64_t rows_ = 0;
    std::uint64_t failure_rows_ = 0;
    bool growing_created_ = false;  // /generations/* exist (made at the first generation)
    bool published_ = true;         // the file has its real name (not `.part`)
    int fd_ = -1;                   // HDF5's descriptor of the open file (sec2 driver)
    FileIdentity identity_;         // of the open file
    double append_seconds_ = 0.0;
    std::uint64_t appends_ = 0;
    bool broken_ = false;           // a write failed: close without writing (discard)
    // Free space: the last statvfs answer, what was written since, when it was asked.
    std::uint64_t file_size_ = 0;
    std::uint64_t last_growth_ = 0;
    std::uint64_t free_at_check_ = 0;
    std::uint64_t written_since_check_ = 0;
    std::chrono::steady_clock::time_point checked_at_{};
    std::chrono::steady_clock::time_point flushed_at_ = std::chrono::steady_clock::now();
    std::uint64_t flushed_rows_ = 0;  // generations on disk after the last flush
    // Blocks allocated beyond the end of the file for the next generations.
    bool reserving_ = true;
    std::uint64_t reserved_end_ = 0;
    int reserve_error_ = 0;  // ENOSPC, EDQUOT: the next generation has no room
};

}  // namespace l2l
