// `l2l run -o run.h5 --resume`: the run's config comes from its checkpoint, so
// the command that started it is not needed again. Options given anyway (on
// the command line or in a --config file) take precedence and are then checked
// against the checkpoint like any config (resume_check.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include <optional>

#include "optimizer/results/checkpoint.hpp"
#include "optimizer/run/experiment_config.hpp"

namespace l2l {

// Called after `run` parsed what the user gave. Reads `<output>.ckpt` if it
// exists (else nothing: the resume stops later, saying so) and sets every
// option still unset from the checkpoint's config (upgraded_config_text); the
// output stays the one given. Returns the checkpoint read.
std::optional<Checkpoint> fill_from_checkpoint(CLI::App& run, const ExperimentConfig& config);

// Whether the [network]/[agent] tables come from the checkpoint: the user gave
// neither them nor snn.network_file. The run then takes the tables the
// checkpoint's run read (`adopt_checkpoint_network`), not the file as it is now
// or seen from another folder.
bool network_left_to_checkpoint(const CLI::App& run);
void adopt_checkpoint_network(SnnConfig& snn, const Checkpoint& checkpoint);

}  // namespace l2l
