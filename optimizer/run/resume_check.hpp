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

// Throws ConfigError naming every key (section.key, as in the config file)
// whose value differs from the checkpoint's and may not, with both values.
// `config_text` is the effective config (TOML) of this invocation.
void check_resume_compatible(const Checkpoint& checkpoint, const ExperimentConfig& config,
                             const std::string& config_text);

}  // namespace l2l
