// The MPI farm: rank 0 hands out tasks dynamically, ranks 1..N-1 evaluate them.
// This is the only file of the project that includes mpi.h.
#include <mpi.h>

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <list>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "optimizer/farm/farm.hpp"
#include "optimizer/farm/farm_messages.hpp"
#include "optimizer/farm/interrupt.hpp"

namespace l2l {
namespace {

// kAbandon: drop every task batch sent before this message (a stop signal
// reached the master mid-generation); kStop carries the exit code and whether a rank was lost.
// An encoded population (population_encoding.hpp) goes as one kBase per worker
// and generation, then kEncodedTask batches of offsets and signs.
enum Tag : int { kTask = 1, kResult = 2, kStop = 3, kAbandon = 4, kBase = 5, kEncodedTask = 6 };

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

using Clock = std::chrono::steady_clock;

// After a stop signal the master waits this long for the workers to drop the
// batches they hold; a rank that has not answered by then is given up (lost).
constexpr std::chrono::seconds kStopGrace{10};

// At most about 95 years: n x eval_timeout may be far beyond what nanoseconds hold.
std::chrono::nanoseconds seconds(double s) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(std::min(s, 3e9)));
}

// "2025-01-31 12:00:01", local time like the log lines, of a steady-clock instant.
std::string wall_time(Clock::time_point when) {
    const auto ago = std::chrono::duration_cast<std::chrono::system_clock::duration>(Clock::now() - when);
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() - ago);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &tm);
    return buffer;
}

std::string rank_list(const std::vector<int>& ranks) {
    std::string text;
    for (const int rank : ranks) text += (text.empty() ? "" : ", ") + std::to_string(rank);
    return text;
}

class MpiFarm final : public Farm {
public:
    MpiFarm() {
        static const MpiSession session;
        check(MPI_Comm_dup(MPI_COMM_WORLD, &comm_), "MPI_Comm_dup");
        MPI_Comm_rank(comm_, &rank_);
        MPI_Comm_size(comm_, &size_);
        gather_hosts();
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

    using Farm::evaluate;
    std::vector<EvalResult> evaluate(std::span<const EvalTask> tasks, const PopulationEncoding* encoding) override {
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
        if (live_workers() == 0) throw NoWorkersLeft(no_worker_message());
        use_encoding(tasks, encoding);
        tasks_ = tasks;
        next_ = 0;
        requeued_.clear();
        batch_ = batch_size(tasks.size());
        std::size_t received = 0;
        // Seed every worker with up to tasks_in_flight batches, round-robin so
        // small generations still spread over all workers.
        for (int round = 0; round < options_.tasks_in_flight; ++round) {
            for (int worker = 1; worker < size_ && work_left(); ++worker) {
                if (!at(worker).lost) send_batch(worker);
            }
        }
        while (received < tasks.size()) {
            MPI_Status status;
            // With master_evaluates the master takes the next task itself when no result is waiting.
            const bool own_work = options_.master_evaluates && work_left();
            const Wait wait = wait_for_result(status, /*interruptible=*/true, /*block=*/!own_work);
            if (wait == Wait::idle) {
                const std::size_t slot = take_task();
                results[slot] = evaluate_one(tasks[slot]);
                ++received;
                continue;
            }
            if (wait == Wait::stopped) {
                abandon();
                throw GenerationAbandoned(fmt::format("{} of {} evaluated", received, tasks.size()));
            }
            if (wait == Wait::due) {
                check_workers(Clock::now(), nullptr);
                if (live_workers() == 0) {
                    end_generation();
                    throw NoWorkersLeft(no_worker_message());
                }
                for (int worker = 1; worker < size_ && work_left(); ++worker) fill(worker);
                continue;
            }
            const std::string bytes = receive_bytes(status);
            const int source = status.MPI_SOURCE;
            if (at(source).lost) continue;  // a lost rank's late reply is never used
            const Batch batch = answered(source);
            auto batch_results = unpack<std::vector<EvalResult>>(bytes);
            if (batch_results.size() != batch.slots.size()) {
                throw std::runtime_error(fmt::format("rank {} answered {} results for a batch of {}", source,
                                                     batch_results.size(), batch.slots.size()));
            }
            for (std::size_t i = 0; i < batch_results.size(); ++i) {
                const std::size_t slot = batch.slots[i];
                if (batch_results[i].index != tasks[slot].index) {
                    throw std::runtime_error(fmt::format("rank {} answered individual {} for individual {}", source,
                                                         batch_results[i].index, tasks[slot].index));
                }
                results[slot] = std::move(batch_results[i]);
            }
            received += batch_results.size();
            fill(source);
            complete_sends();
        }
        end_generation();
        return results;
    }

    int serve() override {
        using clock = std::chrono::steady_clock;
        for (;;) {
            MPI_Status status;
            wait_for_message(0, MPI_ANY_TAG, status);
            const std::string bytes = receive_bytes(status);
            if (status.MPI_TAG == kStop) {
                rank_lost_ = bytes.size() > 1 && bytes[1] != 0;
                return bytes.empty() ? 0 : static_cast<int>(bytes.front());
            }
            if (status.MPI_TAG == kAbandon) continue;  // the batches before it were cut short
            if (status.MPI_TAG == kBase) {
                base_ = unpack<PerturbationBase>(bytes);
                if (!table_ || !(table_->spec() == base_.table)) table_ = shared_noise_table(base_.table);
                continue;
            }
            const bool encoded = status.MPI_TAG == kEncodedTask;
            const auto batch = encoded ? std::vector<EvalTask>{} : unpack<std::vector<EvalTask>>(bytes);
            const auto codes = encoded ? unpack<std::vector<EncodedTask>>(bytes) : std::vector<EncodedTask>{};
            std::vector<EvalResult> batch_results;
            batch_results.reserve(encoded ? codes.size() : batch.size());
            // Between evaluations (at most every millisecond, so cheap ones stay
            // cheap) look for an abandon message: the rest of the batch is dropped.
            auto last_look = clock::now();
            bool abandoned = abandon_pending();
            for (std::size_t k = 0; k < (encoded ? codes.size() : batch.size()); ++k) {
                if (!abandoned && clock::now() - last_look > std::chrono::milliseconds(1)) {
                    abandoned = abandon_pending();
                    last_look = clock::now();
                }
                if (abandoned) break;
                if (encoded) {
                    // Bit for bit the genome the master's optimizer made (rebuild_individual).
                    const EncodedTask& code = codes[k];
                    batch_results.push_back(evaluate_one(
                        {code.generation, code.index, rebuild_individual(*table_, base_, code.perturbation)}));
                } else {
                    batch_results.push_back(evaluate_one(batch[k]));
                }
            }
            const std::string reply = pack(batch_results);
            check(MPI_Send(reply.data(), static_cast<int>(reply.size()), MPI_BYTE, 0, kResult, comm_), "MPI_Send");
        }
    }

    void shutdown(int exit_code) override {
        if (rank_ != 0) return;
        // The exit code, and whether a rank was lost (then the workers must not finalize, see finish()).
        const std::array<char, 2> message{static_cast<char>(exit_code), static_cast<char>(lost_workers().empty() ? 0 : 1)};
        for (int worker = 1; worker < size_; ++worker) {
            // A lost rank is not told: it may never read it (mpirun ends it after finish()).
            if (at(worker).lost) continue;
            check(MPI_Send(message.data(), 2, MPI_BYTE, worker, kStop, comm_), "MPI_Send");
        }
    }

    void finish(int exit_code) override {
        if (rank_ != 0) {
            // A rank was lost: rank 0 ends the job with MPI_Abort. Entering
            // MPI_Finalize now (a collective that would never complete) races
            // with the abort, and mpirun then crashes or hangs now and then;
            // outside MPI, a worker simply waits to be ended.
            while (rank_lost_) std::this_thread::sleep_for(std::chrono::seconds(1));
            return;
        }
        const std::vector<int> lost = lost_workers();
        if (lost.empty()) return;
        // MPI_Finalize is collective in Open MPI: it would wait for a hung rank forever.
        warn(fmt::format("farm: ending the MPI job with MPI_Abort({}) since rank(s) {} were lost (MPI_Finalize would "
                         "wait for them forever); the results file and checkpoint are closed",
                         exit_code, rank_list(lost)));
        std::fflush(nullptr);
        MPI_Abort(MPI_COMM_WORLD, exit_code);
    }

    std::vector<int> lost_workers() const override {
        std::vector<int> lost;
        for (int worker = 1; worker < static_cast<int>(workers_.size()); ++worker) {
            if (at(worker).lost) lost.push_back(worker);
        }
        return lost;
    }

private:
    enum class Wait { message, stopped, due, idle };

    struct PendingSend {
        int worker = 0;
        std::string bytes;
        MPI_Request request = MPI_REQUEST_NULL;
    };

    // Positions (in the generation's tasks) of the individuals sent in one message.
    struct Batch {
        std::vector<std::size_t> slots;
    };

    // What the master knows of one worker rank.
    struct Worker {
        std::string host;
        bool lost = false;
        std::deque<Batch> owed;  // sent, not answered yet, in the order the worker takes them
        Clock::time_point since{};  // when the front batch became due (sent to an idle rank, or the reply before it came)
        bool warned = false;        // the silence warning was logged for this silence
        bool has_base = false;      // holds this generation's PerturbationBase (encoded populations)
    };

    // Every rank's host name, on the master (logged when a rank is lost).
    void gather_hosts() {
        std::array<char, MPI_MAX_PROCESSOR_NAME> name{};
        int length = 0;
        MPI_Get_processor_name(name.data(), &length);
        std::vector<char> all(rank_ == 0 ? static_cast<std::size_t>(size_) * name.size() : 0);
        check(MPI_Gather(name.data(), static_cast<int>(name.size()), MPI_CHAR, all.data(),
                         static_cast<int>(name.size()), MPI_CHAR, 0, comm_),
              "MPI_Gather");
        if (rank_ != 0) return;
        workers_.resize(static_cast<std::size_t>(size_));
        for (int worker = 1; worker < size_; ++worker) {
            const char* text = all.data() + static_cast<std::size_t>(worker) * name.size();
            at(worker).host.assign(text, strnlen(text, name.size()));
        }
    }

    Worker& at(int rank) { return workers_[static_cast<std::size_t>(rank)]; }
    const Worker& at(int rank) const { return workers_[static_cast<std::size_t>(rank)]; }

    int live_workers() const {
        int live = 0;
        for (int worker = 1; worker < size_; ++worker) live += at(worker).lost ? 0 : 1;
        return live;
    }

    std::string no_worker_message() const {
        return fmt::format("no MPI worker left (rank(s) {} lost: no results within eval_timeout)",
                           rank_list(lost_workers()));
    }

    // Individuals per message: as configured, or (0 = auto) enough messages for
    // 8 per worker per generation, so cheap evaluations are not drowned in
    // message latency while slow ones still balance dynamically.
    std::size_t batch_size(std::size_t tasks) const {
        if (options_.batch_size > 0) return static_cast<std::size_t>(options_.batch_size);
        const auto messages = static_cast<std::size_t>(live_workers()) * 8;
        return std::max<std::size_t>(1, tasks / messages);
    }

    bool work_left() const { return !requeued_.empty() || next_ < tasks_.size(); }

    // Tops `worker` up to tasks_in_flight batches while there is work.
    void fill(int worker) {
        Worker& w = at(worker);
        while (!w.lost && w.owed.size() < static_cast<std::size_t>(options_.tasks_in_flight) && work_left()) {
            send_batch(worker);
        }
    }

    // The next task not handed out yet (individuals of a lost rank first).
    std::size_t take_task() {
        if (!requeued_.empty()) {
            const std::size_t slot = requeued_.front();
            requeued_.pop_front();
            return slot;
        }
        return next_++;
    }

    // Sends the next batch to `worker`.
    void send_batch(int worker) {
        Batch batch;
        batch.slots.reserve(batch_);
        while (work_left() && batch.slots.size() < batch_) batch.slots.push_back(take_task());
        Worker& w = at(worker);
        if (encoding_ != nullptr) {
            // The generation's base goes once to each worker, ahead of its first batch.
            if (!w.has_base) {
                post_send(worker, kBase, base_bytes_);
                w.has_base = true;
            }
            std::vector<EncodedTask> message;
            message.reserve(batch.slots.size());
            for (const std::size_t slot : batch.slots) {
                message.push_back({tasks_[slot].generation, tasks_[slot].index, encoding_->individuals[slot]});
            }
            post_send(worker, kEncodedTask, pack(message));
        } else {
            std::vector<EvalTask> message;
            message.reserve(batch.slots.size());
            for (const std::size_t slot : batch.slots) message.push_back(tasks_[slot]);
            post_send(worker, kTask, pack(message));
        }
        w.owed.push_back(std::move(batch));
        if (w.owed.size() == 1) {  // an idle rank: this batch is due from now
            w.since = Clock::now();
            note_deadlines(w);
        }
    }

    // Non-blocking: a large genome (or base) goes by rendezvous, and the master
    // must not wait for a busy worker to post its receive.
    void post_send(int worker, int tag, std::string bytes) {
        auto& pending = sends_.emplace_back();
        pending.worker = worker;
        pending.bytes = std::move(bytes);
        check(MPI_Isend(pending.bytes.data(), static_cast<int>(pending.bytes.size()), MPI_BYTE, worker, tag, comm_,
                        &pending.request),
              "MPI_Isend");
    }

    // This generation goes encoded when the optimizer gave an encoding (and
    // farm.population_encoding is on): every worker gets its base again.
    void use_encoding(std::span<const EvalTask> tasks, const PopulationEncoding* encoding) {
        encoding_ = options_.population_encoding ? encoding : nullptr;
        base_bytes_.clear();
        if (encoding_ == nullptr) return;
        if (encoding_->individuals.size() != tasks.size()) {
            throw std::logic_error(fmt::format("population encoding of {} individuals for {} tasks",
                                               encoding_->individuals.size(), tasks.size()));
        }
        base_bytes_ = pack(encoding_->base);
        for (int worker = 1; worker < size_; ++worker) at(worker).has_base = false;
    }

    // `worker` answered its front batch: the next one is due from now.
    Batch answered(int worker) {
        Worker& w = at(worker);
        Batch batch = std::move(w.owed.front());
        w.owed.pop_front();
        w.since = Clock::now();
        if (w.warned) {
            warn(fmt::format("farm: rank {} ({}) answered again", worker, w.host));
            w.warned = false;
        }
        if (!w.owed.empty()) note_deadlines(w);
        return batch;
    }

    // Brings the next check forward to `w`'s deadlines (its front batch just became due).
    void note_deadlines(const Worker& w) {
        if (options_.eval_timeout > 0.0) {
            next_check_ = std::min(next_check_, w.since + seconds(options_.loss_budget(w.owed.front().slots.size())));
        }
        if (options_.silence_warning > 0.0 && !w.warned) {
            next_check_ = std::min(next_check_, w.since + seconds(options_.silence_warning));
        }
    }

    // At next_check_: gives up on ranks past their eval_timeout budget (or past
    // `give_up`, after a stop), warns of ranks silent for silence_warning, and
    // sets the next check. One pass over the workers, only when something is due.
    void check_workers(Clock::time_point now, const Clock::time_point* give_up) {
        next_check_ = Clock::time_point::max();
        std::vector<int> silent;
        for (int worker = 1; worker < size_; ++worker) {
            Worker& w = at(worker);
            if (w.lost || w.owed.empty()) continue;
            const std::size_t individuals = w.owed.front().slots.size();
            if (options_.eval_timeout > 0.0) {
                const double budget = options_.loss_budget(individuals);
                if (now >= w.since + seconds(budget)) {
                    lose(worker, fmt::format("no results within {:.3g} s for a batch of {} individual(s) "
                                             "(eval_timeout {} s x {} + margin)",
                                             budget, individuals, options_.eval_timeout, individuals),
                         give_up == nullptr);
                    continue;
                }
                next_check_ = std::min(next_check_, w.since + seconds(budget));
            }
            if (give_up != nullptr) {
                if (now >= *give_up) {
                    lose(worker,
                         fmt::format("no answer within {} s of the stop signal", std::chrono::seconds(kStopGrace).count()),
                         false);
                    continue;
                }
                next_check_ = std::min(next_check_, *give_up);
            }
            if (options_.silence_warning > 0.0 && !w.warned) {
                const auto warn_at = w.since + seconds(options_.silence_warning);
                if (now >= warn_at) {
                    silent.push_back(worker);
                    w.warned = true;
                } else {
                    next_check_ = std::min(next_check_, warn_at);
                }
            }
        }
        if (silent.empty()) return;
        std::string ranks;
        for (const int worker : silent) {
            const Worker& w = at(worker);
            std::size_t owed = 0;
            for (const auto& batch : w.owed) owed += batch.slots.size();
            ranks += fmt::format("{}rank {} ({}: {} individual(s) of generation {} owed since {})",
                                 ranks.empty() ? "" : ", ", worker, w.host, owed,
                                 tasks_[w.owed.front().slots.front()].generation, wall_time(w.since));
        }
        warn(fmt::format("farm: no results for {} s from {}; still waiting{}", options_.silence_warning, ranks,
                         options_.eval_timeout > 0.0 ? std::string{}
                                                     : " (without eval_timeout a silent rank is never given up)"));
    }

    // Gives up on `worker`: its batches go to the others (`requeue`), nothing is
    // sent to it again, and whatever it sends later is dropped.
    void lose(int worker, const std::string& why, bool requeue) {
        Worker& w = at(worker);
        w.lost = true;
        std::size_t owed = 0;
        std::uint64_t generation = 0;
        for (auto batch = w.owed.rbegin(); batch != w.owed.rend(); ++batch) {
            owed += batch->slots.size();
            generation = tasks_[batch->slots.front()].generation;
            if (requeue) requeued_.insert(requeued_.begin(), batch->slots.begin(), batch->slots.end());
        }
        w.owed.clear();
        const int live = live_workers();
        std::string what;
        if (!requeue) {
            what = "its batches are dropped with the generation";
        } else if (live > 0) {
            what = fmt::format("its {} individual(s) go to the {} remaining worker(s)", owed, live);
        } else {
            what = "no worker is left";
        }
        warn(fmt::format("farm: rank {} ({}) lost in generation {}: {}; {}", worker, w.host, generation, why, what));
    }

    // The generation is over (done, abandoned, or nobody left): every send to a
    // live rank has been received; sends to lost ranks are never waited for.
    void end_generation() {
        finish_sends();
        requeued_.clear();
        tasks_ = {};
        next_ = 0;
        encoding_ = nullptr;
        base_bytes_.clear();
    }

    void complete_sends() {
        for (auto pending = sends_.begin(); pending != sends_.end();) {
            if (at(pending->worker).lost) {
                ++pending;
                continue;
            }
            int done = 0;
            MPI_Test(&pending->request, &done, MPI_STATUS_IGNORE);
            if (done == 0) return;
            pending = sends_.erase(pending);
        }
    }

    // Tells every live worker to drop the batches it holds, then collects (and
    // discards) the replies still due, so no message is left in flight. A rank
    // that does not answer within kStopGrace (or its eval_timeout budget) is lost.
    void abandon() {
        for (int worker = 1; worker < size_; ++worker) {
            if (!at(worker).lost) check(MPI_Send(nullptr, 0, MPI_BYTE, worker, kAbandon, comm_), "MPI_Send");
        }
        const Clock::time_point give_up = Clock::now() + kStopGrace;
        next_check_ = std::min(next_check_, give_up);
        for (;;) {
            bool owed = false;
            for (int worker = 1; worker < size_; ++worker) owed = owed || !at(worker).owed.empty();
            if (!owed) break;
            MPI_Status status;
            if (wait_for_result(status, /*interruptible=*/false) == Wait::due) {
                check_workers(Clock::now(), &give_up);
                continue;
            }
            receive_bytes(status);
            if (!at(status.MPI_SOURCE).lost) answered(status.MPI_SOURCE);
        }
        end_generation();
    }

    bool abandon_pending() {
        int flag = 0;
        check(MPI_Iprobe(0, kAbandon, comm_, &flag, MPI_STATUS_IGNORE), "MPI_Iprobe");
        return flag != 0;
    }

    void finish_sends() {
        for (auto pending = sends_.begin(); pending != sends_.end();) {
            if (at(pending->worker).lost) {  // its buffer stays: MPI may still read it
                ++pending;
                continue;
            }
            MPI_Wait(&pending->request, MPI_STATUS_IGNORE);
            pending = sends_.erase(pending);
        }
    }

    // Blocking MPI_Probe busy-polls a core at 100 %; with more ranks than cores
    // that steals time from the workers. Poll, then sleep with backoff.
    void wait_for_message(int source, int tag, MPI_Status& status) {
        const auto spin_until = Clock::now() + std::chrono::microseconds(options_.spin_us);
        int sleep_us = 1;
        for (;;) {
            int flag = 0;
            check(MPI_Iprobe(source, tag, comm_, &flag, &status), "MPI_Iprobe");
            if (flag != 0) return;
            if (Clock::now() < spin_until) continue;
            std::this_thread::sleep_for(std::chrono::microseconds(sleep_us));
            sleep_us = std::min(2 * sleep_us, options_.max_sleep_us);
        }
    }

    // The master's wait for a result, as wait_for_message, that also returns
    // `stopped` once a stop was requested (`interruptible`) and `due` once
    // next_check_ (a loss deadline or a silence warning) has come; without
    // `block`, `idle` at once when none of these is there.
    Wait wait_for_result(MPI_Status& status, bool interruptible, bool block = true) {
        const auto spin_until = Clock::now() + std::chrono::microseconds(options_.spin_us);
        int sleep_us = 1;
        for (;;) {
            int flag = 0;
            check(MPI_Iprobe(MPI_ANY_SOURCE, kResult, comm_, &flag, &status), "MPI_Iprobe");
            if (flag != 0) return Wait::message;
            if (interruptible && stop_requested()) return Wait::stopped;
            const auto now = Clock::now();
            if (now >= next_check_) return Wait::due;
            if (!block) return Wait::idle;
            if (now < spin_until) continue;
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
    // Worker: rank 0 said a rank was lost (finish() must not finalize).
    bool rank_lost_ = false;
    // Master only. A list: a send to a lost rank stays (with its buffer) while later ones complete.
    std::list<PendingSend> sends_;
    std::vector<Worker> workers_;  // by rank; [0] unused
    // The generation in evaluate(): its tasks, the next one not sent yet, and
    // those of lost ranks waiting for another worker.
    std::span<const EvalTask> tasks_;
    std::size_t next_ = 0;
    std::size_t batch_ = 1;
    std::deque<std::size_t> requeued_;
    // The generation's encoding (null: whole genomes are sent) and its packed base.
    const PopulationEncoding* encoding_ = nullptr;
    std::string base_bytes_;
    // Worker only: the base of the generation being evaluated, and its noise table.
    PerturbationBase base_;
    std::shared_ptr<const NoiseTable> table_;
    // When check_workers() next has something to do; never without eval_timeout and silence_warning.
    Clock::time_point next_check_ = Clock::time_point::max();
};

}  // namespace

std::unique_ptr<Farm> make_mpi_farm() { return std::make_unique<MpiFarm>(); }

}  // namespace l2l
