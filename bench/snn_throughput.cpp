// Single-core throughput of the simulator's inner loop: neuron updates per second
// and synaptic events per second for
//   (1) the L2L Mountain Car network (examples/networks/mountaincar_l2l.toml),
//       driven through Agent::act() with a random genome in bounds;
//   (2) a 1,000-neuron recurrent ALIF network at dt 1 ms (10 % connectivity)
//       driven by Poisson sources (default 200 at 50 Hz); the same network as
//       bench/brian2_alif.py;
//   (3) network (2) as a plain C++ loop (same spikes), interleaved with (2):
//       the CPU time ratio l2l / reference is how far l2l is from the limit.
// Usage: l2l_bench_snn [seconds of simulated time for (2), default 10] [alif: (2) and (3) only]
//                      [sources, default 200] [rate in Hz, default 50] [repetitions, default 5]
// (issue 18's network: l2l_bench_snn 10 alif 100 11)
#include <fmt/format.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
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
int repetitions = 5;
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

// The Poisson drive of network (2): sources and rate (Hz).
std::size_t poisson_sources = 200;
double poisson_rate = 50.0;
constexpr std::uint64_t poisson_seed = 7;

NetworkSpec recurrent_alif_spec() {
    // Same constants as bench/brian2_alif.py.
    NetworkSpec spec;
    spec.dt = 1.0;
    PopulationSpec input{"input", poisson_sources, NeuronModel::spike_source, {}};
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
    return spec;
}

// What one simulation gives back: spikes counted and a digest of (step, neuron)
// of every ALIF spike, so two loops can be shown to produce the same spikes.
struct SpikeRecord {
    std::uint64_t count = 0;
    std::uint64_t digest = 0xcbf29ce484222325ULL;
    void add(std::uint64_t step, std::uint32_t neuron) {
        ++count;
        digest = (digest ^ (step * 1000003ULL + neuron)) * 0x100000001b3ULL;
    }
};

// The network through l2l's Network::step and PoissonEncoder.
struct L2lAlif {
    Network net{recurrent_alif_spec()};
    std::unique_ptr<Encoder> poisson;
    L2lAlif() {
        EncoderSpec noise;
        noise.kind = EncoderSpec::Kind::poisson;
        noise.population = "input";
        noise.rate = poisson_rate;
        poisson = make_encoder(noise, net, 0);
    }
    [[gnu::noinline]] SpikeRecord run(std::uint64_t steps) {
        net.reset();
        poisson->reset(poisson_seed);
        SpikeRecord record;
        for (std::uint64_t k = 0; k < steps; ++k) {
            poisson->drive(k, net);
            net.step();
            for (const std::uint32_t i : net.spikes(1)) record.add(k, i);
        }
        return record;
    }
};

// The limit: the same model, connectivity, weights, Poisson draws and
// arithmetic as a plain C++ loop over flat arrays (CSR synapses, one input
// buffer per delay slot, per-neuron parameters as l2l keeps them), none of
// l2l's generality (populations, variants, encoders, delay rings, counters).
struct ReferenceAlif {
    std::size_t n = 0;
    std::size_t sources = 0;
    double probability = 0.0;
    std::vector<std::uint32_t> in_start, in_target, rec_start, rec_target;
    std::vector<double> in_weight, rec_weight;
    std::vector<double> alpha, rho, gain, b0, beta;
    std::vector<std::int32_t> t_ref_steps;

    explicit ReferenceAlif(const Network& net) : n(net.population_size(1)), sources(net.population_size(0)) {
        probability = poisson_rate * net.dt() / 1000.0;
        copy_csr(net.projection(0), in_start, in_target, in_weight);
        copy_csr(net.projection(1), rec_start, rec_target, rec_weight);
        const double dt = net.dt();
        for (std::size_t i = 0; i < n; ++i) {
            const double tau_m = net.neuron_parameter(1, "tau_m", i);
            const double tau_a = net.neuron_parameter(1, "tau_a", i);
            alpha.push_back(std::exp(-dt / tau_m));
            rho.push_back(std::exp(-dt / tau_a));
            gain.push_back((1.0 - alpha.back()) * tau_m / net.neuron_parameter(1, "C_m", i));
            b0.push_back(net.neuron_parameter(1, "b0", i));
            beta.push_back(net.neuron_parameter(1, "beta", i));
            t_ref_steps.push_back(static_cast<std::int32_t>(std::llround(net.neuron_parameter(1, "t_ref", i) / dt)));
        }
    }
    static void copy_csr(const Projection& p, std::vector<std::uint32_t>& start, std::vector<std::uint32_t>& target,
                         std::vector<double>& weight) {
        for (std::uint32_t pre = 0; pre <= p.pre_size(); ++pre) {
            start.push_back(static_cast<std::uint32_t>(pre < p.pre_size() ? p.row_begin(pre) : p.synapse_count()));
        }
        target.assign(p.targets(), p.targets() + p.synapse_count());
        weight.assign(p.weights().begin(), p.weights().end());
    }

    [[gnu::noinline]] SpikeRecord run(std::uint64_t steps) const {
        Rng rng(derive_seed({poisson_seed, 0}));  // PoissonEncoder's stream 0
        std::vector<double> now(n, 0.0), next(n, 0.0), v(n, 0.0), b(n, 0.0);
        std::vector<std::uint8_t> spiked(n, 0);
        std::vector<std::int32_t> refractory(n, 0);
        std::vector<std::uint32_t> source_spikes(sources), alif_spikes(n);
        SpikeRecord record;
        for (std::uint64_t k = 0; k < steps; ++k) {
            std::size_t n_sources = 0;
            for (std::uint32_t s = 0; s < sources; ++s) {
                if (rng.bernoulli(probability)) source_spikes[n_sources++] = s;
            }
            std::size_t n_spikes = 0;
            for (std::size_t i = 0; i < n; ++i) {
                const double z = spiked[i] != 0 ? 1.0 : 0.0;
                b[i] = rho[i] * b[i] + (1.0 - rho[i]) * z;
                const double A = b0[i] + beta[i] * b[i];
                v[i] = alpha[i] * v[i] + gain[i] * now[i] - z * A;
                bool fired = false;
                if (refractory[i] > 0) {
                    --refractory[i];
                } else if (v[i] >= A) {
                    fired = true;
                    refractory[i] = t_ref_steps[i];
                    alif_spikes[n_spikes++] = static_cast<std::uint32_t>(i);
                }
                spiked[i] = fired ? 1 : 0;
            }
            std::fill(now.begin(), now.end(), 0.0);
            for (std::size_t s = 0; s < n_sources; ++s) {
                const std::uint32_t pre = source_spikes[s];
                for (std::uint32_t q = in_start[pre]; q < in_start[pre + 1]; ++q) next[in_target[q]] += in_weight[q];
            }
            for (std::size_t s = 0; s < n_spikes; ++s) {
                const std::uint32_t pre = alif_spikes[s];
                for (std::uint32_t q = rec_start[pre]; q < rec_start[pre + 1]; ++q) next[rec_target[q]] += rec_weight[q];
                record.add(k, pre);
            }
            now.swap(next);
        }
        return record;
    }
};

double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double median_of(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

void recurrent_alif(double seconds) {
    L2lAlif l2l_net;
    const ReferenceAlif reference(l2l_net.net);
    const Network& net = l2l_net.net;
    const auto steps = static_cast<std::uint64_t>(seconds * 1000.0);
    SpikeRecord l2l_spikes;
    SpikeRecord reference_spikes;
    Best best;
    std::vector<double> l2l_cpu;
    std::vector<double> reference_cpu;
    std::vector<double> ratios;
    // A short untimed run of each first, so neither timed run pays for cold caches and page faults.
    l2l_net.run(std::min<std::uint64_t>(steps, 1000));
    reference.run(std::min<std::uint64_t>(steps, 1000));
    // Interleaved, l2l then the reference, so a change of machine load hits both.
    for (int repetition = 0; repetition < repetitions; ++repetition) {
        const std::uint64_t updates = net.neuron_updates();
        const std::uint64_t events = net.synaptic_events();
        const auto start = Clock::now();
        const double cpu_start = thread_cpu_seconds();
        l2l_spikes = l2l_net.run(steps);
        l2l_cpu.push_back(thread_cpu_seconds() - cpu_start);
        best.add(seconds_since(start), net.neuron_updates() - updates, net.synaptic_events() - events);
        const double reference_start = thread_cpu_seconds();
        reference_spikes = reference.run(steps);
        reference_cpu.push_back(thread_cpu_seconds() - reference_start);
        ratios.push_back(l2l_cpu.back() / reference_cpu.back());
    }
    const double wall = best.wall;
    fmt::print("(2) recurrent ALIF: 1000 neurons, {} recurrent + {} input synapses, {} Poisson sources at {} Hz, dt 1 ms\n",
               net.projection(1).synapse_count(), net.projection(0).synapse_count(), poisson_sources, poisson_rate);
    fmt::print("    {:.0f} s simulated in {:.3f} s wall ({:.1f}x real time); mean ALIF rate {:.1f} Hz\n", seconds, wall,
               seconds / wall, static_cast<double>(l2l_spikes.count) / 1000.0 / seconds);
    fmt::print("    neuron updates/s {:.3e}   synaptic events/s {:.3e}   (fastest of {} runs; median wall {:.3f} s)\n",
               static_cast<double>(best.updates) / wall, static_cast<double>(best.events) / wall, repetitions,
               best.median());
    fmt::print("(3) the same network as a plain C++ loop (bench/snn_throughput.cpp ReferenceAlif), interleaved with (2)\n");
    fmt::print("    spikes: l2l {} (digest {:016x}), reference {} (digest {:016x}): {}\n", l2l_spikes.count,
               l2l_spikes.digest, reference_spikes.count, reference_spikes.digest,
               l2l_spikes.digest == reference_spikes.digest && l2l_spikes.count == reference_spikes.count
                   ? "identical"
                   : "DIFFERENT");
    fmt::print("    CPU time min/median: l2l {:.4f}/{:.4f} s, reference {:.4f}/{:.4f} s, l2l/reference {:.2f}/{:.2f}\n",
               *std::min_element(l2l_cpu.begin(), l2l_cpu.end()), median_of(l2l_cpu),
               *std::min_element(reference_cpu.begin(), reference_cpu.end()), median_of(reference_cpu),
               *std::min_element(ratios.begin(), ratios.end()), median_of(ratios));
    // One line per repetition for scripts (bench/alif_interleaved.py).
    for (std::size_t r = 0; r < l2l_cpu.size(); ++r) {
        fmt::print("    cpu_seconds l2l {:.6f} reference {:.6f} spikes {} {}\n", l2l_cpu[r], reference_cpu[r],
                   l2l_spikes.count, l2l_spikes.digest == reference_spikes.digest ? "identical" : "DIFFERENT");
    }
}

}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::strtod(argv[1], nullptr) : 10.0;
    if (argc > 3) poisson_sources = std::strtoul(argv[3], nullptr, 10);
    if (argc > 4) poisson_rate = std::strtod(argv[4], nullptr);
    if (argc > 5) repetitions = std::atoi(argv[5]);
    if (poisson_sources == 0 || !(poisson_rate > 0.0) || repetitions < 1) {
        fmt::print(stderr, "l2l_bench_snn: sources, rate (Hz) and repetitions must be positive; got {}, {}, {}\n",
                   poisson_sources, poisson_rate, repetitions);
        return 2;
    }
    if (argc <= 2 || std::string(argv[2]) != "alif") mountain_car();
    recurrent_alif(seconds > 0.0 ? seconds : 10.0);
    return 0;
}
