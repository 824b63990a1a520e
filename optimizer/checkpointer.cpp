#include "optimizer/checkpointer.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>
#include <utility>

namespace l2l {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Checkpointer::Checkpointer(std::string path, std::uint64_t every, Checkpoint base)
    : path_(std::move(path)), every_(std::max<std::uint64_t>(every, 1)), base_(std::move(base)) {}

void Checkpointer::record(const RunProgress& progress, const Optimizer& optimizer, std::uint64_t results_width,
                          bool last) {
    const auto start = std::chrono::steady_clock::now();
    std::ostringstream state(std::ios::binary);
    optimizer.save_state(state);
    base_.progress = progress;
    base_.results_width = results_width;
    base_.optimizer_state = std::move(state).str();
    pending_ = encode_checkpoint(base_);
    pending_generations_ = progress.generations;
    ++cost_.snapshots;
    cost_.snapshot_seconds += seconds_since(start);
    if (last || progress.generations % every_ == 0 || !progress.stopped_by.empty()) write_pending();
}

void Checkpointer::write_pending() {
    if (pending_.empty()) return;
    write(pending_, pending_generations_);
    pending_.clear();
}

void Checkpointer::write(const std::string& encoded, std::uint64_t generations) {
    const auto start = std::chrono::steady_clock::now();
    write_checkpoint_file(path_, encoded);
    const double seconds = seconds_since(start);
    ++cost_.writes;
    cost_.write_seconds += seconds;
    cost_.max_write_seconds = std::max(cost_.max_write_seconds, seconds);
    cost_.bytes = encoded.size();
    on_disk_ = generations;
}

}  // namespace l2l
