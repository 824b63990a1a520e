// The MPI farm against its limit (issue 18): a Boost+MPI ping-pong with the
// farm's message shape, and the farm itself (optimizer/farm, through the Farm
// interface) on the same tasks, timed the same way.
//   mpirun -np R l2l_bench_farm pingpong|farm --population P --dimension N [--generations G]
//                                             [--batch B] [--in-flight K] [--wait probe|poll]
// The tasks: G generations of P genomes of N doubles; the evaluation is the
// benchmark optimizee's sphere (fitness, and the N residuals as outputs), so
// a result carries N doubles back, as in `l2l run --benchmark.function sphere`.
//   pingpong: rank 0 sends each worker batches of B tasks (written with
//     farm_messages.hpp's BatchWriter, as the farm writes them: Boost binary
//     archive) and receives B results per batch, K batches in flight per
//     worker (the worker replies with MPI_Isend, rank 0 waits in MPI_Probe),
//     one stream of P x G tasks without generation boundaries and nothing
//     else: the limit of the message shape.
//   farm: make_mpi_farm() evaluates G generations of P tasks (--batch B sets
//     farm.batch_size; 0 or absent: the farm's automatic choice).
// Rank 0 prints one line: tasks/s over the timed part (wall time), and its own
// CPU time per task: the main thread's clock (CLOCK_THREAD_CPUTIME_ID) and the
// process's (getrusage: with MPI's helper threads).
// This bench program includes mpi.h for the anchor; the project's code does so
// only in optimizer/farm/mpi_farm.cpp.
#include <mpi.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "optimizer/farm/farm.hpp"
#include "optimizer/farm/farm_messages.hpp"
#include "optimizer/run/benchmark_optimizee.hpp"

namespace {

using namespace l2l;

enum Tag : int { kTask = 1, kResult = 2, kStop = 3 };

struct Options {
    std::string mode;
    std::size_t population = 5000;
    std::size_t dimension = 10;
    std::size_t generations = 20;
    std::size_t batch = 0;
    int in_flight = 2;
    bool poll = false;  // pingpong: --wait poll
};

Options parse(int argc, char** argv) {
    Options options;
    if (argc < 2) throw std::invalid_argument("usage: l2l_bench_farm pingpong|farm --population P --dimension N ...");
    options.mode = argv[1];
    if (options.mode != "pingpong" && options.mode != "farm") {
        throw std::invalid_argument(fmt::format("mode '{}': allowed: pingpong, farm", options.mode));
    }
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const std::string value = argv[i + 1];
        if (key == "--population") {
            options.population = std::stoul(value);
        } else if (key == "--dimension") {
            options.dimension = std::stoul(value);
        } else if (key == "--generations") {
            options.generations = std::stoul(value);
        } else if (key == "--batch") {
            options.batch = std::stoul(value);
        } else if (key == "--in-flight") {
            options.in_flight = std::stoi(value);
        } else if (key == "--wait") {
            if (value != "probe" && value != "poll") {
                throw std::invalid_argument(fmt::format("--wait {}: allowed: probe, poll", value));
            }
            options.poll = value == "poll";
        } else {
            throw std::invalid_argument(fmt::format("unknown option '{}'", key));
        }
    }
    if (options.mode == "pingpong" && options.batch == 0) throw std::invalid_argument("pingpong needs --batch B >= 1");
    return options;
}

std::vector<EvalTask> make_tasks(const Options& options, std::uint64_t generation) {
    std::mt19937_64 random(generation + 1);
    std::uniform_real_distribution<double> gene(-5.12, 5.12);
    std::vector<EvalTask> tasks(options.population);
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        tasks[i].generation = generation;
        tasks[i].index = i;
        tasks[i].genome.resize(options.dimension);
        for (double& x : tasks[i].genome) x = gene(random);
    }
    return tasks;
}

// Made before the clocks start, in both modes: one generation, sent G times
// (drawing or copying genomes is no part of what is timed or profiled).
std::vector<std::vector<EvalTask>> make_generations(const Options& options) {
    return {make_tasks(options, 0)};
}

const BenchmarkFunction& sphere_function() { return *find_benchmark_function("sphere"); }

double thread_cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

double process_cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec); };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void check(int code, const char* what) {
    if (code != MPI_SUCCESS) throw std::runtime_error(std::string("MPI call failed: ") + what);
}

// Waits for a message: in MPI_Probe (Open MPI spins, yielding the core when it
// sees more ranks than cores), or (`poll`) with MPI_Iprobe and a sleep of the
// shortest the kernel gives (about 50-60 us) between looks, which leaves the
// core to the others on a loaded or oversubscribed machine.
void probe(int source, int tag, MPI_Comm comm, MPI_Status& status, bool poll) {
    if (!poll) {
        check(MPI_Probe(source, tag, comm, &status), "MPI_Probe");
        return;
    }
    for (;;) {
        int flag = 0;
        check(MPI_Iprobe(source, tag, comm, &flag, &status), "MPI_Iprobe");
        if (flag != 0) return;
        std::this_thread::sleep_for(std::chrono::microseconds(1));
    }
}

// Receives the probed message into `buffer` (kept from message to message); returns its size.
std::size_t receive(MPI_Comm comm, MPI_Status& status, std::vector<char>& buffer) {
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    const auto size = static_cast<std::size_t>(count);
    if (buffer.size() < size) buffer.resize(size);
    check(MPI_Recv(buffer.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, comm, MPI_STATUS_IGNORE),
          "MPI_Recv");
    return size;
}

// The worker of the ping-pong: what the farm's worker does with a batch (the
// farm's wire format, farm_messages.hpp), and nothing else. Its reply goes
// out while it evaluates the next batch.
void pingpong_worker(MPI_Comm comm, bool poll) {
    const BenchmarkOptimizee sphere(sphere_function(), 0, -5.12, 5.12);
    std::vector<char> bytes;
    std::vector<char> reply;
    std::vector<EvalTask> batch;
    std::vector<EvalResult> results;
    MPI_Request reply_request = MPI_REQUEST_NULL;
    for (;;) {
        MPI_Status status;
        probe(0, MPI_ANY_TAG, comm, status, poll);
        const std::size_t size = receive(comm, status, bytes);
        if (status.MPI_TAG == kStop) break;
        read_batch(bytes.data(), size, batch);
        results.clear();
        for (const EvalTask& task : batch) {
            results.push_back(sphere.evaluate(task.genome, {}));
            results.back().index = task.index;
        }
        check(MPI_Wait(&reply_request, MPI_STATUS_IGNORE), "MPI_Wait");
        {
            BatchWriter writer(reply, results.size());
            for (const EvalResult& result : results) writer.add(result);
        }
        check(MPI_Isend(reply.data(), static_cast<int>(reply.size()), MPI_BYTE, 0, kResult, comm, &reply_request),
              "MPI_Isend");
    }
    check(MPI_Wait(&reply_request, MPI_STATUS_IGNORE), "MPI_Wait");
}

struct Sent {
    std::vector<char> bytes;
    MPI_Request request = MPI_REQUEST_NULL;
    std::size_t first = 0;  // position of the batch's first task in the stream
};

// Rank 0 of the ping-pong: every worker gets K batches, then one more each time it answers.
std::size_t pingpong_master(MPI_Comm comm, int ranks, const Options& options,
                            const std::vector<std::vector<EvalTask>>& generations) {
    const std::size_t total = options.population * options.generations;
    const auto task_at = [&](std::size_t position) -> const EvalTask& {
        return generations.front()[position % options.population];
    };
    std::vector<EvalResult> results(total);
    std::vector<std::deque<Sent>> in_flight(static_cast<std::size_t>(ranks));
    std::vector<std::vector<char>> spare;  // buffers of completed sends
    std::size_t next = 0;
    std::size_t received = 0;
    const auto send = [&](int worker) {
        auto& sent = in_flight[static_cast<std::size_t>(worker)].emplace_back();
        if (!spare.empty()) {
            sent.bytes = std::move(spare.back());
            spare.pop_back();
        }
        sent.first = next;
        const std::size_t count = std::min(options.batch, total - next);
        {
            BatchWriter writer(sent.bytes, count);
            for (std::size_t i = 0; i < count; ++i) writer.add(task_at(next++));
        }
        check(MPI_Isend(sent.bytes.data(), static_cast<int>(sent.bytes.size()), MPI_BYTE, worker, kTask, comm,
                        &sent.request),
              "MPI_Isend");
    };
    for (int round = 0; round < options.in_flight; ++round) {
        for (int worker = 1; worker < ranks && next < total; ++worker) send(worker);
    }
    std::vector<char> bytes;
    while (received < total) {
        MPI_Status status;
        probe(MPI_ANY_SOURCE, kResult, comm, status, options.poll);
        const std::size_t size = receive(comm, status, bytes);
        auto& queue = in_flight[static_cast<std::size_t>(status.MPI_SOURCE)];
        MPI_Wait(&queue.front().request, MPI_STATUS_IGNORE);
        const std::size_t first = queue.front().first;
        spare.push_back(std::move(queue.front().bytes));
        queue.pop_front();
        BatchReader reader(bytes.data(), size);
        for (std::uint64_t i = 0; i < reader.count(); ++i) reader.next(results[first + i]);
        received += reader.count();
        if (next < total) send(status.MPI_SOURCE);
    }
    for (int worker = 1; worker < ranks; ++worker) check(MPI_Send(nullptr, 0, MPI_BYTE, worker, kStop, comm), "MPI_Send");
    for (std::size_t i = 0; i < total; ++i) {
        if (results[i].index != task_at(i).index) throw std::runtime_error("ping-pong: a result in the wrong place");
    }
    return total;
}

// Rank 0 of the farm: G generations through Farm::evaluate, as the run calls it.
std::size_t farm_master(Farm& farm, const Options& options, std::vector<std::vector<EvalTask>>& generations) {
    std::size_t evaluated = 0;
    for (std::size_t g = 0; g < options.generations; ++g) {
        const auto results = farm.evaluate(generations.front());
        for (std::size_t i = 0; i < results.size(); ++i) {
            if (results[i].index != i || results[i].outputs.size() != options.dimension) {
                throw std::runtime_error("farm: a result in the wrong place");
            }
        }
        evaluated += results.size();
    }
    farm.shutdown(0);
    return evaluated;
}

struct Clocks {
    std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
    double thread = thread_cpu_seconds();
    double process = process_cpu_seconds();
};

void report(const Options& options, int size, std::size_t tasks, const Clocks& start, const std::string& batch) {
    const Clocks end;
    const double wall = std::chrono::duration<double>(end.wall - start.wall).count();
    const double n = static_cast<double>(tasks);
    const std::string mode = options.mode == "farm" ? "farm" : options.poll ? "pingpong/poll" : "pingpong/probe";
    std::printf("%-14s ranks %d population %zu dimension %zu generations %zu batch %s in_flight %d: %.0f tasks/s (wall), "
                "rank 0 CPU %.3f us/task (main thread), %.3f us/task (process)\n",
                mode.c_str(), size, options.population, options.dimension, options.generations, batch.c_str(),
                options.in_flight, n / wall, 1e6 * (end.thread - start.thread) / n,
                1e6 * (end.process - start.process) / n);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options options = parse(argc, argv);
        if (options.mode == "farm") {
            // The farm initialises MPI itself (it owns MPI_Init and MPI_Finalize).
            const auto farm = make_mpi_farm();
            FarmOptions farm_options;
            farm_options.batch_size = static_cast<int>(options.batch);
            farm_options.tasks_in_flight = options.in_flight;
            farm->set_options(farm_options);
            const BenchmarkOptimizee sphere(sphere_function(), options.dimension, -5.12, 5.12);
            farm->set_evaluator([&sphere](const EvalTask& task) { return sphere.evaluate(task.genome, {}); });
            if (!farm->is_master()) {
                farm->serve();
                farm->finish(0);
                return 0;
            }
            auto generations = make_generations(options);
            const Clocks start;
            const std::size_t tasks = farm_master(*farm, options, generations);
            report(options, farm->size(), tasks, start,
                   (options.batch == 0 ? "auto=" : "") + std::to_string(farm->stats().batch_size));
            farm->finish(0);
            return 0;
        }
        int provided = 0;
        check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
        int rank = 0;
        int size = 1;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        if (size < 2) throw std::invalid_argument("pingpong needs at least 2 ranks");
        if (rank == 0) {
            const auto generations = make_generations(options);
            const Clocks start;
            const std::size_t tasks = pingpong_master(MPI_COMM_WORLD, size, options, generations);
            report(options, size, tasks, start, std::to_string(options.batch));
        } else {
            pingpong_worker(MPI_COMM_WORLD, options.poll);
        }
        MPI_Finalize();
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "l2l_bench_farm: %s\n", e.what());
        return 2;
    }
}
