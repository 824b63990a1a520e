// Parsing of network and agent descriptions; errors name the key path, value and what is allowed.
#include <doctest/doctest.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include <toml++/toml.h>

#include "simulator/agent.hpp"
#include "simulator/network_config.hpp"
#include "tests/simulator/spec_text.hpp"

using namespace l2l::sim;

namespace {
const char* const base = R"(
[network]
dt = 0.5
[[network.populations]]
name = "in"
size = 4
model = "spike_source"
[[network.populations]]
name = "hid"
size = 3
model = "alif"
params = { tau_a = [200.0, 500.0, 2000.0], beta = 1.7 }
[[network.projections]]
from = "in"
to = "hid"
delay = 1.0
[[network.projections]]
from = "hid"
to = "hid"
connectivity = "fixed_probability"
probability = 0.5
seed = 3
)";

std::string error_of(const std::string& extra) {
    return test::invalid_argument_message([&] { test::network_spec_of(std::string(base) + extra); });
}

std::string error_replacing(const std::string& from, const std::string& to) {
    return test::invalid_argument_message([&] { test::network_spec_of(test::replaced_once(base, from, to)); });
}
}  // namespace

TEST_CASE("a valid description parses with defaults") {
    const NetworkSpec spec = test::network_spec_of(base);
    CHECK(spec.dt == 0.5);
    REQUIRE(spec.populations.size() == 2);
    CHECK(spec.populations[1].model == NeuronModel::alif);
    CHECK(spec.populations[1].parameters.at("tau_a").size() == 3);
    REQUIRE(spec.projections.size() == 2);
    CHECK(spec.projections[0].name == "in->hid");
    CHECK(spec.projections[0].delay == 1.0);
    CHECK(spec.projections[1].delay == 0.5);  // default: one step
    const Network net(spec);
    CHECK(net.alif(1)->parameter("tau_a", 2) == 2000.0);
}

TEST_CASE("errors name the key path, the value and what is allowed") {
    std::string e = error_replacing("delay = 1.0", "delay = 0.75");
    CHECK(e == "network.projections[0].delay = 0.75: must be a positive multiple of dt = 0.5 ms (at least one step)");
    e = error_replacing("probability = 0.5", "probability = 1.5");
    CHECK(e == "network.projections[1].probability = 1.5: must be in (0, 1]");
    e = error_replacing("dt = 0.5", "dt = 2");
    CHECK(e == "network.dt = 2: must be in [0.1, 1] ms");
    e = error_replacing("model = \"alif\"", "model = \"hh\"");
    CHECK(e == "network.populations[1].model = \"hh\": allowed: \"lif\", \"alif\", \"spike_source\"");
    e = error_replacing("beta = 1.7", "beta = -1");
    CHECK(e.find("network.populations[1].params.beta = -1: must be a finite number >= 0") == 0);
    e = error_replacing("tau_a = [200.0, 500.0, 2000.0]", "tau_a = [200.0, 500.0]");
    CHECK(e.find("network.populations[1].params.tau_a") == 0);
    e = error_replacing("beta = 1.7", "V_th = 1.7");
    CHECK(e.find("network.populations[1].params.V_th: unknown parameter of model alif; allowed: tau_m") == 0);
    e = error_replacing("to = \"hid\"\ndelay", "to = \"nowhere\"\ndelay");
    CHECK(e == "network.projections[0].to = \"nowhere\": must name a population defined in network.populations");
    e = error_replacing("size = 4", "size = 0");
    CHECK(e == "network.populations[0].size = 0: must be an integer in [1, 10000000]");
    e = error_replacing("seed = 3", "sead = 3");
    CHECK(e.find("network.projections[1].sead: unknown key; allowed keys:") == 0);
    e = error_of("[[network.genome]]\nprojection = \"hid->hid\"\nlower = 1\nupper = -1\n");
    CHECK(e == "network.genome[0].upper = -1: must be greater than lower = 1");
    e = error_of("[[network.genome]]\npopulation = \"hid\"\nparameter = \"V_th\"\nlower = 0\nupper = 1\n");
    CHECK(e.find("network.genome[0].parameter = \"V_th\": must be a parameter of model alif") == 0);
    e = error_of("[[network.genome]]\nprojection = \"in->out\"\nlower = 0\nupper = 1\n");
    CHECK(e.find("network.genome[0].projection = \"in->out\": must name a projection") == 0);
}

namespace {

// A network with an agent: one bin encoder (spikes every 1 ms) and an argmax decoder.
std::string agent_doc_text() {
    return std::string(base) + R"(
[agent]
step_duration = 10.0
[[agent.encoders]]
type = "bin"
population = "in"
observation = 0
low = -1.0
high = 1.0
drive = "spikes"
spike_interval = 1.0
[agent.decoder]
type = "argmax"
population = "hid"
)";
}

// The error of agent_doc_text() with the first `from` replaced by `to`, or "(no error)".
std::string agent_error_with(const std::string& from, const std::string& to) {
    return test::invalid_argument_message(
        [&] { AgentSpec::from_toml(toml::parse(test::replaced_once(agent_doc_text(), from, to))); });
}

}  // namespace

TEST_CASE("agent description errors name the key path") {
    const toml::table doc = toml::parse(agent_doc_text());
    const AgentSpec spec = AgentSpec::from_toml(doc);
    CHECK(spec.agent_config().steps_per_action == 20);
    CHECK(spec.agent_config().encoders[0].spike_interval == 2);
    CHECK(spec.agent_config().decoder.tie_action == 1);  // default: middle of 3 actions

    const auto& error_with = agent_error_with;
    CHECK(error_with("step_duration = 10.0", "step_duration = 10.25") ==
          "agent.step_duration = 10.25: must be a positive multiple of dt = 0.5 ms");
    CHECK(error_with("drive = \"spikes\"", "drive = \"current\"").find(
              "agent.encoders[0].population = \"in\": is a spike_source population; drive = \"current\" needs") == 0);
    CHECK(error_with("type = \"argmax\"", "type = \"argmax\"\ntie_action = 3") ==
          "agent.decoder.tie_action = 3: must be an action index in [0, 3)");
    CHECK(error_with("step_duration = 10.0", "step_duration = 10.0\nreset = \"task\"").find("agent.reset = \"task\": allowed:") == 0);
}

TEST_CASE("the L2L Mountain Car example has 315 genes in [-20, 20]") {
    const AgentSpec spec = AgentSpec::from_file(L2L_SOURCE_DIR "/examples/networks/mountaincar_l2l.toml");
    CHECK(spec.genome_size() == 315);
    const GeneBounds b = spec.bounds();
    CHECK(b.lower.front() == -20.0);
    CHECK(b.upper.back() == 20.0);
    const auto names = spec.gene_names();
    CHECK(names[0] == "w.in_vel->hidden[0,0]");
    CHECK(names[6] == "w.in_vel->hidden[1,1]");
    CHECK(names[150] == "w.in_pos->hidden[0,0]");
    CHECK(names[314] == "w.hidden->out[4,2]");
    CHECK(spec.agent_config().steps_per_action == 100);
    CHECK(spec.agent_config().decoder.tie_action == 1);
}

TEST_CASE("durations are bounded: huge step_duration, spike_interval, delay and interval are refused with the limit") {
    const auto& error_with = agent_error_with;
    // step_duration = 1e9 hung at start-up (2e9 steps per action).
    CHECK(error_with("step_duration = 10.0", "step_duration = 1e9") ==
          "agent.step_duration = 1000000000.0: must be a positive multiple of dt = 0.5 ms and at most 1000 ms (2000 "
          "steps): network time per environment step; the examples use 1-20 ms");
    CHECK(error_with("step_duration = 10.0", "step_duration = 1000.0") == "(no error)");
    CHECK(error_with("step_duration = 10.0", "step_duration = 1000.5").find("agent.step_duration = 1000.5: must be") == 0);
    // spike_interval = 1e19 wrapped to 0 steps: a division by zero in BinEncoder::drive.
    CHECK(error_with("spike_interval = 1.0", "spike_interval = 1e19") ==
          "agent.encoders[0].spike_interval = 1e+19: must be a positive multiple of dt = 0.5 ms and at most 10 ms (20 "
          "steps): the action window, agent.step_duration = 10 ms; spikes fall at window steps 0, k, 2k, ...");
    CHECK(error_with("spike_interval = 1.0", "spike_interval = 10.0") == "(no error)");
    CHECK(error_with("spike_interval = 1.0", "spike_interval = 10.5").find("at most 10 ms") != std::string::npos);
    CHECK(error_with("spike_interval = 1.0", "spike_interval = 0.75") ==
          "agent.encoders[0].spike_interval = 0.75: must be a positive multiple of dt = 0.5 ms");
    // Synaptic delays: at most 100 ms.
    CHECK(error_with("delay = 1.0", "delay = 1e9") ==
          "network.projections[0].delay = 1000000000.0: must be a positive multiple of dt = 0.5 ms and at most 100 ms "
          "(200 steps): synaptic and axonal delays are 0.1-40 ms; every post neuron keeps one input slot per step of "
          "its longest incoming delay");
    CHECK(error_with("delay = 1.0", "delay = 100.5").find("network.projections[0].delay = 100.5: must be") == 0);
    CHECK(error_with("delay = 1.0", "delay = 100.0") == "(no error)");
    // Rate-rule update interval: at most 1000 ms.
    CHECK(error_with("delay = 1.0", "delay = 1.0\nplasticity = { rule = \"oja\", interval = 1e30 }")
              .find("network.projections[0].plasticity.interval = 1e+30: must be a positive multiple of dt = 0.5 ms "
                    "and at most 1000 ms (2000 steps)") == 0);
}

TEST_CASE("gene bounds beyond +-1e100 are refused: the optimizers would sample inf genes") {
    std::string e = error_of("[[network.genome]]\nprojection = \"in->hid\"\nlower = -1e308\nupper = 1e308\n");
    CHECK(e == "network.genome[0].lower = -1e+308: must be in [-1e+100, 1e+100]: larger gene bounds overflow when an "
               "optimizer samples, mutates or takes variances of the genes (every evaluation would fail)");
    e = error_of("[[network.genome]]\nprojection = \"in->hid\"\nlower = -1.0\nupper = 1.5e100\n");
    CHECK(e.find("network.genome[0].upper = 1.5e+100: must be in [-1e+100, 1e+100]") == 0);
    CHECK(error_of("[[network.genome]]\nprojection = \"in->hid\"\nlower = -1e100\nupper = 1e100\n") == "(no error)");
}

TEST_CASE("a network description holds [network] and [agent] only: other tables and keys are refused") {
    const std::string agent = R"(
[agent]
[[agent.encoders]]
type = "poisson"
population = "in"
rate = 10.0
[agent.decoder]
type = "argmax"
population = "hid"
)";
    auto error_of_document = [&](const std::string& extra) {
        try {
            AgentSpec::from_toml(toml::parse(std::string(base) + agent + extra));
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    CHECK(error_of_document("") == "(no error)");
    CHECK(error_of_document("[snn]\ntasks = 3\n") ==
          "[snn]: unknown table in a network description; allowed tables: [network], [agent] (experiment settings "
          "such as [snn] go in the experiment's config file)");
    CHECK(error_of_document("[bogus]\n").find("[bogus]: unknown table in a network description") == 0);
    CHECK(error_of_document("[[populations]]\nname = \"x\"\n").find("[[populations]]: unknown table") == 0);
    toml::table top = toml::parse(std::string(base) + agent);
    top.insert("dt", 0.2);
    CHECK_THROWS_WITH_AS(check_network_document(top),
                         doctest::Contains("dt = 0.2: unknown top-level key in a network description"),
                         std::invalid_argument);
}

TEST_CASE("every example network is within the limits") {
    std::size_t parsed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(L2L_SOURCE_DIR "/examples/networks")) {
        if (entry.path().extension() != ".toml") continue;
        INFO(entry.path().string());
        CHECK_NOTHROW(AgentSpec::from_file(entry.path()));
        ++parsed;
    }
    CHECK(parsed >= 8);
}
