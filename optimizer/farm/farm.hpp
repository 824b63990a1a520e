// The farm hands evaluation tasks to whoever computes them and collects the
// results. The serial farm evaluates in-process; the MPI farm (the only code
// that includes mpi.h) sends tasks from rank 0 to ranks 1..N-1. Everything
// else in the program sees only this interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "optimizer/algorithms/eval_result.hpp"
#include "optimizer/algorithms/population_encoding.hpp"

namespace l2l {

using Evaluator = std::function<EvalResult(const EvalTask&)>;

// Thrown by Farm::evaluate when a stop signal (optimizer/interrupt.hpp) came
// in before the generation was complete: its results are dropped, and every
// worker is idle again.
struct GenerationAbandoned : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Thrown by Farm::evaluate when every worker was lost (none answered within
// its eval_timeout budget, see FarmOptions::eval_timeout): the generation's
// results are dropped and nobody is left to evaluate. The message names the
// lost ranks.
struct NoWorkersLeft : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct FarmOptions {
    // Two tasks in flight per worker hide the message latency: a worker finds its
    // next task waiting when it sends a result.
    int tasks_in_flight = 2;
    // Individuals per message; 0 = automatic (automatic_batch_size: from the
    // measured message overhead and evaluation time), which keeps cheap
    // evaluations from drowning in latency and costly ones balanced.
    int batch_size = 0;
    // A waiting rank polls for this long before it starts to sleep, then sleeps
    // with exponential backoff up to max_sleep_us (so idle ranks free their core).
    // The master polls only where a late look could idle a worker (mpi_farm.cpp,
    // wait_for_result) and otherwise sleeps until a reply can be expected.
    int spin_us = 200;
    int max_sleep_us = 1000;
    // Send an encoded population (SNES, sep-CMA-ES, OpenAI-ES) as one base per
    // worker and generation plus an offset and a sign per individual; false:
    // whole genomes, as for the other optimizers.
    bool population_encoding = true;
    // Seconds a worker may owe results without sending any before the master
    // warns (once per silence, naming the ranks); 0 = never.
    double silence_warning = 600.0;
    // The master evaluates tasks itself whenever no result is waiting, so its
    // core is not idle with few ranks; the workers still get their batches
    // first. Results do not depend on where an individual is evaluated.
    bool master_evaluates = false;
    // The run's eval_timeout (a top-level key, copied here by the run; not part
    // of [farm]): the master gives up on a worker whose batch of n individuals
    // is not back within loss_budget(n), hands the batch to the other workers
    // and goes on without it. 0 = never.
    double eval_timeout = 0.0;

    // n x eval_timeout plus a margin (10 % + 2 s) for messages and a busy node.
    double loss_budget(std::size_t individuals) const {
        const double evaluations = static_cast<double>(individuals) * eval_timeout;
        return 1.1 * evaluations + 2.0;
    }
};

// farm.batch_size 0: individuals per message so that a message's overhead
// (`latency`: a batch's round trip beyond its evaluations, seconds) is at most
// 5 % of its batch's evaluations (`evaluation`: seconds per individual), yet
// with at least 8 messages per worker and generation of `tasks` (so a slow
// worker or a slow individual is balanced by the others), and at least 1.
std::size_t automatic_batch_size(double latency, double evaluation, std::size_t tasks, std::size_t workers);

// What the master's MPI farm has done so far (the run logs it).
struct FarmStats {
    std::uint64_t tasks = 0;     // evaluated through evaluate()
    std::uint64_t messages = 0;  // task batches sent to the workers
    double seconds = 0.0;        // wall time inside evaluate()
    double cpu_seconds = 0.0;    // CPU time of the master's thread inside evaluate(), its own evaluations excluded
    // The last generation's batch size, and what it was chosen from: the
    // message overhead measured on the run's first batches (negative while
    // not measured yet) and the mean evaluation time per individual so far.
    std::size_t batch_size = 0;
    bool batch_size_given = false;  // farm.batch_size > 0
    double latency_seconds = -1.0;
    double evaluation_seconds = 0.0;
};

class Farm {
public:
    virtual ~Farm() = default;

    virtual int size() const = 0;         // processes taking part (1 when serial)
    virtual bool is_master() const = 0;   // rank 0
    virtual const char* kind() const = 0; // "serial" or "mpi"

    // Collective: every rank returns the master's payload.
    virtual std::string broadcast(std::string payload) = 0;

    // Master only: evaluates every task and returns results in task order.
    // Measures each evaluation's seconds into EvalResult::seconds. Throws
    // GenerationAbandoned if a stop was requested meanwhile; an evaluation in
    // progress runs to its end (or its eval_timeout) first.
    // With an `encoding` of the tasks' genomes (Optimizer::population_encoding),
    // the MPI farm sends each worker the base once and then a few bytes per
    // task; the worker rebuilds the same genomes bit for bit.
    virtual std::vector<EvalResult> evaluate(std::span<const EvalTask> tasks, const PopulationEncoding* encoding) = 0;
    std::vector<EvalResult> evaluate(std::span<const EvalTask> tasks) { return evaluate(tasks, nullptr); }

    // Workers only: evaluate tasks until the master calls shutdown(); returns
    // the exit code the master gave.
    virtual int serve() = 0;

    // Master only: release the workers from serve(); they exit with `exit_code`.
    // Lost workers are not waited for.
    virtual void shutdown(int exit_code) = 0;

    // Every rank, last, with the process's exit code, after every file is
    // closed. The MPI farm ends the job with MPI_Abort(exit_code) on the master
    // when a worker was lost (MPI_Finalize would wait for a hung rank forever;
    // mpirun then exits with `exit_code` and kills every rank), and the other
    // workers wait for that outside MPI; otherwise it returns.
    virtual void finish(int /*exit_code*/) {}

    // Ranks given up on (lost) so far, on the master; empty for the serial farm.
    virtual std::vector<int> lost_workers() const { return {}; }

    // Master only; all zero for the serial farm (and one rank), which sends nothing.
    virtual FarmStats stats() const { return {}; }

    // Installs the evaluator (on every rank, after the config is known).
    void set_evaluator(Evaluator evaluator) { evaluator_ = std::move(evaluator); }
    // Tuning from the config, known only after the broadcast.
    void set_options(const FarmOptions& options) { options_ = options; }
    // Where the master's farm reports a lost or silent worker (default: stderr).
    void set_warning_log(std::function<void(const std::string&)> log) { warn_ = std::move(log); }

protected:
    FarmOptions options_;

    void warn(const std::string& message) const;

    // Runs the evaluator, timing it and turning exceptions, timeouts and
    // non-finite fitness into a status the master records.
    EvalResult evaluate_one(const EvalTask& task) const;

private:
    Evaluator evaluator_;
    std::function<void(const std::string&)> warn_;
};

std::unique_ptr<Farm> make_serial_farm();

// True when this process was started by mpirun/mpiexec/srun (Open MPI or PMIx
// variables are set); a plain `l2l run` then needs no MPI at all.
bool launched_by_mpi_launcher();

// Initialises MPI (once per process) and returns the MPI farm; defined in mpi_farm.cpp.
std::unique_ptr<Farm> make_mpi_farm();

}  // namespace l2l
