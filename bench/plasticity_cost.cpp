// Cost of plasticity on one projection: synaptic events per second for the same
// projection and the same spike trains with no plasticity, STDP, R-STDP and each
// SpikePropamine rule, and the ratio to no plasticity. One step = transmission
// (deliver into a post input row, which is then cleared as a population would)
// + the rule's step. Pre and post spikes are Bernoulli(rate * dt) trains drawn
// once, so every variant sees identical activity (plasticity does not feed back
// into the rates here).
// (4) is a whole agent: the T-maze networks of examples/networks/ (fixed weights
// and NDP-Oja) driven through Agent::act() by the T-maze environment.
// Usage: l2l_bench_plasticity [seconds of simulated time, default 10] [cases, default 1234]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <span>
#include <vector>

#include "common/random.hpp"
#include "environments/registry.hpp"
#include "environments/task_evaluation.hpp"
#include "simulator/agent.hpp"
#include "simulator/projection.hpp"
#include "simulator/rate_plasticity.hpp"
#include "simulator/stdp.hpp"

using namespace l2l;
using namespace l2l::sim;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int repetitions = 5;  // the machine may be shared: fastest and median

struct Case {
    std::string label;
    std::size_t pre;
    std::size_t post;
    Connectivity connectivity;
    double probability;
    double rate_hz;
};

// Spike lists of every step, flattened: step t's spikes are spikes[start[t] .. start[t + 1]).
struct Raster {
    std::vector<std::uint32_t> spikes;
    std::vector<std::size_t> start;
    std::span<const std::uint32_t> at(std::size_t t) const { return {spikes.data() + start[t], start[t + 1] - start[t]}; }
};

Raster draw_raster(std::size_t neurons, std::size_t steps, double p, Rng& rng) {
    Raster r;
    r.start.push_back(0);
    for (std::size_t t = 0; t < steps; ++t) {
        for (std::uint32_t i = 0; i < neurons; ++i) {
            if (rng.bernoulli(p)) r.spikes.push_back(i);
        }
        r.start.push_back(r.spikes.size());
    }
    return r;
}

PlasticitySpec spec_of(PlasticityRule rule) {
    PlasticitySpec spec;
    spec.rule = rule;
    spec.interval = 10.0;
    for (const PlasticParameterInfo& info : plasticity_parameters(rule)) spec.values[std::string(info.name)] = info.default_value;
    if (rule == PlasticityRule::stdp || rule == PlasticityRule::reward_stdp) {
        spec.values["w_max"] = 1000.0;
        if (rule == PlasticityRule::reward_stdp) spec.values["baseline_rate"] = 0.05;
    } else {
        spec.values["alpha"] = 50.0;
        if (is_neuromodulated_rule(rule)) spec.values["W_m"] = 0.1;
        if (is_bcm_rule(rule)) spec.values["psi"] = 0.01;
    }
    return spec;
}

struct Timing {
    double fastest = 1e300;
    double median = 0.0;
    std::uint64_t events = 0;
};

// `prepare` (untimed) resets the rule's state; `step_all` runs every step.
template <class Prepare, class StepAll>
Timing time_it(Prepare prepare, StepAll step_all) {
    std::vector<double> walls;
    Timing timing;
    for (int rep = 0; rep < repetitions; ++rep) {
        prepare();
        const auto start = Clock::now();
        timing.events = step_all();
        walls.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    }
    std::sort(walls.begin(), walls.end());
    timing.fastest = walls.front();
    timing.median = walls[walls.size() / 2];
    return timing;
}

void run_case(const Case& c, double seconds) {
    const double dt = 1.0;
    const auto steps = static_cast<std::size_t>(seconds * 1000.0 / dt);
    Rng rng(derive_seed({42, c.pre, c.post}));
    const double p = c.rate_hz * dt / 1000.0;
    const Raster pre = draw_raster(c.pre, steps, p, rng);
    const Raster post = draw_raster(c.post, steps, p, rng);
    ProjectionSpec ps;
    ps.name = "bench";
    ps.from = "pre";
    ps.to = "post";
    ps.connectivity = c.connectivity;
    ps.probability = c.probability;
    ps.seed = 7;
    ps.weight = 100.0;
    ps.weight_std = 20.0;
    const Projection projection(ps, 0, 1, c.pre, c.post, 1);
    std::vector<double> input(c.post, 0.0);

    fmt::print("\n{}: {} x {} {}, {} synapses, pre and post {} Hz, dt {} ms, {} s, E interval 10 ms\n", c.label, c.pre,
               c.post, projection.is_dense() ? "dense" : "sparse", projection.synapse_count(), c.rate_hz, dt, seconds);
    fmt::print("{:<14} {:>12} {:>12} {:>16} {:>10}\n", "rule", "fastest (s)", "median (s)", "events/s", "ratio");

    double baseline = 0.0;
    auto report = [&](const std::string& name, const Timing& t) {
        const double rate = static_cast<double>(t.events) / t.fastest;
        if (baseline == 0.0) baseline = rate;
        fmt::print("{:<14} {:>12.4f} {:>12.4f} {:>16.3e} {:>10.2f}\n", name, t.fastest, t.median, rate, baseline / rate);
    };

    report("none", time_it([] {}, [&] {
               std::uint64_t events = 0;
               for (std::size_t t = 0; t < steps; ++t) {
                   events += projection.deliver(pre.at(t), input);
                   std::fill(input.begin(), input.end(), 0.0);
               }
               return events;
           }));
    // R-STDP twice: a reward every 20 steps (every environment step of 20 ms; each reward
    // moves every synapse) and every 500 steps (one reward per trial).
    struct StdpVariant {
        std::string label;
        PlasticityRule rule;
        std::size_t reward_every;
    };
    for (const StdpVariant& variant : {StdpVariant{"stdp", PlasticityRule::stdp, 0},
                                       StdpVariant{"rstdp", PlasticityRule::reward_stdp, 20},
                                       StdpVariant{"rstdp (500)", PlasticityRule::reward_stdp, 500}}) {
        Stdp stdp(spec_of(variant.rule), projection, dt);
        auto prepare = [&] {
            stdp.reset_plasticity(projection);
            stdp.reset_activity();
        };
        const std::size_t every = variant.reward_every;
        report(variant.label, time_it(prepare, [&] {
                   std::uint64_t events = 0;
                   for (std::size_t t = 0; t < steps; ++t) {
                       if (every != 0 && t % every == 0) stdp.apply_reward(t % (2 * every) == 0 ? 1.0 : 0.0);
                       events += projection.deliver_weights(pre.at(t), input, stdp.weights().data());
                       std::fill(input.begin(), input.end(), 0.0);
                       stdp.step(projection, pre.at(t), post.at(t));
                   }
                   return events;
               }));
    }
    for (const PlasticityRule rule : {PlasticityRule::linear_decay, PlasticityRule::oja, PlasticityRule::bcm,
                                      PlasticityRule::ndp_oja, PlasticityRule::ndp_bcm}) {
        RatePlasticity plastic(spec_of(rule), projection, dt);
        auto prepare = [&] {
            plastic.reset_plasticity();
            plastic.reset_activity();
        };
        report(std::string(rule_name(rule)), time_it(prepare, [&] {
                   std::uint64_t events = 0;
                   for (std::size_t t = 0; t < steps; ++t) {
                       events += plastic.deliver(projection, pre.at(t), input);
                       std::fill(input.begin(), input.end(), 0.0);
                       plastic.step(projection, pre.at(t), post.at(t));
                   }
                   return events;
               }));
    }
}

// Environment steps per second of a T-maze agent (1 ms per step) with a random genome in bounds.
void tmaze_agents(double seconds) {
    const double trial_ms = 2250.0;
    const auto trials = static_cast<std::int64_t>(std::max(1.0, seconds * 1000.0 / trial_ms));
    const auto family = env::make_family("TMaze", {{"n_trials", trials}, {"noise", std::string("high")}});
    fmt::print("\n(4) T-maze agents through Agent::act(), {} trials ({} s of network time), high noise\n", trials,
               static_cast<double>(trials) * trial_ms / 1000.0);
    fmt::print("{:<28} {:>12} {:>12} {:>16} {:>10}\n", "network", "fastest (s)", "median (s)", "env steps/s", "ratio");
    double baseline = 0.0;
    for (const char* name : {"tmaze_fixed", "tmaze_ndp_oja"}) {
        const sim::AgentSpec spec = sim::AgentSpec::from_file(std::string(L2L_SOURCE_DIR "/examples/networks/") + name + ".toml");
        Rng rng(3);
        std::vector<double> genome(spec.genome_size());
        const sim::GeneBounds bounds = spec.bounds();
        for (std::size_t i = 0; i < genome.size(); ++i) genome[i] = rng.uniform(bounds.lower[i], bounds.upper[i]);
        std::uint64_t steps = 0;
        const Timing t = time_it([] {}, [&] {
            const auto agent = spec.build(genome);
            const auto environment = family->make(11);
            const env::EpisodeOutcome outcome = env::run_episode(*environment, *agent, 1, 2);
            steps = outcome.length;
            return outcome.length;
        });
        const double rate = static_cast<double>(steps) / t.fastest;
        if (baseline == 0.0) baseline = rate;
        fmt::print("{:<28} {:>12.4f} {:>12.4f} {:>16.3e} {:>10.2f}\n", std::string(name) + ".toml", t.fastest, t.median, rate,
                   baseline / rate);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 10.0;
    const std::string cases = argc > 2 ? argv[2] : "1234";
    if (!(seconds > 0.0 && seconds <= 1000.0) || argc > 3 ||
        cases.find_first_not_of("1234") != std::string::npos || cases.empty()) {
        fmt::print(stderr,
                   "usage: l2l_bench_plasticity [seconds of simulated time in (0, 1000], default 10] "
                   "[cases: digits 1-4, default 1234]\n");
        return 2;
    }
    const auto wanted = [&cases](char c) { return cases.find(c) != std::string::npos; };
    fmt::print("Plasticity cost per projection (one core; ratio = events/s without plasticity / with it)\n");
    if (wanted('1')) run_case({"(1) T-maze input layer", 40, 64, Connectivity::all_to_all, 1.0, 20.0}, seconds);
    if (wanted('2')) run_case({"(2) dense", 1000, 1000, Connectivity::all_to_all, 1.0, 20.0}, seconds);
    if (wanted('3')) run_case({"(3) sparse p = 0.1", 2000, 2000, Connectivity::fixed_probability, 0.1, 10.0}, seconds);
    if (wanted('4')) tmaze_agents(seconds);
    return 0;
}
