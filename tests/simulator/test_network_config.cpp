// Parsing of network and agent descriptions; errors name the key path, value and what is allowed.
#include <doctest/doctest.h>

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

TEST_CASE("agent description errors name the key path") {
    const std::string doc_text = std::string(base) + R"(
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
    const toml::table doc = toml::parse(doc_text);
    const AgentSpec spec = AgentSpec::from_toml(doc);
    CHECK(spec.agent_config().steps_per_action == 20);
    CHECK(spec.agent_config().encoders[0].spike_interval == 2);
    CHECK(spec.agent_config().decoder.tie_action == 1);  // default: middle of 3 actions

    auto error_with = [&](const std::string& from, const std::string& to) {
        return test::invalid_argument_message(
            [&] { AgentSpec::from_toml(toml::parse(test::replaced_once(doc_text, from, to))); });
    };
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
