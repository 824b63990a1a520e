// The farm hands evaluation tasks to whoever computes them and collects the
// results. The serial farm evaluates in-process; the MPI farm (the only code
// that includes mpi.h) sends tasks from rank 0 to ranks 1..N-1. Everything
// else in the program sees only this interface.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "optimizer/eval_result.hpp"

namespace l2l {

using Evaluator = std::function<EvalResult(const EvalTask&)>;

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
    // Measures each evaluation's seconds into EvalResult::seconds.
    virtual std::vector<EvalResult> evaluate(std::span<const EvalTask> tasks) = 0;

    // Workers only: evaluate tasks until the master calls shutdown().
    virtual void serve() = 0;

    // Master only: release the workers from serve().
    virtual void shutdown() = 0;

    // Installs the evaluator (on every rank, after the config is known).
    void set_evaluator(Evaluator evaluator) { evaluator_ = std::move(evaluator); }
    // Tuning from the config, known only after the broadcast.
    void set_options(const FarmOptions& options) { options_ = options; }

protected:
    FarmOptions options_;

    // Runs the evaluator, timing it and turning exceptions and non-finite
    // fitness into a status the master records.
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
