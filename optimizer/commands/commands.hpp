// Each subcommand of the `l2l` binary registers itself on the root app and
// returns the function that runs it once parsing succeeded.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace l2l::cli {

using CommandRunner = std::function<int()>;

// `l2l run ...`: handled apart from the other subcommands because under an MPI
// launcher only rank 0 parses the command line (the others wait for the config).
// `run_command_description` is what `l2l --help` lists for it.
int run_main(int argc, char** argv);
inline constexpr const char* run_command_description =
    "Run an experiment (see `l2l run --help` for every option)";

// Adds `env` (list, replay, rollout).
CommandRunner add_env_command(CLI::App& root);
// Adds `neuron` (single-neuron spike times / trace).
CommandRunner add_neuron_command(CLI::App& root);
// Adds `inspect FILE.h5`.
CommandRunner add_inspect_command(CLI::App& root);
// Adds `compare A.h5 B.h5 ...` (one row per run).
CommandRunner add_compare_command(CLI::App& root);
// Adds `sweep` (one run per combination of config values).
CommandRunner add_sweep_command(CLI::App& root);

// Adds `replay FILE.h5` (an SNN agent again, recorded).
CommandRunner add_replay_command(CLI::App& root);

}  // namespace l2l::cli
