// May a run continue from a checkpoint with the config given now? Only keys
// that steer how the run goes, not what it computes, may differ.
#pragma once

#include <string>
#include <string_view>

#include "optimizer/results/checkpoint.hpp"
#include "optimizer/run/experiment_config.hpp"

namespace l2l {

// generations, checkpoint_every, checkpoint_seconds, eval_timeout, output and farm.*.
bool may_differ_on_resume(std::string_view key);

// The run's config as the checkpoint holds it; throws CheckpointError if it
// cannot be read.
ExperimentConfig checkpoint_config(const Checkpoint& checkpoint);

// The checkpoint's config text with the keys a later l2l added, at the
// behaviour of the l2l that wrote it: a checkpoint from before config version
// 1 (no [record] section) recorded full populations, which its config says
// when read (record.policy = "full"); one from before version 3 kept every
// output (record.outputs = "all", since then the default is "auto"). The text
// gets those values, so a resume that leaves them unset continues as the run began.
std::string upgraded_config_text(const Checkpoint& checkpoint);

// Throws ConfigError naming every key (section.key, as in the config file)
// whose value differs from the checkpoint's and may not, with both values.
// `config_text` is the effective config (TOML) of this invocation. Only the
// sections this run uses count (older files store every section), and a key
// one side does not have (added by a later l2l) counts at its default.
void check_resume_compatible(const Checkpoint& checkpoint, const ExperimentConfig& config,
                             const std::string& config_text);

}  // namespace l2l
