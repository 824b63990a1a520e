// ALIF (LSNN) against values computed by hand from models.md's equations.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "simulator/alif.hpp"

using namespace l2l::sim;

namespace {
// R = tau_m / C_m = 1, so the input in pA equals the drive in mV.
AlifNeurons unit_neuron(double t_ref) {
    AlifNeurons n(1, 1.0);
    n.set_parameter("tau_m", 0, 20.0);
    n.set_parameter("C_m", 0, 20.0);
    n.set_parameter("b0", 0, 1.0);
    n.set_parameter("beta", 0, 2.0);
    n.set_parameter("tau_a", 0, 200.0);
    n.set_parameter("t_ref", 0, t_ref);
    n.set_parameter("I_e", 0, 10.0);
    n.reset();
    return n;
}
}  // namespace

TEST_CASE("ALIF threshold adaptation and reset by subtraction") {
    AlifNeurons n = unit_neuron(0.0);
    const std::vector<double> zero(1, 0.0);
    std::vector<std::uint32_t> spikes;
    spikes.reserve(1);
    const double alpha = std::exp(-1.0 / 20.0);  // 0.951229
    const double rho = std::exp(-1.0 / 200.0);   // 0.995012
    const double drive = (1.0 - alpha) * 10.0;   // 0.487706

    n.step(zero, zero, spikes);
    CHECK(n.membrane_potential(0) == doctest::Approx(0.487706).epsilon(1e-5));
    CHECK(spikes.empty());
    n.step(zero, zero, spikes);
    CHECK(n.membrane_potential(0) == doctest::Approx(0.951626).epsilon(1e-5));
    CHECK(spikes.empty());
    n.step(zero, zero, spikes);  // v = 1.392920 >= A = 1: spike
    CHECK(n.membrane_potential(0) == doctest::Approx(1.392920).epsilon(1e-5));
    REQUIRE(spikes.size() == 1);
    CHECK(n.threshold(0) == doctest::Approx(1.0));

    spikes.clear();
    const double v3 = n.membrane_potential(0);
    n.step(zero, zero, spikes);  // b = (1 - rho) = 0.0049875, A = 1 + 2 b = 1.009975; v = alpha v + drive - A
    CHECK(n.adaptation(0) == doctest::Approx(1.0 - rho).epsilon(1e-12));
    CHECK(n.threshold(0) == doctest::Approx(1.009975).epsilon(1e-6));
    CHECK(n.membrane_potential(0) == doctest::Approx(alpha * v3 + drive - (1.0 + 2.0 * (1.0 - rho))).epsilon(1e-12));
    CHECK(n.membrane_potential(0) == doctest::Approx(0.802717).epsilon(1e-5));
    CHECK(spikes.empty());

    n.step(zero, zero, spikes);  // no spike at step 4: b decays
    CHECK(n.adaptation(0) == doctest::Approx(rho * (1.0 - rho)).epsilon(1e-12));
}

TEST_CASE("ALIF with beta = 0 keeps a constant threshold (plain LSNN LIF)") {
    AlifNeurons n = unit_neuron(0.0);
    n.set_parameter("beta", 0, 0.0);
    const std::vector<double> zero(1, 0.0);
    std::vector<std::uint32_t> spikes;
    spikes.reserve(1);
    for (int k = 0; k < 200; ++k) {
        n.step(zero, zero, spikes);
        CHECK(n.threshold(0) == doctest::Approx(1.0));
        spikes.clear();
    }
}

TEST_CASE("ALIF refractory steps suppress spikes while v integrates") {
    AlifNeurons n = unit_neuron(2.0);  // 2 steps at dt 1 ms
    n.set_parameter("I_e", 0, 100.0);  // strong drive: v crosses every step when allowed
    const std::vector<double> zero(1, 0.0);
    std::vector<std::uint32_t> spikes;
    spikes.reserve(1);
    std::vector<int> spike_steps;
    for (int k = 0; k < 12; ++k) {
        spikes.clear();
        n.step(zero, zero, spikes);
        if (!spikes.empty()) spike_steps.push_back(k);
    }
    REQUIRE(spike_steps.size() >= 3);
    for (std::size_t i = 1; i < spike_steps.size(); ++i) CHECK(spike_steps[i] - spike_steps[i - 1] >= 3);
}

TEST_CASE("ALIF synaptic input acts for one step through (1 - alpha) R") {
    AlifNeurons n = unit_neuron(0.0);
    n.set_parameter("I_e", 0, 0.0);
    const std::vector<double> input{0.5};
    const std::vector<double> zero(1, 0.0);
    std::vector<std::uint32_t> spikes;
    spikes.reserve(1);
    n.step(input, zero, spikes);
    const double alpha = std::exp(-1.0 / 20.0);
    CHECK(n.membrane_potential(0) == doctest::Approx((1.0 - alpha) * 0.5));
    n.step(zero, zero, spikes);
    CHECK(n.membrane_potential(0) == doctest::Approx(alpha * (1.0 - alpha) * 0.5));
}
