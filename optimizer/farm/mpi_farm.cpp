// The MPI farm: rank 0 hands out tasks dynamically, ranks 1..N-1 evaluate them.
// This is the only file of the project that includes mpi.h.
#include <mpi.h>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>
#include <fmt/format.h>
#include <chrono>
#include <cstdlib>
#include <algorithm>
#include <deque>
#include <unordered_map>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "optimizer/farm/farm.hpp"
#include "optimizer/farm/interrupt.hpp"

namespace l2l {
namespace {

// kAbandon: drop every task batch sent before this message (a stop signal
// reached the master mid-generation); kStop carries the exit code.
enum Tag : int { kTask = 1, kResult = 2, kStop = 3, kAbandon = 4 };

template <class T>
std::string pack(const T& value) {
    std::ostringstream out(std::ios::binary);
    {
        boost::archive::binary_oarchive archive(out, boost::archive::no_header);
        archive << value;
    }
    return std::move(out).str();
}

template <class T>
T unpack(const std::string& bytes) {
    std::istringstream in(bytes, std::ios::binary);
    boost::archive::binary_iarchive archive(in, boost::archive::no_header);
    T value;
    archive >> value;
    return value;
}

void check(int code, const char* what) {
    if (code != MPI_SUCCESS) throw std::runtime_error(std::string("MPI call failed: ") + what);
}

// Finalises MPI at exit if we initialised it (workers and master alike).
struct MpiSession {
    MpiSession() {
        int initialized = 0;
        MPI_Initialized(&initialized);
        if (initialized == 0) {
            int provided = 0;
            check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
            std::atexit([] {
                int finalized = 0;
                MPI_Finalized(&finalized);
                if (finalized == 0) MPI_Finalize();
            });
        }
    }
};

class MpiFarm final : public Farm {
public:
    MpiFarm() {
        static const MpiSession session;
        check(MPI_Comm_dup(MPI_COMM_WORLD, &comm_), "MPI_Comm_dup");
        MPI_Comm_rank(comm_, &rank_);
        MPI_Comm_size(comm_, &size_);
    }
    ~MpiFarm() override { MPI_Comm_free(&comm_); }
    MpiFarm(const MpiFarm&) = delete;
    MpiFarm& operator=(const MpiFarm&) = delete;

    int size() const override { return size_; }
    bool is_master() const override { return rank_ == 0; }
    const char* kind() const override { return "mpi"; }

    std::string broadcast(std::string payload) override {
        unsigned long long length = payload.size();
        check(MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, 0, comm_), "MPI_Bcast");
        payload.resize(length);
        check(MPI_Bcast(payload.data(), static_cast<int>(length), MPI_BYTE, 0, comm_), "MPI_Bcast");
        return payload;
    }

    std::vector<EvalResult> evaluate(std::span<const EvalTask> tasks) override {
        std::vector<EvalResult> results(tasks.size());
        if (size_ == 1) {  // mpirun -np 1: the master evaluates, exactly as the serial farm
            for (std::size_t i = 0; i < tasks.size(); ++i) {
                if (stop_requested()) throw GenerationAbandoned(fmt::format("{} of {} evaluated", i, tasks.size()));
                results[i] = evaluate_one(tasks[i]);
            }
            // An evaluation cut short by the stop has no valid result.
            if (stop_requested()) throw GenerationAbandoned(fmt::format("{} of {} evaluated", tasks.size(), tasks.size()));
            return results;
        }
        const std::size_t batch = batch_size(tasks.size());
        std::size_t next = 0;
        std::size_t outstanding = 0;
        std::size_t received = 0;
        // Seed every worker with up to tasks_in_flight batches, round-robin so
        // small generations still spread over all workers.
        for (int round = 0; round < options_.tasks_in_flight; ++round) {
            for (int worker = 1; worker < size_ && next < tasks.size(); ++worker) {
                next = send_batch(tasks, next, batch, worker);
                ++outstanding;
            }
        }
        while (outstanding > 0) {
            MPI_Status status;
            if (!wait_for_message(MPI_ANY_SOURCE, kResult, status, /*interruptible=*/true)) {
                abandon(outstanding);
                throw GenerationAbandoned(fmt::format("{} of {} evaluated", received, tasks.size()));
            }
            auto batch_results = unpack<std::vector<EvalResult>>(receive_bytes(status));
            --outstanding;
            if (next < tasks.size()) {
                next = send_batch(tasks, next, batch, status.MPI_SOURCE);
                ++outstanding;
            }
            received += batch_results.size();
            for (auto& result : batch_results) {
                const std::size_t slot = position_of_.at(result.index);
                results[slot] = std::move(result);
            }
            complete_sends();
        }
        finish_sends();
        position_of_.clear();
        return results;
    }

    int serve() override {
        using clock = std::chrono::steady_clock;
        for (;;) {
            MPI_Status status;
            wait_for_message(0, MPI_ANY_TAG, status, /*interruptible=*/false);
            const std::string bytes = receive_bytes(status);
            if (status.MPI_TAG == kStop) return bytes.empty() ? 0 : static_cast<int>(bytes.front());
            if (status.MPI_TAG == kAbandon) continue;  // the batches before it were cut short
            const auto batch = unpack<std::vector<EvalTask>>(bytes);
            std::vector<EvalResult> batch_results;
            batch_results.reserve(batch.size());
            // Between evaluations (at most every millisecond, so cheap ones stay
            // cheap) look for an abandon message: the rest of the batch is dropped.
            auto last_look = clock::now();
            bool abandoned = abandon_pending();
            for (const auto& task : batch) {
                if (!abandoned && clock::now() - last_look > std::chrono::milliseconds(1)) {
                    abandoned = abandon_pending();
                    last_look = clock::now();
                }
                if (abandoned) break;
                batch_results.push_back(evaluate_one(task));
            }
            const std::string reply = pack(batch_results);
            check(MPI_Send(reply.data(), static_cast<int>(reply.size()), MPI_BYTE, 0, kResult, comm_), "MPI_Send");
        }
    }

    void shutdown(int exit_code) override {
        if (rank_ != 0) return;
        const char code = static_cast<char>(exit_code);
        for (int worker = 1; worker < size_; ++worker) {
            check(MPI_Send(&code, 1, MPI_BYTE, worker, kStop, comm_), "MPI_Send");
        }
    }

private:
    struct PendingSend {
        std::string bytes;
        MPI_Request request = MPI_REQUEST_NULL;
    };

    // Individuals per message: as configured, or (0 = auto) enough messages for
    // 8 per worker per generation, so cheap evaluations are not drowned in
    // message latency while slow ones still balance dynamically.
    std::size_t batch_size(std::size_t tasks) const {
        if (options_.batch_size > 0) return static_cast<std::size_t>(options_.batch_size);
        const auto messages = static_cast<std::size_t>(size_ - 1) * 8;
        return std::max<std::size_t>(1, tasks / messages);
    }

    // Sends tasks [first, first + count) to `worker`; returns the next index.
    std::size_t send_batch(std::span<const EvalTask> tasks, std::size_t first, std::size_t count, int worker) {
        const std::size_t last = std::min(tasks.size(), first + count);
        std::vector<EvalTask> batch(tasks.begin() + static_cast<std::ptrdiff_t>(first),
                                    tasks.begin() + static_cast<std::ptrdiff_t>(last));
        for (std::size_t i = first; i < last; ++i) position_of_[tasks[i].index] = i;
        // Non-blocking: a large genome goes by rendezvous, and the master must not
        // wait for a busy worker to post its receive.
        auto& pending = sends_.emplace_back();
        pending.bytes = pack(batch);
        check(MPI_Isend(pending.bytes.data(), static_cast<int>(pending.bytes.size()), MPI_BYTE, worker, kTask, comm_,
                        &pending.request),
              "MPI_Isend");
        return last;
    }

    void complete_sends() {
        while (!sends_.empty()) {
            int done = 0;
            MPI_Test(&sends_.front().request, &done, MPI_STATUS_IGNORE);
            if (done == 0) return;
            sends_.pop_front();
        }
    }

    // Tells every worker to drop the batches it holds, then collects (and
    // discards) the replies still due, so no message is left in flight.
    void abandon(std::size_t outstanding) {
        for (int worker = 1; worker < size_; ++worker) {
            check(MPI_Send(nullptr, 0, MPI_BYTE, worker, kAbandon, comm_), "MPI_Send");
        }
        while (outstanding > 0) {
            MPI_Status status;
            wait_for_message(MPI_ANY_SOURCE, kResult, status, /*interruptible=*/false);
            receive_bytes(status);
            --outstanding;
        }
        finish_sends();
        position_of_.clear();
    }

    bool abandon_pending() {
        int flag = 0;
        check(MPI_Iprobe(0, kAbandon, comm_, &flag, MPI_STATUS_IGNORE), "MPI_Iprobe");
        return flag != 0;
    }

    void finish_sends() {
        for (auto& pending : sends_) MPI_Wait(&pending.request, MPI_STATUS_IGNORE);
        sends_.clear();
    }

    // Blocking MPI_Probe busy-polls a core at 100 %; with more ranks than cores
    // that steals time from the workers. Poll, then sleep with backoff.
    // `interruptible`: return false as soon as a stop was requested.
    bool wait_for_message(int source, int tag, MPI_Status& status, bool interruptible) {
        using clock = std::chrono::steady_clock;
        const auto spin_until = clock::now() + std::chrono::microseconds(options_.spin_us);
        int sleep_us = 1;
        for (;;) {
            int flag = 0;
            check(MPI_Iprobe(source, tag, comm_, &flag, &status), "MPI_Iprobe");
            if (flag != 0) return true;
            if (interruptible && stop_requested()) return false;
            if (clock::now() < spin_until) continue;
            std::this_thread::sleep_for(std::chrono::microseconds(sleep_us));
            sleep_us = std::min(2 * sleep_us, options_.max_sleep_us);
        }
    }

    std::string receive_bytes(MPI_Status& status) {
        int count = 0;
        MPI_Get_count(&status, MPI_BYTE, &count);
        std::string bytes(static_cast<std::size_t>(count), '\0');
        check(MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, comm_, MPI_STATUS_IGNORE),
              "MPI_Recv");
        return bytes;
    }

    MPI_Comm comm_ = MPI_COMM_NULL;
    int rank_ = 0;
    int size_ = 1;
    std::deque<PendingSend> sends_;
    std::unordered_map<std::uint64_t, std::size_t> position_of_;
};

}  // namespace

std::unique_ptr<Farm> make_mpi_farm() { return std::make_unique<MpiFarm>(); }

}  // namespace l2l
