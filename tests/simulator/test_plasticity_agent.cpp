// Plasticity inside agents: the reward reaches R-STDP through act(), the plastic
// state resets between tasks (or persists, as configured) and never leaks into
// a newly built agent, a two-trial association that only a plastic network can
// pass, and a hand-set NDP-Oja network that solves the T-maze.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "environments/registry.hpp"
#include "environments/task_evaluation.hpp"
#include "simulator/agent.hpp"

using namespace l2l;
using namespace l2l::sim;

namespace {

// Two-trial association. Variant v (reset seed % 2). Pairing trial, steps [0, 100): the cue
// and hint v are on; pause [100, 300); test trial [300, 400): the cue alone. The answer is
// the output with more spikes during the test trial; objective 1 when it is output v.
// Observation (cue, hint 0, hint 1) as 0/1 spikes; action: spike counts of the 2 outputs.
class TwoTrialAssociation final : public env::Environment {
public:
    std::string_view name() const override { return "TwoTrialAssociation"; }
    const env::Space& observation_space() const override { return observation_space_; }
    const env::Space& action_space() const override { return action_space_; }
    void reset(std::uint64_t seed) override {
        variant_ = static_cast<int>(seed % 2U);
        step_ = 0;
        votes_[0] = votes_[1] = 0.0;
        observe();
    }
    std::span<const double> observation() const override { return observation_; }
    env::StepResult step(const env::Action& action) override {
        if (step_ >= test_start) {
            votes_[0] += action.continuous.at(0);
            votes_[1] += action.continuous.at(1);
        }
        ++step_;
        env::StepResult r;
        r.terminated = step_ == test_end;
        observe();
        return r;
    }
    double objective(double) const override { return votes_[variant_] > votes_[1 - variant_] ? 1.0 : 0.0; }
    double votes(int output) const { return votes_[output]; }

private:
    static constexpr int pairing_end = 100;
    static constexpr int test_start = 300;
    static constexpr int test_end = 400;
    void observe() {
        const bool pairing = step_ < pairing_end;
        const bool testing = step_ >= test_start;
        observation_[0] = pairing || testing ? 1.0 : 0.0;
        observation_[1] = pairing && variant_ == 0 ? 1.0 : 0.0;
        observation_[2] = pairing && variant_ == 1 ? 1.0 : 0.0;
    }

    env::Space observation_space_{env::Space::Kind::spikes, 3, {}, {}, {"cue", "hint0", "hint1"}};
    env::Space action_space_{env::Space::Kind::spikes, 2, {}, {}, {"out0", "out1"}};
    std::vector<double> observation_ = std::vector<double>(3, 0.0);
    int variant_ = 0;
    int step_ = 0;
    double votes_[2] = {0.0, 0.0};
};

// cue (1) -> out (2): genes W (2) and, when plastic, an Oja rule with alpha (shared) and eta.
// hint (2) -> out (2): one to one, fixed 20000 pA (a teacher during the pairing trial).
std::string association(const std::string& plasticity, const std::string& plasticity_reset = "episode") {
    std::string text = R"(
[network]
dt = 1.0
[[network.populations]]
name = "cue"
size = 1
model = "spike_source"
[[network.populations]]
name = "hint"
size = 2
model = "spike_source"
[[network.populations]]
name = "out"
size = 2
params = { t_ref = 2.0 }
[[network.projections]]
from = "hint"
to = "out"
connectivity = "one_to_one"
weight = 20000.0
[[network.projections]]
from = "cue"
to = "out"
)";
    if (!plasticity.empty()) text += "plasticity = " + plasticity + "\n";
    text += R"(
[[network.genome]]
projection = "cue->out"
lower = 0.0
upper = 50.0
scale = 1000.0
)";
    if (!plasticity.empty()) {
        text += R"(
[[network.genome]]
projection = "cue->out"
parameter = "alpha"
shared = true
lower = 0.0
upper = 1000.0
scale = 1000.0
[[network.genome]]
projection = "cue->out"
parameter = "eta"
lower = 0.0
upper = 1.0
)";
    }
    text += R"(
[agent]
step_duration = 1.0
plasticity_reset = ")" + plasticity_reset + R"("
[[agent.encoders]]
type = "passthrough"
population = "cue"
observation = 0
[[agent.encoders]]
type = "passthrough"
population = "hint"
observation = 1
[agent.decoder]
type = "spike_count"
population = "out"
)";
    return text;
}

// One episode; the task's variant is the reset seed's parity.
double run_episode(env::Policy& policy, env::Environment& environment, std::uint64_t seed) {
    return env::run_episode(environment, policy, seed, seed).objective;
}

}  // namespace

TEST_CASE("two-trial association: a plastic network passes both variants, the same network without plasticity cannot") {
    const AgentSpec plastic = AgentSpec::from_toml(toml::parse(association(R"({ rule = "oja", interval = 10.0 })")));
    REQUIRE(plastic.genome_size() == 4);
    // W = 0 (the cue alone drives nothing), alpha = 1e6 pA, eta = 0.1.
    auto agent = plastic.build(std::vector<double>{0.0, 0.0, 1000.0, 0.1});
    TwoTrialAssociation task;
    for (const std::uint64_t seed : {0U, 1U, 2U, 3U}) {
        CAPTURE(seed);
        CHECK(run_episode(*agent, task, seed) == 1.0);
        CHECK(task.votes(static_cast<int>(seed % 2U)) > 10.0);
        CHECK(task.votes(1 - static_cast<int>(seed % 2U)) == 0.0);
    }
    // alpha = 0: the same network with its plasticity switched off fails.
    auto no_alpha = plastic.build(std::vector<double>{0.0, 0.0, 0.0, 0.1});
    CHECK(run_episode(*no_alpha, task, 0) + run_episode(*no_alpha, task, 1) < 2.0);

    // Without plasticity the test trial's input does not depend on the variant, so no
    // weights can answer both variants: try a grid of weights.
    const AgentSpec fixed = AgentSpec::from_toml(toml::parse(association("")));
    REQUIRE(fixed.genome_size() == 2);
    for (const double w0 : {0.0, 2.0, 5.0, 20.0, 50.0}) {
        for (const double w1 : {0.0, 2.0, 5.0, 20.0, 50.0}) {
            CAPTURE(w0);
            CAPTURE(w1);
            auto static_agent = fixed.build(std::vector<double>{w0, w1});
            CHECK(run_episode(*static_agent, task, 0) + run_episode(*static_agent, task, 1) < 2.0);
        }
    }
}

TEST_CASE("plastic state resets at every episode, persists with plasticity_reset = never, never leaks into a new agent") {
    const std::vector<double> genome{0.0, 0.0, 1000.0, 0.1};
    TwoTrialAssociation task;
    const AgentSpec per_episode = AgentSpec::from_toml(toml::parse(association(R"({ rule = "oja" })", "episode")));
    auto agent = per_episode.build(genome);
    run_episode(*agent, task, 0);
    const std::size_t cue = agent->network().projection_index("cue->out");
    CHECK(agent->network().rate_plasticity(cue)->trace(0) > 0.0);  // cue -> out 0 learned
    agent->reset(1);
    CHECK(agent->network().rate_plasticity(cue)->trace(0) == 0.0);
    CHECK(agent->network().transmitted_weight(cue, 0) == 0.0);

    const AgentSpec persistent = AgentSpec::from_toml(toml::parse(association(R"({ rule = "oja" })", "never")));
    auto keeper = persistent.build(genome);
    run_episode(*keeper, task, 0);
    const double learned = keeper->network().rate_plasticity(cue)->trace(0);
    REQUIRE(learned > 0.0);
    keeper->reset(1);
    CHECK(keeper->network().rate_plasticity(cue)->trace(0) == learned);
    CHECK(keeper->network().step_count() == 0);  // neuron state still resets per episode
    // Variant 1 next: the association learned in variant 0 is still there, so out 0 answers too.
    run_episode(*keeper, task, 1);
    CHECK(task.votes(0) > 0.0);

    // A fresh agent from the same genome starts from the genome.
    auto fresh = persistent.build(genome);
    CHECK(fresh->network().rate_plasticity(cue)->trace(0) == 0.0);
    run_episode(*fresh, task, 1);
    CHECK(task.votes(0) == 0.0);
}

TEST_CASE("act() hands the reward to R-STDP: reward times eligibility moves the weight") {
    const std::string text = R"(
[network]
dt = 1.0
[[network.populations]]
name = "in"
size = 1
model = "spike_source"
[[network.populations]]
name = "out"
size = 1
params = { I_e = 400.0 }
[[network.projections]]
from = "in"
to = "out"
weight = 100.0
plasticity = { rule = "rstdp", w_max = 1000.0, eta = 1.0 }
[agent]
step_duration = 20.0
[[agent.encoders]]
type = "bin"
population = "in"
observation = 0
low = 0.0
high = 1.0
drive = "spikes"
spike_interval = 3.0
[agent.decoder]
type = "argmax"
population = "out"
)";
    const AgentSpec spec = AgentSpec::from_toml(toml::parse(text));
    REQUIRE(spec.genome_size() == 0);
    for (const double reward : {0.0, 2.0, -2.0}) {
        CAPTURE(reward);
        auto agent = spec.build(std::vector<double>{});
        agent->reset(0);
        const std::vector<double> obs{0.5};
        for (int i = 0; i < 5; ++i) agent->act(obs, 0.0);
        const double e = agent->network().stdp(0)->eligibility(0);
        REQUIRE(e != 0.0);
        agent->act(obs, reward);  // applied in the first step of this window
        const double w = agent->network().transmitted_weight(0, 0);
        CHECK(w == doctest::Approx(std::clamp(100.0 + reward * e, 0.0, 1000.0)).epsilon(1e-12));
    }
}

namespace {

// The cue gate and read-out shared by the hand-set T-maze networks (in: 40 spike sources, left cue
// 0-9, right cue 10-19, decision 20-29, noise 30-39): the left (right) cue group excites the first
// (second) half of the `hidden` neurons with 400 pA and inhibits the other half with 200 pA, the
// decision group gives every hidden neuron 250 pA; the first half drives output 0 (left) with w_out
// and output 1 with -w_out, the second half the reverse. cue_alpha goes on the cue synapses onto
// their own half (the plastic part of the 40-64-2 design).
void set_tmaze_gate(sim::Network& net, std::size_t hidden, double w_out, double cue_alpha) {
    const std::size_t input = net.projection_index("in->hidden");
    const std::size_t output = net.projection_index("hidden->out");
    const std::span<double> w_in = net.projection(input).weights();
    const std::span<double> w_read = net.projection(output).weights();
    for (std::size_t i = 0; i < hidden; ++i) {
        const bool left_half = i < hidden / 2;
        for (std::size_t j = 0; j < 40; ++j) {
            const std::size_t k = j * hidden + i;
            w_in[k] = 0.0;
            if (j < 20) {
                const bool own_half = (j < 10) == left_half;
                w_in[k] = own_half ? 400.0 : -200.0;
                if (own_half) net.set_plasticity_parameter(input, "alpha", k, cue_alpha);
            } else if (j < 30) {
                w_in[k] = 250.0;
            }
        }
        w_read[i * 2] = left_half ? w_out : -w_out;
        w_read[i * 2 + 1] = left_half ? -w_out : w_out;
    }
}

}  // namespace

TEST_CASE("a hand-set NDP-Oja network solves the high-noise T-maze; without alpha it guesses") {
    // examples/networks/tmaze_ndp_oja.toml with physical values set directly: the left (right)
    // cue group excites hidden 0-31 (32-63) with 400 pA and inhibits the other half with 200 pA;
    // the decision group gives every hidden neuron 250 pA; hidden 0-31 drive output 0 (left),
    // 32-63 output 1. Plasticity only on the cue synapses onto their own half: alpha = 3e4 pA,
    // eta = 0.03 per 10 ms, W_m = 90 on the diagonal (M_i = 90 r_i). A cue grows E on its side;
    // in the decision period the cue groups' background spikes cross the grown synapses.
    const sim::AgentSpec spec = sim::AgentSpec::from_file(L2L_SOURCE_DIR "/examples/networks/tmaze_ndp_oja.toml");
    const auto family = env::make_family("TMaze", {{"n_trials", std::int64_t{100}}, {"noise", std::string("high")}});
    const std::vector<std::uint64_t> seeds{11};
    auto accuracy = [&](double alpha) {
        auto agent = spec.build(std::vector<double>(spec.genome_size(), 0.0));
        sim::Network& net = agent->network();
        set_tmaze_gate(net, 64, 500.0, alpha);
        const std::size_t input = net.projection_index("in->hidden");
        const std::size_t output = net.projection_index("hidden->out");
        for (std::size_t i = 0; i < 64; ++i) net.set_plasticity_parameter(input, "W_m", i * 64 + i, 90.0);
        net.set_plasticity_parameter(input, "eta", 0, 0.03);
        net.set_plasticity_parameter(output, "eta", 0, 0.0);
        return env::evaluate_on_tasks(*family, *agent, seeds).aggregate;
    };
    const double plastic = accuracy(3e4);
    const double fixed = accuracy(0.0);
    CHECK(plastic >= 0.75);
    CHECK(fixed <= 0.6);
    MESSAGE("T-maze accuracy (high noise, 100 trials): plastic ", plastic, ", alpha = 0 ", fixed);
}

TEST_CASE("a hand-set tonic-readout network holds the T-maze's evidence; without alpha it guesses") {
    // examples/networks/tmaze_ndp_oja_h16_tonic.toml with the design of bench/tmaze_tonic_design.py,
    // physical values set directly: the left (right) cue group excites hidden 0-7 (8-15) with 400 pA
    // and inhibits the other half with 200 pA, the decision group gives every hidden neuron 250 pA,
    // hidden 0-7 drive output 0 (left) with 1000 pA and output 1 with -1000 pA, 8-15 the reverse.
    // Only the tonic population's synapses onto the hidden layer are plastic: W = 0, alpha = 3.5e4 pA,
    // eta = 0.003 per 10 ms, M_i = 90 r_i - 30 r(other half). A cue grows E on the synapses onto its
    // half; in the decision period the tonic spikes, the same for both halves, read it out.
    // E resets at every one-trial episode (examples/tmaze_ndp_oja_per_trial.toml).
    const sim::AgentSpec spec =
        sim::AgentSpec::from_file(L2L_SOURCE_DIR "/examples/networks/tmaze_ndp_oja_h16_tonic.toml");
    const auto family = env::make_family("TMaze", {{"n_trials", std::int64_t{1}}, {"noise", std::string("high")}});
    std::vector<std::uint64_t> seeds(300);
    for (std::size_t k = 0; k < seeds.size(); ++k) seeds[k] = 1000 + k;
    constexpr std::size_t hidden = 16, half = 8, tonic = 10;
    auto accuracy = [&](double alpha) {
        auto agent = spec.build(std::vector<double>(spec.genome_size(), 0.0));
        sim::Network& net = agent->network();
        set_tmaze_gate(net, hidden, 1000.0, 0.0);
        const std::size_t input = net.projection_index("in->hidden");
        const std::size_t memory = net.projection_index("tonic->hidden");
        const std::size_t output = net.projection_index("hidden->out");
        for (std::size_t j = 0; j < tonic; ++j) {
            for (std::size_t i = 0; i < hidden; ++i) net.set_plasticity_parameter(memory, "alpha", j * hidden + i, alpha);
        }
        for (std::size_t i = 0; i < hidden; ++i) {
            for (std::size_t k = 0; k < hidden; ++k) {
                const bool same_half = (i < half) == (k < half);
                const double m = i == k ? 90.0 : (same_half ? 0.0 : -30.0);
                net.set_plasticity_parameter(memory, "W_m", i * hidden + k, m);
            }
        }
        net.set_plasticity_parameter(memory, "eta", 0, 0.003);
        net.set_plasticity_parameter(input, "eta", 0, 0.0);
        net.set_plasticity_parameter(output, "eta", 0, 0.0);
        return env::evaluate_on_tasks(*family, *agent, seeds).aggregate;
    };
    const double plastic = accuracy(3.5e4);
    const double fixed = accuracy(0.0);
    // The design scores 0.90-0.91 on 4000 common test trials (docs/meta_learning.md); the ideal
    // observer 0.96. 300 trials: standard error ~0.017.
    CHECK(plastic >= 0.86);
    CHECK(fixed <= 0.6);
    MESSAGE("T-maze accuracy (high noise, 300 one-trial episodes): tonic readout ", plastic, ", alpha = 0 ", fixed);
}
