// An agent = encoders + network + decoder, behind env::Policy. Each act() runs
// `steps_per_action` simulation steps (e.g. 20 ms / dt); the network state
// carries over between environment steps. AgentSpec turns a genome into an agent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "environments/environment.hpp"
#include "simulator/agent_config.hpp"
#include "simulator/decoders.hpp"
#include "simulator/encoders.hpp"
#include "simulator/genome_map.hpp"
#include "simulator/network.hpp"
#include "simulator/network_spec.hpp"

namespace l2l::sim {

// Sees the network after every simulation step (a replay recording spikes).
class StepObserver {
public:
    virtual ~StepObserver() = default;
    virtual void after_step(const Network& network) = 0;
};

class Agent final : public env::Policy {
public:
    Agent(Network network, std::vector<std::unique_ptr<Encoder>> encoders, std::unique_ptr<Decoder> decoder,
          std::size_t steps_per_action, ResetPolicy reset_policy, ResetPolicy plasticity_reset_policy);

    // reset policy "episode": neuron state back to its initial state; "never": the
    // network keeps its state (meta-learning across episodes). The plasticity reset
    // policy does the same for the plastic state (weights, traces). Encoders
    // reseed from `seed` either way.
    void reset(std::uint64_t seed) override;
    // Hands `reward` to the network (R-STDP), encodes (observation, reward), runs
    // one action window, decodes. No allocation.
    const env::Action& act(std::span<const double> observation, double reward) override;

    // Not owned; nullptr (the default) for none. Costs one branch per step.
    void set_step_observer(StepObserver* observer) { observer_ = observer; }
    // Called inside act() every kCheckEvery simulation steps of a window (never
    // for a window shorter than that): lets the caller end a long window by
    // throwing (an evaluation's deadline, a stop signal). Empty (the default): none.
    static constexpr std::size_t kCheckEvery = 256;
    void set_window_check(std::function<void()> check) { check_ = std::move(check); }

    Network& network() { return network_; }
    const Network& network() const { return network_; }
    std::size_t steps_per_action() const { return steps_per_action_; }

private:
    Network network_;
    std::vector<std::unique_ptr<Encoder>> encoders_;
    std::unique_ptr<Decoder> decoder_;
    std::size_t steps_per_action_;
    ResetPolicy reset_policy_;
    ResetPolicy plasticity_reset_policy_;
    env::Action action_;
    StepObserver* observer_ = nullptr;
    std::function<void()> check_;
};

struct GeneBounds {
    std::vector<double> lower;
    std::vector<double> upper;
};

// A network description holds the [network] and [agent] tables only: throws
// std::invalid_argument naming the first other table or key ([snn], [bogus], a
// top-level dt = ...), which would otherwise be silently ignored.
void check_network_document(const toml::table& document);

class AgentSpec {
public:
    // Builds a prototype network (connectivity drawn once) and the genome map.
    AgentSpec(NetworkSpec network, AgentConfig agent);
    // From a document with [network] and [agent] tables (and nothing else:
    // check_network_document); errors name the key path.
    static AgentSpec from_toml(const toml::table& document);
    static AgentSpec from_file(const std::filesystem::path& path);

    std::size_t genome_size() const { return genome_map_.size(); }
    GeneBounds bounds() const { return {genome_map_.lower(), genome_map_.upper()}; }
    std::vector<std::string> gene_names() const { return genome_map_.names(); }

    // Throws std::invalid_argument for a genome of the wrong size or with a
    // non-finite gene (the message names the gene). The agent starts from the
    // genome: nothing of another agent's episodes (plastic state) carries over.
    std::unique_ptr<Agent> build(std::span<const double> genome) const;

    const NetworkSpec& network_spec() const { return network_spec_; }
    const AgentConfig& agent_config() const { return agent_config_; }
    const GenomeMap& genome_map() const { return genome_map_; }
    const Network& prototype() const { return prototype_; }

private:
    NetworkSpec network_spec_;
    AgentConfig agent_config_;
    Network prototype_;
    GenomeMap genome_map_;
};

}  // namespace l2l::sim
