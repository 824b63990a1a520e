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

// CPU time of the calling thread (the master's own cost, without MPI's helper threads).
double thread_cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

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
        const Timed timed(*this);
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
                const double cpu = thread_cpu_seconds();
                results[slot] = evaluate_one(tasks[slot]);
                stats_.cpu_seconds -= thread_cpu_seconds() - cpu;  // an evaluation, not the farm's cost
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
            const std::size_t size = receive(status);
            const int source = status.MPI_SOURCE;
            if (at(source).lost) continue;  // a lost rank's late reply is never used
            const Batch batch = answered(source);
            // Straight from the message into the results (no copy, no vector of the batch).
            BatchReader reader(received_.data(), size);
            if (reader.count() != batch.slots.size()) {
                throw std::runtime_error(fmt::format("rank {} answered {} results for a batch of {}", source,
                                                     reader.count(), batch.slots.size()));
            }
            double evaluation_seconds = 0.0;
            for (const std::size_t slot : batch.slots) {
                EvalResult& result = results[slot];
                reader.next(result);
                if (result.index != tasks[slot].index) {
                    throw std::runtime_error(fmt::format("rank {} answered individual {} for individual {}", source,
                                                         result.index, tasks[slot].index));
                }
                evaluation_seconds += result.seconds;
            }
            batch_timing(batch, evaluation_seconds);
            received += batch.slots.size();
            fill(source);
            complete_sends();
        }
        end_generation();
        stats_.tasks += tasks.size();
        return results;
    }

    int serve() override {
        using clock = std::chrono::steady_clock;
        // Reused from batch to batch: the received bytes, the decoded batch (its
        // genomes keep their buffers) and the reply, which goes out while the
        // next batch (already here, tasks_in_flight) is evaluated.
        std::vector<EvalTask> batch;
        std::vector<EncodedTask> codes;
        std::vector<EvalResult> batch_results;
        std::vector<char> reply;
        MPI_Request reply_request = MPI_REQUEST_NULL;
        for (;;) {
            MPI_Status status;
            wait_for_message(0, MPI_ANY_TAG, status);
            const std::size_t size = receive(status);
            if (status.MPI_TAG == kStop) {
                MPI_Wait(&reply_request, MPI_STATUS_IGNORE);  // rank 0 has every result before it says stop
                rank_lost_ = size > 1 && received_[1] != 0;
                return size == 0 ? 0 : static_cast<int>(received_.front());
            }
            if (status.MPI_TAG == kAbandon) continue;  // the batches before it were cut short
            if (status.MPI_TAG == kBase) {
                base_ = unpack<PerturbationBase>(received_.data(), size);
                if (!table_ || !(table_->spec() == base_.table)) table_ = shared_noise_table(base_.table);
                continue;
            }
            const bool encoded = status.MPI_TAG == kEncodedTask;
            if (encoded) {
                read_batch(received_.data(), size, codes);
            } else {
                read_batch(received_.data(), size, batch);
            }
            batch_results.clear();
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
            // The previous reply's buffer is free once rank 0 has it (long since, as a rule).
            check(MPI_Wait(&reply_request, MPI_STATUS_IGNORE), "MPI_Wait");
            {
                BatchWriter writer(reply, batch_results.size());
                for (const EvalResult& result : batch_results) writer.add(result);
            }
            check(MPI_Isend(reply.data(), static_cast<int>(reply.size()), MPI_BYTE, 0, kResult, comm_, &reply_request),
                  "MPI_Isend");
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

    FarmStats stats() const override {
        FarmStats stats = stats_;
        stats.batch_size = batch_;
        stats.batch_size_given = options_.batch_size > 0;
        stats.latency_seconds = latency_;
        stats.evaluation_seconds = mean_evaluation_seconds();
        return stats;
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
        std::vector<char> bytes;
        MPI_Request request = MPI_REQUEST_NULL;
    };

    // Positions (in the generation's tasks) of the individuals sent in one
    // message, and (once answered) since when it was due, and whether from the
    // reply before it (the batch was waiting at the worker, which was awake).
    struct Batch {
        std::vector<std::size_t> slots;
        Clock::time_point due{};
        bool due_from_reply = false;
    };

    // Adds one evaluate()'s wall and CPU time to stats_ (also when it throws).
    struct Timed {
        explicit Timed(MpiFarm& farm) : farm_(farm) {}
        ~Timed() {
            farm_.stats_.seconds += seconds_since(wall_);
            farm_.stats_.cpu_seconds += thread_cpu_seconds() - cpu_;
        }
        Timed(const Timed&) = delete;
        Timed& operator=(const Timed&) = delete;

    private:
        MpiFarm& farm_;
        Clock::time_point wall_ = Clock::now();
        double cpu_ = thread_cpu_seconds();
    };

    // What the master knows of one worker rank.
    struct Worker {
        std::string host;
        bool lost = false;
        std::deque<Batch> owed;  // sent, not answered yet, in the order the worker takes them
        Clock::time_point since{};  // when the front batch became due (sent to an idle rank, or the reply before it came)
        bool since_reply = false;   // `since` is the reply before it
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

    // Individuals per message: as configured, or (0 = auto) one while the
    // message overhead is being measured, then automatic_batch_size.
    std::size_t batch_size(std::size_t tasks) const {
        if (options_.batch_size > 0) return static_cast<std::size_t>(options_.batch_size);
        if (latency_ < 0.0) return 1;
        return automatic_batch_size(latency_, mean_evaluation_seconds(), tasks, static_cast<std::size_t>(live_workers()));
    }

    // Of the individuals answered so far (0 before the first).
    double mean_evaluation_seconds() const {
        return evaluated_ == 0 ? 0.0 : evaluation_seconds_ / static_cast<double>(evaluated_);
    }

    bool measuring_latency() const { return options_.batch_size == 0 && latency_ < 0.0; }

    // A batch's evaluations take less than the longest sleep of a waiting rank (or are not measured yet).
    bool short_batches() const {
        return evaluated_ == 0 ||
               static_cast<double>(batch_) * mean_evaluation_seconds() < 1e-6 * options_.max_sleep_us;
    }

    // A worker answered `batch`, whose evaluations took `evaluation_seconds`.
    // With farm.batch_size 0 the run's first messages carry one individual
    // each: their round trips beyond the evaluation (from the reply before
    // them; a batch sent to an idle rank also measures how long it slept,
    // and counts only with tasks_in_flight 1) measure what a message costs;
    // the median of 2 per worker (4 to 64) sets latency_.
    void batch_timing(const Batch& batch, double evaluation_seconds) {
        evaluated_ += batch.slots.size();
        evaluation_seconds_ += evaluation_seconds;
        if (options_.batch_size > 0 || latency_ >= 0.0) return;
        if (!batch.due_from_reply && options_.tasks_in_flight > 1) return;
        overhead_samples_.push_back(std::max(0.0, seconds_since(batch.due) - evaluation_seconds));
        const auto wanted = std::clamp<std::size_t>(2 * static_cast<std::size_t>(live_workers()), 4, 64);
        if (overhead_samples_.size() < wanted) return;
        const auto middle = overhead_samples_.begin() + static_cast<std::ptrdiff_t>(overhead_samples_.size() / 2);
        std::nth_element(overhead_samples_.begin(), middle, overhead_samples_.end());
        latency_ = *middle;
        overhead_samples_.clear();
        batch_ = batch_size(tasks_.size());
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
                PendingSend& base = new_send(worker);
                base.bytes.assign(base_bytes_.begin(), base_bytes_.end());
                start_send(base, kBase);
                w.has_base = true;
            }
            PendingSend& message = new_send(worker);
            {
                BatchWriter writer(message.bytes, batch.slots.size());
                for (const std::size_t slot : batch.slots) {
                    writer.add(EncodedTask{tasks_[slot].generation, tasks_[slot].index, encoding_->individuals[slot]});
                }
            }
            start_send(message, kEncodedTask);
        } else {
            // Written from the generation's tasks: no copy of the genomes.
            PendingSend& message = new_send(worker);
            {
                BatchWriter writer(message.bytes, batch.slots.size());
                for (const std::size_t slot : batch.slots) writer.add(tasks_[slot]);
            }
            start_send(message, kTask);
        }
        ++stats_.messages;
        w.owed.push_back(std::move(batch));
        if (w.owed.size() == 1) {  // an idle rank: this batch is due from now
            w.since = Clock::now();
            w.since_reply = false;
            note_deadlines(w);
        }
    }

    // A send to `worker` with a buffer of an earlier, completed send (its capacity reused).
    PendingSend& new_send(int worker) {
        auto& pending = sends_.emplace_back();
        pending.worker = worker;
        if (!spare_buffers_.empty()) {
            pending.bytes = std::move(spare_buffers_.back());
            spare_buffers_.pop_back();
        }
        return pending;
    }

    // Non-blocking: a large genome (or base) goes by rendezvous, and the master
    // must not wait for a busy worker to post its receive.
    void start_send(PendingSend& pending, int tag) {
        check(MPI_Isend(pending.bytes.data(), static_cast<int>(pending.bytes.size()), MPI_BYTE, pending.worker, tag,
                        comm_, &pending.request),
              "MPI_Isend");
    }

    // A completed send: its buffer waits for the next one.
    std::list<PendingSend>::iterator completed(std::list<PendingSend>::iterator pending) {
        spare_buffers_.push_back(std::move(pending->bytes));
        return sends_.erase(pending);
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
        batch.due = w.since;
        batch.due_from_reply = w.since_reply;
        w.since = Clock::now();
        w.since_reply = true;
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
            pending = completed(pending);
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
            receive(status);
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
            pending = completed(pending);
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

    // When the next reply can be expected at the earliest: a live worker's
    // front batch, from when it became due, at the mean evaluation time so far
    // (`now` before any evaluation was measured).
    Clock::time_point next_reply_expected(Clock::time_point now) const {
        if (evaluated_ == 0) return now;
        const double per_individual = mean_evaluation_seconds();
        auto earliest = Clock::time_point::max();
        for (int worker = 1; worker < size_; ++worker) {
            const Worker& w = at(worker);
            if (w.lost || w.owed.empty()) continue;
            earliest = std::min(earliest,
                                w.since + seconds(per_individual * static_cast<double>(w.owed.front().slots.size())));
        }
        return std::max(earliest, now);
    }

    // The master's wait for a result, as wait_for_message, that also returns
    // `stopped` once a stop was requested (`interruptible`) and `due` once
    // next_check_ (a loss deadline or a silence warning) has come; without
    // `block`, `idle` at once when none of these is there. Polling costs the
    // master's CPU (and a core the workers could use): it sleeps until the
    // next reply is expected, then looks at sleeps of growing length. It
    // spins (spin_us) only where a late look can idle a worker: once all the
    // generation's work is handed out; with one batch in flight per worker
    // (otherwise each worker has its next batch already); when a batch takes
    // less than max_sleep_us (a worker may finish the batch it holds before a
    // sleeping master wakes); or while the message latency is measured (the
    // master's sleeps are not the message's).
    Wait wait_for_result(MPI_Status& status, bool interruptible, bool block = true) {
        const bool worth_spinning = !work_left() || options_.tasks_in_flight < 2 || measuring_latency() ||
                                    short_batches();
        const auto spin = std::chrono::microseconds(worth_spinning ? options_.spin_us : 0);
        const auto start = Clock::now();
        const auto expected = block ? next_reply_expected(start) : start;
        const auto spin_from = expected - start > spin ? expected - spin : start;
        const auto spin_until = spin_from + spin;
        int sleep_us = 1;
        for (;;) {
            int flag = 0;
            check(MPI_Iprobe(MPI_ANY_SOURCE, kResult, comm_, &flag, &status), "MPI_Iprobe");
            if (flag != 0) return Wait::message;
            if (interruptible && stop_requested()) return Wait::stopped;
            const auto now = Clock::now();
            if (now >= next_check_) return Wait::due;
            if (!block) return Wait::idle;
            if (now < spin_from) {  // no reply due yet: sleep, looking at least every max_sleep_us
                std::this_thread::sleep_for(
                    std::min<Clock::duration>(spin_from - now, std::chrono::microseconds(options_.max_sleep_us)));
                continue;
            }
            if (now < spin_until) continue;
            std::this_thread::sleep_for(std::chrono::microseconds(sleep_us));
            sleep_us = std::min(2 * sleep_us, options_.max_sleep_us);
        }
    }

    // Receives the probed message into received_ (kept from message to message); returns its size.
    std::size_t receive(MPI_Status& status) {
        int count = 0;
        MPI_Get_count(&status, MPI_BYTE, &count);
        const auto size = static_cast<std::size_t>(count);
        if (received_.size() < size) received_.resize(size);
        check(MPI_Recv(received_.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, comm_, MPI_STATUS_IGNORE),
              "MPI_Recv");
        return size;
    }

    MPI_Comm comm_ = MPI_COMM_NULL;
    int rank_ = 0;
    int size_ = 1;
    // Worker: rank 0 said a rank was lost (finish() must not finalize).
    bool rank_lost_ = false;
    // Master only. A list: a send to a lost rank stays (with its buffer) while later ones complete.
    std::list<PendingSend> sends_;
    std::vector<std::vector<char>> spare_buffers_;  // of completed sends, for the next ones
    std::vector<char> received_;                    // the last message received (every rank)
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
    // Master: what stats() reports; the message overhead (seconds, negative
    // until measured) and its samples; the evaluations answered so far.
    FarmStats stats_;
    double latency_ = -1.0;
    std::vector<double> overhead_samples_;
    std::uint64_t evaluated_ = 0;
    double evaluation_seconds_ = 0.0;
    // When check_workers() next has something to do; never without eval_timeout and silence_warning.
    Clock::time_point next_check_ = Clock::time_point::max();
};

}  // namespace

std::unique_ptr<Farm> make_mpi_farm() { return std::make_unique<MpiFarm>(); }

}  // namespace l2l
