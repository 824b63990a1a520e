// Stop requests from SIGTERM, SIGINT and SIGUSR1 (Slurm's preemption warning).
//
// The handler only records the signal in an async-signal-safe flag; the
// generation loop and the farms poll stop_requested() and stop cleanly between
// (or abandon) evaluations. Optimizers never see signals.
#pragma once

#include <string>

namespace l2l {

// Installs the handlers. On the master a second signal writes
// `second_signal_message` to stderr and exits at once with `exit_code` (the
// last checkpoint stays intact); on workers signals are only noted, since a
// worker stops when the master tells it to (mpirun and srun signal every rank).
void install_stop_handlers(bool master, const std::string& second_signal_message, int exit_code);

bool stop_requested();
// The first stop signal received; 0 if none.
int stop_signal();
// "SIGTERM", "SIGINT", "SIGUSR1", or "signal N".
std::string signal_name(int signal);

}  // namespace l2l
