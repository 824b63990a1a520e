#include "simulator/agent.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "simulator/network_config.hpp"
#include "simulator/toml_reading.hpp"

namespace l2l::sim {

Agent::Agent(Network network, std::vector<std::unique_ptr<Encoder>> encoders, std::unique_ptr<Decoder> decoder,
             std::size_t steps_per_action, ResetPolicy reset_policy, ResetPolicy plasticity_reset_policy)
    : network_(std::move(network)),
      encoders_(std::move(encoders)),
      decoder_(std::move(decoder)),
      steps_per_action_(steps_per_action),
      reset_policy_(reset_policy),
      plasticity_reset_policy_(plasticity_reset_policy) {
    decoder_->prepare(action_);
}

void Agent::reset(std::uint64_t seed) {
    if (reset_policy_ == ResetPolicy::episode) network_.reset_activity();
    if (plasticity_reset_policy_ == ResetPolicy::episode) network_.reset_plasticity();
    for (auto& encoder : encoders_) encoder->reset(seed);
}

const env::Action& Agent::act(std::span<const double> observation, double reward) {
    network_.set_reward(reward);
    for (auto& encoder : encoders_) encoder->observe(observation, reward, network_);
    decoder_->begin_window();
    // In chunks of kCheckEvery steps, with the check between them: a window
    // of 20 steps is one chunk, and one of 1e9 steps can still be ended.
    for (std::size_t begin = 0; begin < steps_per_action_; begin += kCheckEvery) {
        if (begin > 0 && check_) check_();
        const std::size_t end = std::min(steps_per_action_, begin + kCheckEvery);
        for (std::size_t step = begin; step < end; ++step) {
            for (auto& encoder : encoders_) encoder->drive(step, network_);
            network_.step();
            decoder_->record(network_);
            if (observer_ != nullptr) observer_->after_step(network_);
        }
    }
    decoder_->decide(action_);
    return action_;
}

AgentSpec::AgentSpec(NetworkSpec network, AgentConfig agent)
    : network_spec_(std::move(network)),
      agent_config_(std::move(agent)),
      prototype_(network_spec_),
      genome_map_(network_spec_, prototype_) {}

void check_network_document(const toml::table& document) {
    for (const auto& [key, node] : document) {
        const std::string name(key.str());
        if (name == "network" || name == "agent") continue;
        if (node.is_table()) {
            throw std::invalid_argument(fmt::format("[{}]: unknown table in a network description; allowed tables: "
                                                    "[network], [agent] (experiment settings such as [snn] go in the "
                                                    "experiment's config file)",
                                                    name));
        }
        if (node.is_array_of_tables()) {
            throw std::invalid_argument(fmt::format("[[{}]]: unknown table in a network description; allowed tables: "
                                                    "[network], [agent] (populations are [[network.populations]])",
                                                    name));
        }
        throw std::invalid_argument(fmt::format("{} = {}: unknown top-level key in a network description; allowed: "
                                                "the tables [network] and [agent] (dt belongs in [network], "
                                                "step_duration in [agent])",
                                                name, toml_value_text(node)));
    }
}

AgentSpec AgentSpec::from_toml(const toml::table& document) {
    check_network_document(document);
    const toml::table* network = document["network"].as_table();
    if (network == nullptr) throw std::invalid_argument("network: a [network] table is required");
    const toml::table* agent = document["agent"].as_table();
    if (agent == nullptr) throw std::invalid_argument("agent: an [agent] table is required");
    NetworkSpec network_spec = parse_network_spec(*network);
    AgentConfig agent_config = parse_agent_config(*agent, network_spec);
    return AgentSpec(std::move(network_spec), std::move(agent_config));
}

AgentSpec AgentSpec::from_file(const std::filesystem::path& path) {
    toml::table document;
    try {
        document = toml::parse_file(path.string());
    } catch (const toml::parse_error& e) {
        throw std::invalid_argument(path.string() + ": " + std::string(e.description()));
    }
    return from_toml(document);
}

std::unique_ptr<Agent> AgentSpec::build(std::span<const double> genome) const {
    Network network = prototype_;
    genome_map_.apply(genome, network);
    std::vector<std::unique_ptr<Encoder>> encoders;
    for (std::size_t i = 0; i < agent_config_.encoders.size(); ++i) {
        encoders.push_back(make_encoder(agent_config_.encoders[i], network, i));
    }
    std::unique_ptr<Decoder> decoder = make_decoder(agent_config_.decoder, network, agent_config_.steps_per_action);
    return std::make_unique<Agent>(std::move(network), std::move(encoders), std::move(decoder),
                                   agent_config_.steps_per_action, agent_config_.reset,
                                   agent_config_.plasticity_reset);
}

}  // namespace l2l::sim
