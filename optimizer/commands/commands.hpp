// Each subcommand of the `l2l` binary registers itself on the root app and
// returns the function that runs it once parsing succeeded.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace l2l::cli {

using CommandRunner = std::function<int()>;

// Adds `env` (list, replay, rollout).
CommandRunner add_env_command(CLI::App& root);
// Adds `neuron` (single-neuron spike times / trace).
CommandRunner add_neuron_command(CLI::App& root);
// Adds `inspect FILE.h5`.
CommandRunner add_inspect_command(CLI::App& root);

}  // namespace l2l::cli
