#include "optimizer/run/resume_config.hpp"

#include <filesystem>
#include <sstream>

#include "optimizer/run/resume_check.hpp"

namespace l2l {

std::optional<Checkpoint> fill_from_checkpoint(CLI::App& run, const ExperimentConfig& config) {
    const std::string path = checkpoint_path(config.output);
    std::error_code error;
    if (!std::filesystem::exists(path, error)) return std::nullopt;
    Checkpoint checkpoint = read_checkpoint(path);
    // Where the checkpoint was found is where the run goes on (it may have moved).
    CLI::Option* output = run.get_option("--output");
    if (output->count() == 0) output->add_result(config.output);
    std::istringstream text(upgraded_config_text(checkpoint));
    run.parse_from_stream(text);  // fills only the options still unset
    return checkpoint;
}

bool network_left_to_checkpoint(const CLI::App& run) {
    for (const char* name : {"--snn.network_file", "--network", "--agent"}) {
        if (run.get_option(name)->count() > 0) return false;
    }
    return true;
}

void adopt_checkpoint_network(SnnConfig& snn, const Checkpoint& checkpoint) {
    const ExperimentConfig saved = checkpoint_config(checkpoint);
    snn.network = saved.snn.network;
    snn.agent = saved.snn.agent;
}

}  // namespace l2l
