// A discrete-time network of neuron populations and projections. One step():
//   1. every population reads its input slot for this step and updates its neurons
//      (spike sources emit what was injected before the step);
//   2. every projection adds its pre population's new spikes to the post
//      population's input `delay` steps ahead (delay >= 1, so order within 1 does not matter);
//   3. every projection with a plasticity rule sees this step's pre and post spikes
//      (and R-STDP the reward given since the last step) and updates its state.
// Transmission uses the weights as they were before this step's plasticity.
// step() does not allocate: spike lists, delay rings and plastic state are sized at construction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "simulator/alif.hpp"
#include "simulator/delay_ring.hpp"
#include "simulator/lif.hpp"
#include "simulator/network_spec.hpp"
#include "simulator/projection.hpp"
#include "simulator/rate_plasticity.hpp"
#include "simulator/stdp.hpp"

namespace l2l::sim {

// A projection's plastic state: none, STDP/R-STDP, or a SpikePropamine rate rule.
using Plasticity = std::variant<std::monostate, Stdp, RatePlasticity>;

class Network {
public:
    // Throws std::invalid_argument when the spec is inconsistent (unknown names, bad delay).
    explicit Network(const NetworkSpec& spec);

    double dt() const { return dt_; }
    std::uint64_t step_count() const { return step_count_; }

    std::size_t population_count() const { return populations_.size(); }
    std::size_t population_index(std::string_view name) const;  // throws std::invalid_argument
    const std::string& population_name(std::size_t population) const { return populations_[population].name; }
    std::size_t population_size(std::size_t population) const { return populations_[population].size; }
    NeuronModel population_model(std::size_t population) const { return populations_[population].model; }

    std::size_t projection_count() const { return projections_.size(); }
    std::size_t projection_index(std::string_view name) const;  // throws std::invalid_argument
    Projection& projection(std::size_t index) { return projections_[index]; }
    const Projection& projection(std::size_t index) const { return projections_[index]; }

    // Per-neuron parameters by model parameter name (throws std::invalid_argument for
    // a spike source or an unknown name).
    double neuron_parameter(std::size_t population, std::string_view name, std::size_t neuron) const;
    void set_neuron_parameter(std::size_t population, std::string_view name, std::size_t neuron, double value);
    // Empty when all populations are consistent, else the first problem found.
    std::string inconsistency() const;

    // nullptr when the population has another model.
    LifNeurons* lif(std::size_t population) { return std::get_if<LifNeurons>(&populations_[population].neurons); }
    AlifNeurons* alif(std::size_t population) { return std::get_if<AlifNeurons>(&populations_[population].neurons); }
    const LifNeurons* lif(std::size_t population) const { return std::get_if<LifNeurons>(&populations_[population].neurons); }
    const AlifNeurons* alif(std::size_t population) const { return std::get_if<AlifNeurons>(&populations_[population].neurons); }

    // DC input (pA) into each neuron, held until changed (encoders write here).
    // Until a population's span is first asked for, its neurons step without it.
    std::span<double> external_current(std::size_t population) {
        populations_[population].has_external_current = true;
        return populations_[population].external_current;
    }
    // Makes neuron `neuron` of a spike-source population spike in the next step().
    void inject_spike(std::size_t population, std::uint32_t neuron) {
        Population& p = populations_[population];
        if (p.pending[neuron] == 0) {
            p.pending[neuron] = 1;
            p.pending_spikes.push_back(neuron);
        }
    }
    // Spikes of the last step, ascending neuron index.
    std::span<const std::uint32_t> spikes(std::size_t population) const { return populations_[population].spikes; }
    // Synaptic input waiting for the coming step (pA), for inspection and tests.
    std::span<const double> pending_input(std::size_t population);

    // Plasticity of a projection; nullptr when it has another rule (or none).
    PlasticityRule plasticity_rule(std::size_t projection) const;
    Stdp* stdp(std::size_t projection) { return std::get_if<Stdp>(&plasticity_[projection]); }
    const Stdp* stdp(std::size_t projection) const { return std::get_if<Stdp>(&plasticity_[projection]); }
    RatePlasticity* rate_plasticity(std::size_t projection) { return std::get_if<RatePlasticity>(&plasticity_[projection]); }
    const RatePlasticity* rate_plasticity(std::size_t projection) const {
        return std::get_if<RatePlasticity>(&plasticity_[projection]);
    }
    // Plasticity parameters by name (plasticity_parameters(rule)) and element
    // (0 for scalars; synapse, pre neuron or post-pair index otherwise). Throw
    // std::invalid_argument for a projection without that parameter.
    std::size_t plasticity_parameter_size(std::size_t projection, std::string_view name) const;
    double plasticity_parameter(std::size_t projection, std::string_view name, std::size_t element) const;
    void set_plasticity_parameter(std::size_t projection, std::string_view name, std::size_t element, double value);
    // The weight a spike crossing `synapse` carries now (pA): W, STDP's current
    // weight, or W + alpha E.
    double transmitted_weight(std::size_t projection, std::size_t synapse) const;

    // Reward from the environment; R-STDP projections apply it at the start of
    // the next step()'s plasticity phase (rewards given before one step add up).
    void set_reward(double reward) {
        reward_ += reward;
        has_reward_ = true;
    }

    void step();
    // reset_activity() and reset_plasticity(): the network as built.
    void reset();
    // Initial neuron state, empty delay lines, no pending spikes or reward, external
    // currents 0, step 0; STDP traces 0 and the rate rules' interval restarts.
    void reset_activity();
    // Plastic state from the parameters: STDP weights back to W, eligibility,
    // baseline, E and phi to 0. Call after changing parameters (GenomeMap::apply does).
    void reset_plasticity();

    // Counters for throughput measurements.
    std::uint64_t neuron_updates() const { return neuron_updates_; }
    std::uint64_t synaptic_events() const { return synaptic_events_; }

private:
    // Spikes of one step, capacity one per neuron. Copies keep that capacity (a
    // plain vector copy would not), so a network copied from a prototype never
    // allocates in step().
    struct SpikeList : std::vector<std::uint32_t> {
        SpikeList() = default;
        SpikeList(const SpikeList& other) : std::vector<std::uint32_t>() {
            reserve(other.capacity());
            assign(other.begin(), other.end());
        }
        SpikeList(SpikeList&&) noexcept = default;
        SpikeList& operator=(const SpikeList& other) {
            if (this != &other) {
                reserve(other.capacity());
                assign(other.begin(), other.end());
            }
            return *this;
        }
        SpikeList& operator=(SpikeList&&) noexcept = default;
        ~SpikeList() = default;
    };

    struct Population {
        std::string name;
        NeuronModel model = NeuronModel::lif;
        std::size_t size = 0;
        std::variant<std::monostate, LifNeurons, AlifNeurons> neurons;  // monostate: spike source
        std::vector<double> external_current;
        bool has_external_current = false;  // external_current() was called: it may be nonzero
        // Spike sources: the neurons injected for the next step, each once (the
        // flags), so a step costs the injected spikes, not a scan of the population.
        std::vector<std::uint8_t> pending;
        SpikeList pending_spikes;  // capacity size
        SpikeList spikes;  // capacity size
        DelayRing input;
        bool receives_input = false;  // a projection ends here (else the input stays 0, never cleared)
    };

    double dt_;
    std::vector<Population> populations_;
    std::vector<Projection> projections_;
    std::vector<Plasticity> plasticity_;  // one per projection
    double reward_ = 0.0;
    bool has_reward_ = false;
    std::uint64_t step_count_ = 0;
    std::uint64_t neurons_per_step_ = 0;  // neurons of the lif and alif populations
    bool has_plasticity_ = false;         // some projection has a rule: step() runs the plasticity phase
    std::uint64_t neuron_updates_ = 0;
    std::uint64_t synaptic_events_ = 0;
};

}  // namespace l2l::sim
