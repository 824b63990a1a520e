// The plasticity table of a projection and the genes of plastic parameters:
// parsing, errors, gene names, apply/extract round trip.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "simulator/agent.hpp"
#include "simulator/genome_map.hpp"
#include "simulator/network_config.hpp"
#include "tests/simulator/spec_text.hpp"

using namespace l2l::sim;

namespace {

const char* const base = R"(
[network]
dt = 0.5
[[network.populations]]
name = "in"
size = 3
model = "spike_source"
[[network.populations]]
name = "hid"
size = 2
[[network.projections]]
from = "in"
to = "hid"
)";

NetworkSpec parse(const std::string& extra) { return test::network_spec_of(std::string(base) + extra); }

std::string error_of(const std::string& extra) {
    return test::invalid_argument_message([&] { parse(extra); });
}

}  // namespace

TEST_CASE("plasticity tables: every parameter gets its value or default") {
    const NetworkSpec ndp = parse(R"(plasticity = { rule = "ndp_bcm", eta = 0.2, interval = 5.0, W_m = 0.5 })");
    const PlasticitySpec& p = ndp.projections[0].plasticity;
    CHECK(p.rule == PlasticityRule::ndp_bcm);
    CHECK(p.interval == 5.0);
    CHECK(p.values.at("eta") == 0.2);
    CHECK(p.values.at("W_m") == 0.5);
    CHECK(p.values.at("eta_phi") == 0.1);
    CHECK(p.values.at("psi") == 0.0);
    CHECK(p.values.at("alpha") == 0.0);
    CHECK(p.values.at("e_max") == 1.0);
    CHECK(p.values.size() == 6);

    const NetworkSpec stdp = parse(R"(plasticity = { rule = "rstdp", w_max = 800.0, tau_e = 500.0 })");
    const PlasticitySpec& s = stdp.projections[0].plasticity;
    CHECK(s.rule == PlasticityRule::reward_stdp);
    CHECK(s.values.at("w_max") == 800.0);
    CHECK(s.values.at("tau_plus") == 20.0);
    CHECK(s.values.at("lambda") == 0.01);
    CHECK(s.values.at("tau_e") == 500.0);
    CHECK(s.values.at("baseline_rate") == 0.0);

    CHECK(parse("").projections[0].plasticity.rule == PlasticityRule::none);
}

TEST_CASE("plasticity errors name the key path, the value and what is allowed") {
    CHECK(error_of(R"(plasticity = { rule = "hebb" })") ==
          R"(network.projections[0].plasticity.rule = "hebb": allowed: "none", "stdp", "rstdp", "linear_decay", "oja", "bcm", "ndp_oja", "ndp_bcm")");
    CHECK(error_of(R"(plasticity = { rule = "stdp" })") ==
          "network.projections[0].plasticity.w_max is missing: rule \"stdp\" needs w_max (pA, upper weight bound (required))");
    CHECK(error_of(R"(plasticity = { rule = "oja", psi = 0.1 })") ==
          "network.projections[0].plasticity.psi: unknown key; allowed keys: rule, interval, eta, alpha, e_max");
    CHECK(error_of(R"(plasticity = { rule = "stdp", w_max = 10.0, interval = 2.0 })").starts_with(
        "network.projections[0].plasticity.interval: unknown key"));
    CHECK(error_of(R"(plasticity = { rule = "oja", eta = 1.5 })") ==
          "network.projections[0].plasticity.eta = 1.5: must be a number in [0, 1] (1)");
    CHECK(error_of(R"(plasticity = { rule = "oja", interval = 0.75 })") ==
          "network.projections[0].plasticity.interval = 0.75: must be a positive multiple of dt = 0.5 ms (the update "
          "interval of E)");
    CHECK(error_of(R"(plasticity = { rule = "stdp", w_max = 10.0, w_min = 10.0 })") ==
          "network.projections[0].plasticity.w_min = 10.0: must be below w_max = 10 pA");
    CHECK(error_of(R"(plasticity = { rule = "stdp", w_max = -10.0 })") ==
          "network.projections[0].plasticity.w_max = -10.0: must be a finite number > 0 (pA)");
    CHECK(error_of(R"(plasticity = "oja")") == R"(network.projections[0].plasticity = "oja": must be a table)");
}

TEST_CASE("gene blocks of plasticity parameters: errors") {
    CHECK(error_of("\n[[network.genome]]\nprojection = \"in->hid\"\nparameter = \"alpha\"\nlower = 0.0\nupper = 1.0\n") ==
          "network.genome[0].parameter = \"alpha\": projection 'in->hid' has no plasticity rule; only \"weight\" (the "
          "default) is allowed");
    CHECK(error_of("plasticity = { rule = \"oja\" }\n[[network.genome]]\nprojection = \"in->hid\"\nparameter = "
                   "\"psi\"\nlower = 0.0\nupper = 1.0\n") ==
          "network.genome[0].parameter = \"psi\": must be \"weight\" or a parameter of rule oja: \"weight\", eta, alpha, "
          "e_max");
}

TEST_CASE("genome map of plastic parameters: sizes, names, apply and extract round trip") {
    const NetworkSpec spec = parse(R"(plasticity = { rule = "ndp_bcm", eta = 0.2 }
[[network.genome]]
projection = "in->hid"
lower = -1.0
upper = 1.0
scale = 100.0
[[network.genome]]
projection = "in->hid"
parameter = "alpha"
lower = -1.0
upper = 1.0
scale = 50.0
[[network.genome]]
projection = "in->hid"
parameter = "eta"
lower = 0.0
upper = 1.0
[[network.genome]]
projection = "in->hid"
parameter = "psi"
lower = -1.0
upper = 1.0
offset = 0.5
[[network.genome]]
projection = "in->hid"
parameter = "W_m"
lower = -2.0
upper = 2.0
[[network.genome]]
projection = "in->hid"
parameter = "eta_phi"
lower = 0.0
upper = 1.0
[[network.genome]]
population = "hid"
parameter = "tau_m"
lower = 1.0
upper = 30.0
shared = true
)");
    Network net(spec);
    const GenomeMap map(spec, net);
    REQUIRE(map.size() == 6 + 6 + 1 + 3 + 4 + 1 + 1);
    const std::vector<std::string> names = map.names();
    CHECK(names[0] == "w.in->hid[0,0]");
    CHECK(names[6] == "alpha.in->hid[0,0]");
    CHECK(names[11] == "alpha.in->hid[2,1]");
    CHECK(names[12] == "eta.in->hid");
    CHECK(names[13] == "psi.in->hid[0]");
    CHECK(names[15] == "psi.in->hid[2]");
    CHECK(names[16] == "W_m.in->hid[0,0]");
    CHECK(names[17] == "W_m.in->hid[0,1]");
    CHECK(names[18] == "W_m.in->hid[1,0]");
    CHECK(names[20] == "eta_phi.in->hid");
    CHECK(names[21] == "tau_m.hid[all]");
    CHECK(map.lower()[16] == -2.0);
    CHECK(map.upper()[12] == 1.0);

    std::vector<double> genome(map.size());
    for (std::size_t g = 0; g < genome.size(); ++g) genome[g] = 0.01 * static_cast<double>(g + 1);
    genome[21] = 12.5;
    map.apply(genome, net);
    CHECK(net.projection(0).weights()[5] == doctest::Approx(100.0 * 0.06));
    CHECK(net.plasticity_parameter(0, "alpha", 1) == doctest::Approx(50.0 * 0.08));
    CHECK(net.plasticity_parameter(0, "eta", 0) == doctest::Approx(0.13));
    CHECK(net.plasticity_parameter(0, "psi", 2) == doctest::Approx(0.16 + 0.5));
    CHECK(net.plasticity_parameter(0, "W_m", 3) == doctest::Approx(0.20));
    CHECK(net.plasticity_parameter(0, "eta_phi", 0) == doctest::Approx(0.21));
    CHECK(net.neuron_parameter(1, "tau_m", 0) == 12.5);
    CHECK(net.neuron_parameter(1, "tau_m", 1) == 12.5);
    const std::vector<double> back = map.extract(net);
    REQUIRE(back.size() == genome.size());
    for (std::size_t g = 0; g < genome.size(); ++g) {
        CAPTURE(g);
        CHECK(back[g] == doctest::Approx(genome[g]).epsilon(1e-13));
    }

    genome[12] = 1.5;  // eta outside [0, 1]
    CHECK_THROWS_WITH_AS(map.apply(genome, net),
                         "gene 12 (eta.in->hid) = 1.5 gives eta = 1.5 1; allowed: a number in [0, 1]",
                         std::invalid_argument);
}

TEST_CASE("genes of STDP parameters: the bounds are checked together after apply") {
    const NetworkSpec spec = parse(R"(plasticity = { rule = "stdp", w_max = 100.0 }
[[network.genome]]
projection = "in->hid"
parameter = "lambda"
lower = 0.0
upper = 0.1
[[network.genome]]
projection = "in->hid"
parameter = "w_min"
lower = 0.0
upper = 200.0
)");
    Network net(spec);
    const GenomeMap map(spec, net);
    REQUIRE(map.names() == std::vector<std::string>{"lambda.in->hid", "w_min.in->hid"});
    map.apply(std::vector<double>{0.05, 10.0}, net);
    CHECK(net.plasticity_parameter(0, "lambda", 0) == 0.05);
    CHECK(net.stdp(0)->weights()[0] == 10.0);  // W = 0 clipped up to the new w_min at the reset after apply
    CHECK_THROWS_WITH_AS(map.apply(std::vector<double>{0.05, 150.0}, net),
                         "genome gives an invalid network: projection 'in->hid': w_min = 150 pA must be below w_max = 100 pA",
                         std::invalid_argument);
}

TEST_CASE("agent options of plasticity: plasticity_reset follows reset unless given; spike_count groups divide") {
    const std::string network = R"(
[network]
[[network.populations]]
name = "in"
size = 2
model = "spike_source"
[[network.populations]]
name = "out"
size = 4
)";
    auto agent_config = [&](const std::string& agent) {
        const toml::table doc = toml::parse(network + "[agent]\n" + agent +
                                            "[[agent.encoders]]\ntype = \"passthrough\"\npopulation = \"in\"\n");
        const NetworkSpec spec = parse_network_spec(*doc["network"].as_table());
        return parse_agent_config(*doc["agent"].as_table(), spec);
    };
    const std::string decoder = "[agent.decoder]\ntype = \"spike_count\"\npopulation = \"out\"\n";
    CHECK(agent_config("reset = \"never\"\n" + decoder).plasticity_reset == ResetPolicy::never);
    CHECK(agent_config(decoder).plasticity_reset == ResetPolicy::episode);
    CHECK(agent_config("reset = \"never\"\nplasticity_reset = \"episode\"\n" + decoder).plasticity_reset ==
          ResetPolicy::episode);
    CHECK_THROWS_WITH_AS(agent_config("plasticity_reset = \"task\"\n" + decoder),
                         "agent.plasticity_reset = \"task\": allowed: \"episode\" (plastic weights and traces start "
                         "from the genome at every episode), \"never\" (kept across the episodes and tasks of one "
                         "evaluation)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(agent_config(decoder + "neurons_per_output = 3\n"),
                         "agent.decoder.neurons_per_output = 3: must be >= 1 and divide the size of 'out' (4)",
                         std::invalid_argument);
}
