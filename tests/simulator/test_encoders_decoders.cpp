// Encoders and decoders on hand-made inputs.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "simulator/decoders.hpp"
#include "simulator/encoders.hpp"
#include "tests/simulator/network_builders.hpp"

using namespace l2l::sim;

namespace {
// A bin encoder on population "in": observation component `observation` over [low, high] in `bins` bins.
EncoderSpec bin_encoder(std::size_t observation, double low, double high, std::size_t bins) {
    EncoderSpec e;
    e.kind = EncoderSpec::Kind::bin;
    e.population = "in";
    e.observation = {observation};
    e.low = {low};
    e.high = {high};
    e.bins = bins;
    return e;
}
}  // namespace

TEST_CASE("bin_index: equal-width bins, clamped outside") {
    CHECK(bin_index(-1.2, -1.2, 0.6, 30) == 0);
    CHECK(bin_index(-1.19, -1.2, 0.6, 30) == 0);
    CHECK(bin_index(-1.14, -1.2, 0.6, 30) == 1);  // bin width 0.06
    CHECK(bin_index(0.0, -0.07, 0.07, 30) == 15);
    CHECK(bin_index(0.6, -1.2, 0.6, 30) == 29);
    CHECK(bin_index(5.0, -1.2, 0.6, 30) == 29);
    CHECK(bin_index(-5.0, -1.2, 0.6, 30) == 0);
    CHECK(bin_index(std::nan(""), -1.2, 0.6, 30) == 0);
}

TEST_CASE("bin encoder, DC drive: only the current bin's neuron gets the current") {
    NetworkSpec spec;
    spec.populations = {test::population("in", 10, NeuronModel::lif)};
    Network net(spec);
    EncoderSpec e = bin_encoder(1, 0.0, 1.0, 10);
    e.current = 500.0;
    BinEncoder encoder(e, net);
    const std::vector<double> first{9.0, 0.35};
    encoder.observe(first, 0.0, net);
    CHECK(encoder.active_neuron() == 3);
    CHECK(net.external_current(0)[3] == 500.0);
    const std::vector<double> second{9.0, 0.95};
    encoder.observe(second, 0.0, net);
    CHECK(net.external_current(0)[3] == 0.0);
    CHECK(net.external_current(0)[9] == 500.0);
    double total = 0.0;
    for (const double c : net.external_current(0)) total += c;
    CHECK(total == 500.0);
    const std::vector<double> too_short{0.5};
    CHECK_THROWS_AS(encoder.observe(too_short, 0.0, net), std::invalid_argument);
}

TEST_CASE("bin encoder, spike drive: the bin's neuron spikes every k steps") {
    NetworkSpec spec;
    spec.populations = {test::population("in", 4, NeuronModel::spike_source)};
    Network net(spec);
    EncoderSpec e = bin_encoder(0, 0.0, 4.0, 4);
    e.drive = EncoderSpec::Drive::spikes;
    e.spike_interval = 3;
    BinEncoder encoder(e, net);
    const std::vector<double> obs{2.5};
    encoder.observe(obs, 0.0, net);
    std::vector<int> spike_steps;
    for (std::size_t step = 0; step < 10; ++step) {
        encoder.drive(step, net);
        net.step();
        if (!net.spikes(0).empty()) {
            CHECK(net.spikes(0).size() == 1);
            CHECK(net.spikes(0)[0] == 2);
            spike_steps.push_back(static_cast<int>(step));
        }
    }
    CHECK(spike_steps == std::vector<int>{0, 3, 6, 9});
    // An interval of 0 steps (what spike_interval = 1e19 ms once became) would divide by zero in drive().
    e.spike_interval = 0;
    CHECK_THROWS_WITH_AS(BinEncoder(e, net), "bin encoder: spike_interval must be at least one step",
                         std::invalid_argument);
}

TEST_CASE("gaussian encoder: place-cell probabilities and seeded Bernoulli spikes") {
    NetworkSpec spec;
    spec.dt = 1.0;
    spec.populations = {test::population("cells", 6, NeuronModel::spike_source)};
    Network net(spec);
    EncoderSpec e;
    e.kind = EncoderSpec::Kind::gaussian;
    e.population = "cells";
    e.observation = {0, 1};
    e.low = {0.0, 0.0};
    e.high = {1.0, 2.0};
    e.grid = {2, 3};  // centres x in {0, 1}, y in {0, 1, 2}
    e.sigma = {0.5, 1.0};
    e.rate = 200.0;
    GaussianEncoder encoder(e, net, 0);
    const std::vector<double> obs{1.0, 1.0};
    encoder.observe(obs, 0.0, net);
    const auto p = encoder.probabilities();
    CHECK(p[4] == doctest::Approx(0.2));                          // centre (1, 1)
    CHECK(p[3] == doctest::Approx(0.2 * std::exp(-0.5)));         // centre (1, 0)
    CHECK(p[1] == doctest::Approx(0.2 * std::exp(-2.0)));         // centre (0, 1): dx = 1, sigma 0.5
    auto count_spikes = [&](std::uint64_t seed) {
        encoder.reset(seed);
        net.reset();
        std::vector<int> counts(6, 0);
        for (std::size_t step = 0; step < 5000; ++step) {
            encoder.drive(step, net);
            net.step();
            for (const auto s : net.spikes(0)) ++counts[s];
        }
        return counts;
    };
    const auto a = count_spikes(11);
    const auto b = count_spikes(11);
    const auto c = count_spikes(12);
    CHECK(a == b);
    CHECK(a != c);
    CHECK(a[4] > 900);  // mean 1000, sd ~28
    CHECK(a[4] < 1100);
}

TEST_CASE("passthrough and reward encoders") {
    NetworkSpec spec;
    spec.populations = {test::population("cues", 3, NeuronModel::spike_source),
                        test::population("reward", 2, NeuronModel::spike_source)};
    Network net(spec);
    EncoderSpec pass;
    pass.kind = EncoderSpec::Kind::passthrough;
    pass.population = "cues";
    pass.observation = {1};
    SpikePassthroughEncoder passthrough(pass, net);
    EncoderSpec rew;
    rew.kind = EncoderSpec::Kind::reward;
    rew.population = "reward";
    rew.spike_interval = 2;
    rew.duration = 3;
    EncoderSpec zero = rew;
    zero.spike_interval = 0;
    CHECK_THROWS_AS(RewardEncoder(zero, net), std::invalid_argument);
    RewardEncoder reward(rew, net);
    const std::vector<double> obs{1.0, 1.0, 0.0, 1.0};
    passthrough.observe(obs, -0.5, net);
    reward.observe(obs, -0.5, net);
    std::vector<std::vector<std::uint32_t>> cue_spikes, reward_spikes;
    for (std::size_t step = 0; step < 5; ++step) {
        passthrough.drive(step, net);
        reward.drive(step, net);
        net.step();
        cue_spikes.emplace_back(net.spikes(0).begin(), net.spikes(0).end());
        reward_spikes.emplace_back(net.spikes(1).begin(), net.spikes(1).end());
    }
    CHECK(cue_spikes[0] == std::vector<std::uint32_t>{0, 2});  // components 1 and 3
    CHECK(cue_spikes[1].empty());
    CHECK(reward_spikes[0] == std::vector<std::uint32_t>{1});  // reward < 0 -> neuron 1
    CHECK(reward_spikes[1].empty());
    CHECK(reward_spikes[2] == std::vector<std::uint32_t>{1});
    CHECK(reward_spikes[4].empty());  // beyond duration
}

TEST_CASE("choose_action: argmax, ties go to the tie action") {
    CHECK(choose_action(std::vector<std::uint32_t>{3, 1, 0}, 1) == 0);
    CHECK(choose_action(std::vector<std::uint32_t>{0, 1, 5}, 1) == 2);
    CHECK(choose_action(std::vector<std::uint32_t>{0, 0, 0}, 1) == 1);
    CHECK(choose_action(std::vector<std::uint32_t>{4, 0, 4}, 1) == 1);  // left == right: no push
    CHECK(choose_action(std::vector<std::uint32_t>{4, 0, 4}, 2) == 2);
    CHECK(choose_action(std::vector<std::uint32_t>{2, 2, 1}, 0) == 0);
    CHECK(choose_action(std::vector<std::uint32_t>{1, 2, 2, 0}, 3) == 3);
}

TEST_CASE("argmax decoder counts spikes per action group over the window") {
    NetworkSpec spec;
    spec.populations = {test::population("out", 6, NeuronModel::spike_source)};
    Network net(spec);
    DecoderSpec d;
    d.population = "out";
    d.neurons_per_action = 2;
    d.tie_action = 1;
    ArgmaxDecoder decoder(d, net);
    l2l::env::Action action;
    decoder.begin_window();
    for (const std::uint32_t neuron : {4U, 5U, 0U}) {
        net.inject_spike(0, neuron);
        net.step();
        decoder.record(net);
    }
    CHECK(decoder.counts()[2] == 2);
    decoder.decide(action);
    CHECK(action.discrete == 2);
    decoder.begin_window();
    decoder.decide(action);
    CHECK(action.discrete == 1);  // no spikes: tie
}

TEST_CASE("population vector decoder: difference of +/- group rates, scaled and clipped") {
    NetworkSpec spec;
    spec.dt = 1.0;
    spec.populations = {test::population("dir", 8, NeuronModel::spike_source)};  // +x -x +y -y, 2 each
    Network net(spec);
    DecoderSpec d;
    d.kind = DecoderSpec::Kind::population_vector;
    d.population = "dir";
    d.dimensions = 2;
    d.gain = 0.01;
    d.clip = true;
    d.low = -1.0;
    d.high = 1.0;
    PopulationVectorDecoder decoder(d, net, 10);  // 10 ms window
    l2l::env::Action action;
    decoder.prepare(action);
    REQUIRE(action.continuous.size() == 2);
    decoder.begin_window();
    // +x: 3 spikes, -x: 1 spike -> rates 150 Hz and 50 Hz per neuron -> 0.01 * 100 = 1.0
    // +y: 0, -y: 1 spike -> -50 Hz -> -0.5
    for (const std::uint32_t neuron : {0U, 1U, 0U, 2U, 7U}) {
        net.inject_spike(0, neuron);
        net.step();
        decoder.record(net);
    }
    decoder.decide(action);
    CHECK(action.continuous[0] == doctest::Approx(1.0));
    CHECK(action.continuous[1] == doctest::Approx(-0.5));
}

TEST_CASE("spike count decoder: spikes per output group over the window, as a continuous action") {
    NetworkSpec spec;
    spec.populations = {test::population("out", 6, NeuronModel::spike_source)};  // 3 outputs of 2 neurons
    Network net(spec);
    DecoderSpec d;
    d.kind = DecoderSpec::Kind::spike_count;
    d.population = "out";
    d.neurons_per_action = 2;
    SpikeCountDecoder decoder(d, net);
    l2l::env::Action action;
    decoder.prepare(action);
    REQUIRE(action.continuous.size() == 3);
    for (int window = 0; window < 2; ++window) {
        decoder.begin_window();
        for (const std::uint32_t neuron : {0U, 1U, 5U, 1U}) {
            net.inject_spike(0, neuron);
            net.step();
            decoder.record(net);
        }
        decoder.decide(action);
        CHECK(action.continuous == std::vector<double>{3.0, 0.0, 1.0});  // each window counts afresh
    }
}
