// LIF (NEST iaf_psc_exp) against closed forms.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "simulator/lif.hpp"
#include "simulator/network.hpp"
#include "tests/simulator/network_builders.hpp"

using namespace l2l::sim;

namespace {
// Spike times (ms, NEST grid convention: step k spikes at (k+1)*dt) of one LIF under I_e.
std::vector<double> spike_times(double I_e, double dt, double duration) {
    LifNeurons neuron(1, dt);
    neuron.set_parameter("I_e", 0, I_e);
    const std::vector<double> no_input(1, 0.0);
    std::vector<std::uint32_t> spikes;
    spikes.reserve(1);
    std::vector<double> times;
    const auto steps = static_cast<long>(std::llround(duration / dt));
    for (long k = 0; k < steps; ++k) {
        spikes.clear();
        neuron.step(no_input, no_input, spikes);
        if (!spikes.empty()) times.push_back(static_cast<double>(k + 1) * dt);
    }
    return times;
}

// First passage from rest to theta under constant current (NEST defaults).
double first_passage(double I_e) { return -10.0 * std::log(1.0 - 15.0 / (I_e * 10.0 / 250.0)); }
}  // namespace

TEST_CASE("closed-form first passage times at NEST defaults") {
    CHECK(first_passage(376.0) == doctest::Approx(59.30).epsilon(1e-4));
    CHECK(first_passage(400.0) == doctest::Approx(27.73).epsilon(2e-4));
    CHECK(first_passage(500.0) == doctest::Approx(13.86).epsilon(1e-3));
}

TEST_CASE("first spike within one step of the closed form, for several dt") {
    for (const double dt : {0.1, 0.2, 0.5, 1.0}) {
        for (const double I_e : {376.0, 400.0, 500.0}) {
            const std::vector<double> times = spike_times(I_e, dt, 100.0);
            REQUIRE(!times.empty());
            const double exact = first_passage(I_e);
            CAPTURE(dt);
            CAPTURE(I_e);
            CHECK(times[0] >= exact - 1e-9);  // rounded up to the grid
            CHECK(times[0] < exact + dt + 1e-9);
        }
    }
}

TEST_CASE("first spikes at dt 0.1 are 59.3, 27.8, 13.9 ms as in NEST") {
    CHECK(spike_times(376.0, 0.1, 100.0)[0] == doctest::Approx(59.3));
    CHECK(spike_times(400.0, 0.1, 100.0)[0] == doctest::Approx(27.8));
    CHECK(spike_times(500.0, 0.1, 100.0)[0] == doctest::Approx(13.9));
}

TEST_CASE("inter-spike interval = first passage rounded to the grid + t_ref") {
    const double dt = 0.1;
    for (const double I_e : {400.0, 500.0, 1000.0}) {
        const std::vector<double> times = spike_times(I_e, dt, 300.0);
        REQUIRE(times.size() >= 3);
        const double expected = std::ceil(first_passage(I_e) / dt - 1e-9) * dt + 2.0;
        for (std::size_t i = 1; i < times.size(); ++i) CHECK(times[i] - times[i - 1] == doctest::Approx(expected));
    }
}

TEST_CASE("PSP of one spike matches the closed form of the PSC-exp PSP") {
    const double dt = 0.1;
    const double w = 100.0;  // pA
    NetworkSpec spec;
    spec.dt = dt;
    spec.populations = {test::population("source", 1, NeuronModel::spike_source),
                        test::population("neuron", 1, NeuronModel::lif, {{"V_th", 1000.0}})};
    spec.projections = {test::projection("source", "neuron", w, dt)};
    Network net(spec);
    net.inject_spike(0, 0);
    net.step();  // step 0: the source spikes
    net.step();  // step 1: the spike enters I_syn (after V's update)
    const LifNeurons& n = *net.lif(1);
    CHECK(n.synaptic_current(0) == doctest::Approx(w));
    CHECK(n.membrane_potential(0) == doctest::Approx(-70.0));
    const double tau_m = 10.0, tau_s = 2.0, C = 250.0;
    double peak = 0.0;
    for (int m = 1; m <= 500; ++m) {
        net.step();
        const double t = m * dt;
        const double expected = w / C * tau_s * tau_m / (tau_m - tau_s) * (std::exp(-t / tau_m) - std::exp(-t / tau_s));
        CHECK(n.membrane_potential(0) + 70.0 == doctest::Approx(expected).epsilon(1e-10));
        CHECK(n.synaptic_current(0) == doctest::Approx(w * std::exp(-t / tau_s)).epsilon(1e-10));
        peak = std::max(peak, n.membrane_potential(0) + 70.0);
    }
    // Peak at t* = tau_s tau_m / (tau_m - tau_s) ln(tau_m / tau_s).
    const double t_peak = tau_s * tau_m / (tau_m - tau_s) * std::log(tau_m / tau_s);
    const double v_peak = w / C * tau_s * tau_m / (tau_m - tau_s) * (std::exp(-t_peak / tau_m) - std::exp(-t_peak / tau_s));
    CHECK(peak == doctest::Approx(v_peak).epsilon(1e-4));
}

TEST_CASE("P21 propagator: expm1 form and fallback when tau_m == tau_syn") {
    const LifPropagators p = lif_propagators(0.1, 10.0, 2.0, 250.0);
    const double direct = 2.0 * 10.0 / (250.0 * 8.0) * (std::exp(-0.1 / 10.0) - std::exp(-0.1 / 2.0));
    CHECK(p.P21 == doctest::Approx(direct).epsilon(1e-12));
    CHECK(p.P22 == doctest::Approx(std::exp(-0.01)));
    CHECK(p.P11 == doctest::Approx(std::exp(-0.05)));
    CHECK(p.P20 == doctest::Approx(10.0 / 250.0 * (1.0 - std::exp(-0.01))));
    const LifPropagators equal = lif_propagators(0.1, 5.0, 5.0, 250.0);
    CHECK(equal.P21 == doctest::Approx(0.1 / 250.0 * std::exp(-0.1 / 5.0)));
    // Nearly equal time constants stay close to the limit (no cancellation blow-up).
    const LifPropagators close = lif_propagators(0.1, 5.0, 5.0 + 1e-12, 250.0);
    CHECK(close.P21 == doctest::Approx(equal.P21).epsilon(1e-6));
}

TEST_CASE("refractory neuron holds V_reset for t_ref") {
    LifNeurons n(1, 0.1);
    n.set_parameter("I_e", 0, 1000.0);
    const std::vector<double> zero(1, 0.0);
    std::vector<std::uint32_t> spikes;
    spikes.reserve(1);
    while (spikes.empty()) n.step(zero, zero, spikes);
    for (int k = 0; k < 20; ++k) {
        CHECK(n.membrane_potential(0) == doctest::Approx(-70.0));
        n.step(zero, zero, spikes);
    }
    CHECK(n.membrane_potential(0) == doctest::Approx(-70.0));  // the 20th refractory step ends the count
    n.step(zero, zero, spikes);
    CHECK(n.membrane_potential(0) > -70.0);
}
