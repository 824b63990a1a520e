// When checkpoints are written. After every generation the loop's state is
// encoded in memory (a snapshot); the file gets it every `every` generations,
// when the run stops, and, if an interruption comes in between, the latest
// snapshot (the state after the last finished generation) at that moment.
#pragma once

#include <cstdint>
#include <string>

#include "optimizer/checkpoint.hpp"
#include "optimizer/optimizer.hpp"

namespace l2l {

class Checkpointer {
public:
    // `base` holds what stays the same for the whole run (config, optimizer
    // name, versions); `path` is the checkpoint file, `every` >= 1.
    Checkpointer(std::string path, std::uint64_t every, Checkpoint base);

    // After a generation (or before the first, progress.generations == 0).
    // `last`: the run ends here (budget reached or stopped), so the file is written.
    void record(const RunProgress& progress, const Optimizer& optimizer, std::uint64_t results_width, bool last);
    // Writes the latest snapshot if the file does not hold it yet.
    void write_pending();
    // The file that was there when the run resumed holds `generations`.
    void mark_on_disk(std::uint64_t generations) { on_disk_ = generations; }

    std::uint64_t generations_on_disk() const { return on_disk_; }
    const std::string& path() const { return path_; }

    // What checkpointing costs (bench/checkpoint_cost.sh reads the log line).
    struct Cost {
        std::uint64_t snapshots = 0;
        double snapshot_seconds = 0.0;  // save_state + encoding, summed
        std::uint64_t writes = 0;
        double write_seconds = 0.0;     // file write, fsync, rename, summed
        double max_write_seconds = 0.0;
        std::size_t bytes = 0;          // size of the last checkpoint
    };
    const Cost& cost() const { return cost_; }

private:
    void write(const std::string& encoded, std::uint64_t generations);

    std::string path_;
    std::uint64_t every_;
    Checkpoint base_;
    std::string pending_;  // encoded snapshot not yet on disk; empty when none
    std::uint64_t pending_generations_ = 0;
    std::uint64_t on_disk_ = 0;
    Cost cost_;
};

}  // namespace l2l
