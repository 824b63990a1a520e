// Genome map: gene count, names, bounds, scaling, round trip, validation.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "simulator/genome_map.hpp"
#include "tests/simulator/network_builders.hpp"

using namespace l2l::sim;

namespace {
NetworkSpec spec_with_genome() {
    NetworkSpec spec;
    spec.populations = {test::population("in_pos", 4, NeuronModel::spike_source),
                        test::population("hidden", 2, NeuronModel::lif)};
    spec.projections = {test::projection("in_pos", "hidden", 0.0, 1.0)};
    GeneBlockSpec w;
    w.projection = "in_pos->hidden";
    w.lower = -20.0;
    w.upper = 20.0;
    w.scale = 100.0;
    GeneBlockSpec th;
    th.target = GeneBlockSpec::Target::neuron_parameter;
    th.population = "hidden";
    th.parameter = "tau_m";
    th.lower = 0.5;
    th.upper = 3.0;
    th.scale = 10.0;
    th.offset = 1.0;
    spec.genome = {w, th};
    return spec;
}
}  // namespace

TEST_CASE("gene count, names and bounds") {
    const NetworkSpec spec = spec_with_genome();
    const Network net(spec);
    const GenomeMap map(spec, net);
    REQUIRE(map.size() == 10);
    const auto names = map.names();
    CHECK(names[0] == "w.in_pos->hidden[0,0]");
    CHECK(names[1] == "w.in_pos->hidden[0,1]");
    CHECK(names[7] == "w.in_pos->hidden[3,1]");
    CHECK(names[8] == "tau_m.hidden[0]");
    CHECK(names[9] == "tau_m.hidden[1]");
    CHECK(map.lower()[0] == -20.0);
    CHECK(map.upper()[7] == 20.0);
    CHECK(map.lower()[8] == 0.5);
    CHECK(map.upper()[9] == 3.0);
}

TEST_CASE("apply scales genes to parameters and extract round-trips") {
    const NetworkSpec spec = spec_with_genome();
    Network net(spec);
    const GenomeMap map(spec, net);
    const std::vector<double> genome{-20.0, -1.5, 0.0, 0.25, 3.0, 7.0, 19.0, 20.0, 0.9, 2.0};
    map.apply(genome, net);
    CHECK(net.projection(0).weights()[0] == doctest::Approx(-2000.0));
    CHECK(net.projection(0).weights()[3] == doctest::Approx(25.0));
    CHECK(net.projection(0).weights()[7] == doctest::Approx(2000.0));
    CHECK(net.neuron_parameter(1, "tau_m", 0) == doctest::Approx(10.0));  // 10 * 0.9 + 1
    CHECK(net.neuron_parameter(1, "tau_m", 1) == doctest::Approx(21.0));
    const std::vector<double> back = map.extract(net);
    REQUIRE(back.size() == genome.size());
    for (std::size_t i = 0; i < genome.size(); ++i) CHECK(back[i] == doctest::Approx(genome[i]).epsilon(1e-14));
}

TEST_CASE("apply rejects a wrong size, non-finite genes and invalid parameters") {
    const NetworkSpec spec = spec_with_genome();
    Network net(spec);
    const GenomeMap map(spec, net);
    std::vector<double> genome(10, 1.0);
    CHECK_THROWS_WITH_AS(map.apply(std::vector<double>(9, 0.0), net), "genome has 9 genes; this network needs 10",
                         std::invalid_argument);
    genome[7] = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH_AS(map.apply(genome, net), "gene 7 (w.in_pos->hidden[3,1]) = nan: genes must be finite numbers",
                         std::invalid_argument);
    genome[7] = 0.0;
    genome[9] = -1.0;  // tau_m = -9 ms
    CHECK_THROWS_WITH_AS(map.apply(genome, net),
                         "gene 9 (tau_m.hidden[1]) = -1 gives tau_m = -9 ms; allowed: a finite number > 0",
                         std::invalid_argument);
}
