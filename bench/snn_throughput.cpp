// Single-core throughput of the simulator's inner loop: neuron updates per second
// and synaptic events per second for
//   (1) the L2L Mountain Car network (examples/networks/mountaincar_l2l.toml),
//       driven through Agent::act() with a random genome in bounds;
//   (2) a 1,000-neuron recurrent ALIF network at dt 1 ms (10 % connectivity)
//       driven by 200 Poisson sources; the same network as bench/brian2_alif.py.
// Usage: l2l_bench_snn [seconds of simulated time for (2), default 10]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/random.hpp"
#include "simulator/agent.hpp"
#include "simulator/encoders.hpp"
#include "simulator/network.hpp"

using namespace l2l;
using namespace l2l::sim;
using Clock = std::chrono::steady_clock;

namespace {

// The machine may be shared: report the fastest repetition (least disturbed) and the median.
constexpr int repetitions = 5;
struct Best {
    double wall = 1e300;
    std::uint64_t updates = 0;
    std::uint64_t events = 0;
    std::vector<double> walls;
    void add(double seconds, std::uint64_t neuron_updates, std::uint64_t synaptic_events) {
        walls.push_back(seconds);
        if (seconds < wall) {
            wall = seconds;
            updates = neuron_updates;
            events = synaptic_events;
        }
    }
    double median() {
        std::sort(walls.begin(), walls.end());
        return walls[walls.size() / 2];
    }
};

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void mountain_car() {
    const AgentSpec spec = AgentSpec::from_file(L2L_SOURCE_DIR "/examples/networks/mountaincar_l2l.toml");
    Rng rng(1);
    std::vector<double> genome(spec.genome_size());
    const GeneBounds bounds = spec.bounds();
    for (std::size_t i = 0; i < genome.size(); ++i) genome[i] = rng.uniform(bounds.lower[i], bounds.upper[i]);
    auto agent = spec.build(genome);
    const int env_steps = 20000;  // 400 s of network time
    std::vector<double> observation{-0.5, 0.0};
    const Network& net = agent->network();
    Best best;
    for (int repetition = 0; repetition < repetitions; ++repetition) {
        agent->reset(1);
        const std::uint64_t updates = net.neuron_updates();
        const std::uint64_t events = net.synaptic_events();
        const auto start = Clock::now();
        for (int k = 0; k < env_steps; ++k) {
            observation[0] = -1.2 + 1.8 * static_cast<double>(k % 97) / 96.0;  // sweep the bins
            observation[1] = -0.07 + 0.14 * static_cast<double>(k % 31) / 30.0;
            agent->act(observation, 0.0);
        }
        best.add(seconds_since(start), net.neuron_updates() - updates, net.synaptic_events() - events);
    }
    const double wall = best.wall;
    const double simulated = static_cast<double>(net.step_count()) * net.dt() / 1000.0;
    std::size_t lif = 0;
    std::size_t sources = 0;
    for (std::size_t p = 0; p < net.population_count(); ++p) {
        (net.population_model(p) == NeuronModel::spike_source ? sources : lif) += net.population_size(p);
    }
    fmt::print("(1) Mountain Car network: {} spike sources + {} LIF neurons, 315 synapses, dt {} ms, {} steps per "
               "action\n",
               sources, lif, net.dt(), agent->steps_per_action());
    fmt::print("    {} env steps ({:.0f} s simulated) in {:.3f} s wall: {:.0f} env steps/s, {:.0f}x real time\n",
               env_steps, simulated, wall, env_steps / wall, simulated / wall);
    fmt::print("    neuron updates/s {:.3e}   synaptic events/s {:.3e}   (fastest of {} runs; median wall {:.3f} s)\n",
               static_cast<double>(best.updates) / wall, static_cast<double>(best.events) / wall, repetitions,
               best.median());
}

// A 10 % fixed-probability projection with a 1 ms delay, as both of bench/brian2_alif.py's.
ProjectionSpec sparse_projection(const std::string& from, const std::string& to, std::uint64_t seed) {
    ProjectionSpec projection;
    projection.name = from + "->" + to;
    projection.from = from;
    projection.to = to;
    projection.connectivity = Connectivity::fixed_probability;
    projection.probability = 0.1;
    projection.seed = seed;
    projection.delay = 1.0;
    return projection;
}

void recurrent_alif(double seconds) {
    // Same constants as bench/brian2_alif.py.
    NetworkSpec spec;
    spec.dt = 1.0;
    PopulationSpec input{"input", 200, NeuronModel::spike_source, {}};
    PopulationSpec alif{"alif", 1000, NeuronModel::alif, {}};
    alif.parameters["tau_m"] = {20.0};
    alif.parameters["C_m"] = {250.0};
    alif.parameters["b0"] = {15.0};
    alif.parameters["beta"] = {100.0};
    alif.parameters["tau_a"] = {500.0};
    alif.parameters["t_ref"] = {2.0};
    spec.populations = {input, alif};
    ProjectionSpec in = sparse_projection("input", "alif", 1);
    in.weight = 250.0;
    ProjectionSpec rec = sparse_projection("alif", "alif", 2);
    rec.weight = 0.0;
    rec.weight_std = 100.0;
    spec.projections = {in, rec};
    Network net(spec);
    EncoderSpec noise;
    noise.kind = EncoderSpec::Kind::poisson;
    noise.population = "input";
    noise.rate = 50.0;
    auto poisson = make_encoder(noise, net, 0);

    const auto steps = static_cast<std::uint64_t>(seconds * 1000.0);
    std::uint64_t alif_spikes = 0;
    Best best;
    for (int repetition = 0; repetition < repetitions; ++repetition) {
        net.reset();
        poisson->reset(7);
        alif_spikes = 0;
        const std::uint64_t updates = net.neuron_updates();
        const std::uint64_t events = net.synaptic_events();
        const auto start = Clock::now();
        for (std::uint64_t k = 0; k < steps; ++k) {
            poisson->drive(k, net);
            net.step();
            alif_spikes += net.spikes(1).size();
        }
        best.add(seconds_since(start), net.neuron_updates() - updates, net.synaptic_events() - events);
    }
    const double wall = best.wall;
    fmt::print("(2) recurrent ALIF: 1000 neurons, {} recurrent + {} input synapses, 200 Poisson sources at 50 Hz, dt 1 ms\n",
               net.projection(1).synapse_count(), net.projection(0).synapse_count());
    fmt::print("    {:.0f} s simulated in {:.3f} s wall ({:.1f}x real time); mean ALIF rate {:.1f} Hz\n", seconds, wall,
               seconds / wall, static_cast<double>(alif_spikes) / 1000.0 / seconds);
    fmt::print("    neuron updates/s {:.3e}   synaptic events/s {:.3e}   (fastest of {} runs; median wall {:.3f} s)\n",
               static_cast<double>(best.updates) / wall, static_cast<double>(best.events) / wall, repetitions,
               best.median());
}

}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::strtod(argv[1], nullptr) : 10.0;
    mountain_car();
    recurrent_alif(seconds > 0.0 ? seconds : 10.0);
    return 0;
}
