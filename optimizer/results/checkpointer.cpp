#include "optimizer/results/checkpointer.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>
#include <utility>

#include "optimizer/results/atomic_file.hpp"
#include "optimizer/results/storage.hpp"

namespace l2l {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void check_free_space(const std::string& path, std::size_t size) {
    const std::optional<std::uint64_t> free = free_bytes(path);
    if (free && *free < size + kFreeSpaceMargin) {
        throw StorageError(fmt::format("cannot write the checkpoint '{}': {} ({} free, the checkpoint needs {})",
                                       atomic_temporary_path(path), std::strerror(ENOSPC), byte_count(*free),
                                       byte_count(size)));
    }
}

// Space held for the checkpoint: <checkpoint>.reserve, allocated (not
// sparse) at twice the checkpoint's size plus the free-space margin. When the disk fills, deleting it
// makes room for the checkpoint of the last generation in the results file,
// so a full disk costs the generation in flight only, not the generations
// since the last checkpoint that fit.
std::string reserve_path(const std::string& path) { return path + ".reserve"; }

void hold_reserve(const std::string& path, std::size_t checkpoint_size) {
    const std::string reserve = reserve_path(path);
    const int fd = ::open(reserve.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;  // no reserve: the free-space check still stops the run in time
    // posix_fallocate only adds blocks: a reserve as large as needed is left as it is.
    static_cast<void>(::posix_fallocate(fd, 0, static_cast<off_t>(2 * checkpoint_size + kFreeSpaceMargin)));
    ::close(fd);
}

// Deletes the reserve; whether there was one to delete.
bool release_reserve(const std::string& path) { return ::unlink(reserve_path(path).c_str()) == 0; }

void write_checked(const std::string& path, const std::string& encoded) {
    check_free_space(path, encoded.size());
    write_checkpoint_file(path, encoded);
}

}  // namespace

Checkpointer::Checkpointer(std::string path, std::uint64_t every, double seconds, Checkpoint base)
    : path_(std::move(path)),
      every_(std::max<std::uint64_t>(every, 1)),
      seconds_(std::max(seconds, 0.0)),
      base_(std::move(base)),
      writer_([this] { writer_loop(); }) {}

Checkpointer::~Checkpointer() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    writer_.join();
}

bool Checkpointer::due(const RunProgress& progress, bool last) const {
    if (last || !progress.stopped_by.empty()) return true;
    return progress.generations % every_ == 0 && seconds_since(handed_at_) >= seconds_;
}

void Checkpointer::record(const RunProgress& progress, const Optimizer& optimizer, std::uint64_t results_width,
                          bool last) {
    check();  // the previous write failed: stop now, not at the end of the run
    if (!due(progress, last)) {
        const auto start = std::chrono::steady_clock::now();
        if (!kept_ || !optimizer.copy_into(*kept_)) kept_ = optimizer.copy();
        if (!kept_) {
            snapshot(progress, optimizer, results_width);  // not copyable: encoded now, as for a checkpoint
            return;
        }
        kept_progress_ = progress;
        kept_width_ = results_width;
        unsent_.clear();
        const double seconds = seconds_since(start);
        const std::lock_guard lock(mutex_);
        ++cost_.copies;
        cost_.snapshot_seconds += seconds;
        return;
    }
    kept_.reset();
    snapshot(progress, optimizer, results_width);
    if (last || !progress.stopped_by.empty()) {
        finish();
    } else {
        handed_at_ = std::chrono::steady_clock::now();
        hand_over(std::move(unsent_), unsent_generations_);
        unsent_.clear();
    }
}

void Checkpointer::snapshot(const RunProgress& progress, const Optimizer& optimizer, std::uint64_t results_width) {
    const auto start = std::chrono::steady_clock::now();
    std::ostringstream state(std::ios::binary);
    optimizer.save_state(state);
    base_.progress = progress;
    base_.results_width = results_width;
    base_.optimizer_state = std::move(state).str();
    unsent_ = encode_checkpoint(base_);
    unsent_generations_ = progress.generations;
    const double seconds = seconds_since(start);
    const std::lock_guard lock(mutex_);
    ++cost_.snapshots;
    cost_.snapshot_seconds += seconds;
}

void Checkpointer::encode_kept() {
    if (!kept_) return;
    snapshot(kept_progress_, *kept_, kept_width_);
    kept_.reset();
}

void Checkpointer::check() {
    const std::lock_guard lock(mutex_);
    rethrow_error();
}

void Checkpointer::hand_over(std::string encoded, std::uint64_t generations) {
    {
        const std::lock_guard lock(mutex_);
        if (abandoned_) return;
        queued_ = std::move(encoded);  // replaces an older one the writer has not taken
        queued_generations_ = generations;
        has_queued_ = true;
    }
    changed_.notify_all();
}

void Checkpointer::finish() {
    encode_kept();
    if (!unsent_.empty()) {
        hand_over(std::move(unsent_), unsent_generations_);
        unsent_.clear();
    }
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return (!has_queued_ && !writing_) || error_; });
    rethrow_error();
    release_reserve(path_);  // the run ends here: the space is the user's again
}

void Checkpointer::rethrow_error() {
    if (!error_) return;
    const std::exception_ptr error = std::exchange(error_, nullptr);
    try {
        std::rethrow_exception(error);
    } catch (const StorageError&) {
        throw;
    } catch (const std::exception& e) {
        throw StorageError(e.what());
    }
}

void Checkpointer::drop_beyond(std::uint64_t generations) {
    if (kept_ && kept_progress_.generations > generations) kept_.reset();
    if (!unsent_.empty() && unsent_generations_ > generations) unsent_.clear();
}

void Checkpointer::abandon() {
    unsent_.clear();
    kept_.reset();
    std::unique_lock lock(mutex_);
    abandoned_ = true;
    has_queued_ = false;
    queued_.clear();
    error_ = nullptr;
    changed_.wait(lock, [this] { return !writing_; });
}

void Checkpointer::set_guard(std::function<void()> guard) {
    const std::lock_guard lock(mutex_);
    guard_ = std::move(guard);
}

void Checkpointer::mark_on_disk(std::uint64_t generations) {
    const std::lock_guard lock(mutex_);
    on_disk_ = generations;
}

std::uint64_t Checkpointer::generations_on_disk() const {
    const std::lock_guard lock(mutex_);
    return on_disk_;
}

Checkpointer::Cost Checkpointer::cost() const {
    const std::lock_guard lock(mutex_);
    return cost_;
}

void Checkpointer::writer_loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [this] { return has_queued_ || stopping_; });
        if (!has_queued_) return;  // stopping, nothing left
        const std::string encoded = std::move(queued_);
        const std::uint64_t generations = queued_generations_;
        has_queued_ = false;
        writing_ = true;
        const std::function<void()> guard = guard_;
        lock.unlock();
        const auto start = std::chrono::steady_clock::now();
        std::exception_ptr error;
        bool written = false;
        try {
            if (guard) guard();
            try {
                write_checked(path_, encoded);
                written = true;
                hold_reserve(path_, encoded.size());
            } catch (const std::exception&) {
                // Disk full or quota: the reserve's room takes this checkpoint;
                // the run stops all the same (the error is kept).
                error = std::current_exception();
                if (release_reserve(path_)) {
                    write_checked(path_, encoded);
                    written = true;
                }
            }
        } catch (...) {
            if (!error) error = std::current_exception();
        }
        const double seconds = seconds_since(start);
        lock.lock();
        writing_ = false;
        if (error) error_ = error;
        if (written) {
            on_disk_ = generations;
            ++cost_.writes;
            cost_.write_seconds += seconds;
            cost_.max_write_seconds = std::max(cost_.max_write_seconds, seconds);
            cost_.bytes = encoded.size();
        }
        changed_.notify_all();
    }
}

}  // namespace l2l
