// How an agent couples a network to an environment: encoders (observation and
// reward -> network input), one decoder (network spikes -> action), and the
// stepping. Parsed from the [agent] table (format: docs/simulator.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "simulator/network_spec.hpp"

namespace l2l::sim {

struct EncoderSpec {
    enum class Kind {
        bin,          // one-hot bins of one observation component
        gaussian,     // place cells over one or more components, Bernoulli spikes
        poisson,      // constant-rate Bernoulli spikes (background noise)
        passthrough,  // observation components are already 0/1 spikes
        current,      // DC current, constant or an affine function of one component
        reward,       // reward > 0 / < 0 makes neuron 0 / 1 spike
    };
    enum class Drive { current, spikes };

    Kind kind = Kind::bin;
    std::string population;
    std::vector<std::size_t> observation;  // component indices (bin/current/passthrough: one)
    // bin
    std::vector<double> low;
    std::vector<double> high;
    std::size_t first_neuron = 0;
    std::size_t bins = 0;
    Drive drive = Drive::current;
    double current = 0.0;         // pA (bin with drive current; current encoder's constant part)
    std::size_t spike_interval = 1;  // steps between spikes (bin with drive spikes; reward)
    // gaussian
    std::vector<std::size_t> grid;  // centres per component, row-major neuron order
    std::vector<double> sigma;      // per component, observation units
    double rate = 0.0;              // Hz (gaussian peak, poisson)
    // current
    double gain = 0.0;  // pA per observation unit
    // reward
    std::size_t duration = 0;  // steps at the start of each window during which reward spikes are sent
};

struct DecoderSpec {
    enum class Kind { argmax, population_vector, spike_count };
    Kind kind = Kind::argmax;
    std::string population;
    // argmax; spike_count: neurons per output component
    std::size_t neurons_per_action = 1;
    int tie_action = -1;  // -1: the middle action, (actions - 1) / 2 ... see docs; resolved by the parser
    // population_vector
    std::size_t dimensions = 1;
    double gain = 1.0;  // action units per Hz of rate difference
    bool clip = false;
    double low = 0.0;
    double high = 0.0;
};

enum class ResetPolicy { episode, never };

struct AgentConfig {
    std::size_t steps_per_action = 20;  // simulation steps per environment step
    ResetPolicy reset = ResetPolicy::episode;             // neuron state
    ResetPolicy plasticity_reset = ResetPolicy::episode;  // plastic state (default: as `reset`)
    std::vector<EncoderSpec> encoders;
    DecoderSpec decoder;
};

// Throws std::invalid_argument naming the key path (agent.encoders[1].population ...),
// the value and what is allowed; population references are checked against `network`.
AgentConfig parse_agent_config(const toml::table& agent_section, const NetworkSpec& network);

}  // namespace l2l::sim
