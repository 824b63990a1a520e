// When checkpoints are written. A checkpoint is due when at least `every`
// generations and at least `seconds` have passed since the last one
// (whichever comes later). Then the loop's state is encoded in memory (a
// snapshot, on the loop's thread: the optimizer state must not change
// meanwhile) and handed to a writer thread, which puts it on disk (temporary file, fsync, rename,
// fsync folder) while the next generations run: an fsync can take as long as a
// short generation, and the loop never waits for the disk. If the writer is
// still busy, a newer snapshot replaces the one waiting (the file only ever
// moves forward). On the generations in between nothing is encoded: the
// checkpointer keeps a copy of the optimizer (Optimizer::copy) and the
// progress, so when the run ends or is interrupted, finish() still puts the
// last finished generation on disk before the process exits.
// A failed write is not left for the end of the run: the next record() (the
// next generation, at the latest) throws StorageError, so a full disk or a
// folder turned read-only stops the run while the previous checkpoint is
// still the last good one. Before each write the free space is checked
// against the checkpoint's size (a full disk fails before the temporary file
// is written), and a guard (the run's lock) may veto the write.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "optimizer/results/checkpoint.hpp"
#include "optimizer/algorithms/optimizer.hpp"

namespace l2l {

class Checkpointer {
public:
    // `base` holds what stays the same for the whole run (config, optimizer
    // name, versions); `path` is the checkpoint file, `every` >= 1, `seconds` >= 0.
    Checkpointer(std::string path, std::uint64_t every, double seconds, Checkpoint base);
    ~Checkpointer();  // lets the writer finish what it holds (errors dropped: call finish() to see them)
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    // After a generation (or before the first: progress.generations == 0).
    // `last`: the run ends here (budget reached or stopped): on disk on return.
    void record(const RunProgress& progress, const Optimizer& optimizer, std::uint64_t results_width, bool last);
    // Whether record() with this progress will hand a checkpoint to the writer
    // (the results file must be flushed before it).
    bool due(const RunProgress& progress, bool last) const;
    // Throws StorageError if a write failed since the last call: before the
    // results file takes a generation that the checkpoint could not follow.
    void check();
    // Puts the latest snapshot on disk if it is not there yet and waits until
    // it is. Throws StorageError if a write failed.
    void finish();
    // Forgets the snapshot or copy not handed over yet when it holds more than
    // `generations` (the results file on disk could not follow it).
    void drop_beyond(std::uint64_t generations);
    // Drops what is not on disk yet and writes nothing more (the run lost its
    // results file or lock: the checkpoint path may be another run's now).
    void abandon();
    // Called on the writer thread before each write; throws to veto it
    // (StorageError, kept and rethrown by record() and finish()).
    void set_guard(std::function<void()> guard);
    // The file that was there when the run resumed holds `generations`.
    void mark_on_disk(std::uint64_t generations);

    // Generations the checkpoint file holds.
    std::uint64_t generations_on_disk() const;
    const std::string& path() const { return path_; }

    // What checkpointing costs (bench/checkpoint_cost.sh reads the log line).
    struct Cost {
        std::uint64_t snapshots = 0;    // states encoded
        std::uint64_t copies = 0;       // optimizer copies kept instead (generations not checkpointed)
        double snapshot_seconds = 0.0;  // save_state + encoding and the copies, summed: the loop's share
        std::uint64_t writes = 0;       // files written (superseded snapshots are skipped)
        double write_seconds = 0.0;     // file write, fsyncs, rename, summed (writer thread)
        double max_write_seconds = 0.0;
        std::size_t bytes = 0;          // size of the last checkpoint
    };
    Cost cost() const;

private:
    void hand_over(std::string encoded, std::uint64_t generations);
    void snapshot(const RunProgress& progress, const Optimizer& optimizer, std::uint64_t results_width);
    void encode_kept();  // the kept copy, if any, into unsent_
    void rethrow_error();  // with mutex_ held
    void writer_loop();

    const std::string path_;
    const std::uint64_t every_;
    const double seconds_;
    Checkpoint base_;                // the loop's thread only
    std::string unsent_;             // latest snapshot not yet handed to the writer (loop's thread only)
    std::uint64_t unsent_generations_ = 0;
    // The last finished generation when it was not encoded (loop's thread only).
    std::unique_ptr<Optimizer> kept_;
    RunProgress kept_progress_;
    std::uint64_t kept_width_ = 0;
    std::chrono::steady_clock::time_point handed_at_ = std::chrono::steady_clock::now();

    mutable std::mutex mutex_;       // guards everything below
    std::condition_variable changed_;
    std::string queued_;             // handed over, not yet taken by the writer
    std::uint64_t queued_generations_ = 0;
    bool has_queued_ = false;
    bool writing_ = false;
    bool stopping_ = false;
    bool abandoned_ = false;
    std::function<void()> guard_;
    std::exception_ptr error_;
    std::uint64_t on_disk_ = 0;
    Cost cost_;
    std::thread writer_;             // last: starts after everything it uses exists
};

}  // namespace l2l
