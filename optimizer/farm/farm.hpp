// The farm hands evaluation tasks to whoever computes them and collects the
// results. The serial farm evaluates in-process; the MPI farm (the only code
// that includes mpi.h) sends tasks from rank 0 to ranks 1..N-1. Everything
// else in the program sees only this interface.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "optimizer/algorithms/eval_result.hpp"

namespace l2l {

using Evaluator = std::function<EvalResult(const EvalTask&)>;

// Thrown by Farm::evaluate when a stop signal (optimizer/interrupt.hpp) came
// in before the generation was complete: its results are dropped, and every
// worker is idle again.
struct GenerationAbandoned : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct FarmOptions {
    // Two tasks in flight per worker hide the message latency: a worker finds its
    // next task waiting when it sends a result.
    int tasks_in_flight = 2;
    // Individuals per message; 0 = automatic (about 8 messages per worker and
    // generation), which keeps cheap evaluations from drowning in latency.
    int batch_size = 0;
    // A waiting rank polls for this long before it starts to sleep, then sleeps
    // with exponential backoff up to max_sleep_us (so idle ranks free their core).
    int spin_us = 200;
    int max_sleep_us = 1000;
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
    virtual std::vector<EvalResult> evaluate(std::span<const EvalTask> tasks) = 0;

    // Workers only: evaluate tasks until the master calls shutdown(); returns
    // the exit code the master gave.
    virtual int serve() = 0;

    // Master only: release the workers from serve(); they exit with `exit_code`.
    virtual void shutdown(int exit_code) = 0;

    // Installs the evaluator (on every rank, after the config is known).
    void set_evaluator(Evaluator evaluator) { evaluator_ = std::move(evaluator); }
    // Tuning from the config, known only after the broadcast.
    void set_options(const FarmOptions& options) { options_ = options; }

protected:
    FarmOptions options_;

    // Runs the evaluator, timing it and turning exceptions, timeouts and
    // non-finite fitness into a status the master records.
    EvalResult evaluate_one(const EvalTask& task) const;

private:
    Evaluator evaluator_;
};

std::unique_ptr<Farm> make_serial_farm();

// True when this process was started by mpirun/mpiexec/srun (Open MPI or PMIx
// variables are set); a plain `l2l run` then needs no MPI at all.
bool launched_by_mpi_launcher();

// Initialises MPI (once per process) and returns the MPI farm; defined in mpi_farm.cpp.
std::unique_ptr<Farm> make_mpi_farm();

}  // namespace l2l
