// Delays, storage and connectivity of projections.
#include <doctest/doctest.h>

#include "simulator/network.hpp"
#include "tests/simulator/network_builders.hpp"

using namespace l2l::sim;

TEST_CASE("a spike arrives exactly `delay` steps later") {
    for (const int delay_steps : {1, 2, 7}) {
        NetworkSpec spec;
        spec.dt = 0.5;
        spec.populations = {test::population("source", 2, NeuronModel::spike_source),
                            test::population("target", 3, NeuronModel::lif, {{"V_th", 1000.0}})};
        spec.projections = {test::projection("source", "target", 42.0, 0.5 * delay_steps)};
        Network net(spec);
        net.inject_spike(0, 1);
        net.step();  // step 0: source neuron 1 spikes
        REQUIRE(net.spikes(0).size() == 1);
        for (int k = 1; k < delay_steps; ++k) {
            CHECK(net.pending_input(1)[0] == 0.0);
            net.step();
            CHECK(net.lif(1)->synaptic_current(0) == 0.0);
        }
        CAPTURE(delay_steps);
        CHECK(net.pending_input(1)[0] == doctest::Approx(42.0));
        net.step();  // step `delay`: the weight enters I_syn
        CHECK(net.lif(1)->synaptic_current(2) == doctest::Approx(42.0));
        CHECK(net.synaptic_events() == 3);
    }
}

TEST_CASE("dense and sparse storage deliver the same input") {
    NetworkSpec spec;
    spec.populations = {test::population("a", 4, NeuronModel::spike_source),
                        test::population("b", 3, NeuronModel::lif, {{"V_th", 1000.0}})};
    ProjectionSpec dense = test::projection("a", "b", 1.0, 1.0);
    dense.name = "dense";
    dense.storage = WeightStorage::dense;
    ProjectionSpec sparse = dense;
    sparse.name = "sparse";
    sparse.storage = WeightStorage::sparse;
    spec.projections = {dense, sparse};
    Network net(spec);
    REQUIRE(net.projection(0).is_dense());
    REQUIRE(!net.projection(1).is_dense());
    REQUIRE(net.projection(1).synapse_count() == 12);
    for (std::size_t k = 0; k < 12; ++k) {
        net.projection(0).weights()[k] = static_cast<double>(k);
        net.projection(1).weights()[k] = 100.0 * static_cast<double>(k);
        CHECK(net.projection(0).pre_of(k) == net.projection(1).pre_of(k));
        CHECK(net.projection(0).post_of(k) == net.projection(1).post_of(k));
    }
    net.inject_spike(0, 2);
    net.step();
    // Pre neuron 2 -> synapses 6, 7, 8 -> post 0, 1, 2.
    for (std::size_t post = 0; post < 3; ++post) {
        CHECK(net.pending_input(1)[post] == doctest::Approx(101.0 * static_cast<double>(6 + post)));
    }
}

TEST_CASE("fixed probability connectivity: count, no autapses, reproducible") {
    NetworkSpec spec;
    spec.populations = {test::population("r", 200, NeuronModel::alif)};
    ProjectionSpec j = test::projection("r", "r", 1.0, 1.0);
    j.connectivity = Connectivity::fixed_probability;
    j.probability = 0.1;
    j.seed = 7;
    spec.projections = {j};
    const Network a(spec);
    const Network b(spec);
    const Projection& p = a.projection(0);
    CHECK(p.synapse_count() > 3600);  // mean 3980, sd ~60
    CHECK(p.synapse_count() < 4400);
    CHECK(p.synapse_count() == b.projection(0).synapse_count());
    for (std::size_t k = 0; k < p.synapse_count(); ++k) {
        CHECK(p.pre_of(k) != p.post_of(k));
        CHECK(p.post_of(k) == b.projection(0).post_of(k));
    }
}

TEST_CASE("reset restores the initial state") {
    NetworkSpec spec;
    spec.populations = {test::population("n", 2, NeuronModel::lif, {{"I_e", 500.0}})};
    Network net(spec);
    for (int k = 0; k < 300; ++k) net.step();
    CHECK(net.lif(0)->membrane_potential(0) != -70.0);
    net.reset();
    CHECK(net.step_count() == 0);
    CHECK(net.lif(0)->membrane_potential(0) == -70.0);
}
