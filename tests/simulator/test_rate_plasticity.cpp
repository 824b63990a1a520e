// SpikePropamine's rate rules (linear decay, Oja, BCM, NDP-Oja, NDP-BCM) on
// hand-made spike trains against values computed by hand (models.md).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "simulator/network.hpp"
#include "simulator/rate_plasticity.hpp"
#include "tests/simulator/network_builders.hpp"

using namespace l2l::sim;

namespace {

using Spikes = std::vector<std::uint32_t>;

PlasticitySpec rate_spec(PlasticityRule rule, double interval, std::vector<std::pair<std::string, double>> values = {}) {
    PlasticitySpec spec;
    spec.rule = rule;
    spec.interval = interval;
    for (const PlasticParameterInfo& info : plasticity_parameters(rule)) spec.values[std::string(info.name)] = info.default_value;
    for (auto& [name, value] : values) spec.values[name] = value;
    return spec;
}

Projection projection(double w, std::size_t n_pre, std::size_t n_post) {
    const ProjectionSpec spec = test::projection("pre", "post", w, 1.0);
    return Projection(spec, 0, 1, n_pre, n_post, 1);
}

// One interval of 4 steps: pre 0 spikes at steps 0 and 1 (r = 0.5), pre 1 never (r = 0);
// post 0 at every step (r = 1), post 1 at step 2 (r = 0.25).
void pattern_a(RatePlasticity& rule, const Projection& p) {
    rule.step(p, Spikes{0}, Spikes{0});
    rule.step(p, Spikes{0}, Spikes{0});
    rule.step(p, Spikes{}, Spikes{0, 1});
    rule.step(p, Spikes{}, Spikes{0});
}

void quiet(RatePlasticity& rule, const Projection& p, int steps) {
    for (int t = 0; t < steps; ++t) rule.step(p, Spikes{}, Spikes{});
}

// Synapse index of (pre, post) in a dense 2 x 2 projection.
constexpr std::size_t syn(std::size_t pre, std::size_t post) { return pre * 2 + post; }

}  // namespace

TEST_CASE("linear decay: E <- (1-eta) E + eta r_post r_pre^T every interval, W_eff = W + alpha E") {
    const Projection p = projection(10.0, 2, 2);
    RatePlasticity rule(rate_spec(PlasticityRule::linear_decay, 4.0, {{"eta", 0.5}, {"alpha", 100.0}}), p, 1.0);
    REQUIRE(rule.interval_steps() == 4);
    rule.step(p, Spikes{0}, Spikes{0});
    rule.step(p, Spikes{0}, Spikes{0});
    rule.step(p, Spikes{}, Spikes{0, 1});
    CHECK(rule.trace(syn(0, 0)) == 0.0);  // nothing before the interval ends
    rule.step(p, Spikes{}, Spikes{0});
    CHECK(rule.trace(syn(0, 0)) == doctest::Approx(0.5 * 1.0 * 0.5).epsilon(1e-15));
    CHECK(rule.trace(syn(0, 1)) == doctest::Approx(0.5 * 0.25 * 0.5).epsilon(1e-15));
    CHECK(rule.trace(syn(1, 0)) == 0.0);
    CHECK(rule.trace(syn(1, 1)) == 0.0);
    CHECK(rule.effective_weight(p, syn(0, 0)) == doctest::Approx(10.0 + 100.0 * 0.25).epsilon(1e-15));
    quiet(rule, p, 4);  // no activity: decay only
    CHECK(rule.trace(syn(0, 0)) == doctest::Approx(0.125).epsilon(1e-15));
    CHECK(rule.trace(syn(0, 1)) == doctest::Approx(0.03125).epsilon(1e-15));
    pattern_a(rule, p);  // same activity again
    CHECK(rule.trace(syn(0, 0)) == doctest::Approx(0.0625 + 0.25).epsilon(1e-15));

    // Transmission through a network carries W + alpha E.
    NetworkSpec spec;
    spec.populations = {test::population("pre", 2, NeuronModel::spike_source), test::population("post", 2, NeuronModel::lif)};
    spec.projections = {test::projection("pre", "post", 10.0, 1.0)};
    spec.projections[0].plasticity = rate_spec(PlasticityRule::linear_decay, 1.0, {{"eta", 1.0}, {"alpha", 100.0}});
    Network net(spec);
    net.inject_spike(0, 0);
    net.step();  // pre 0 spikes, post silent: E = 0 (r_post = 0)
    CHECK(net.pending_input(1)[0] == 10.0);
    CHECK(net.transmitted_weight(0, syn(0, 0)) == 10.0);
}

TEST_CASE("linear decay with eta = 1 keeps only the last interval; E is clipped to e_max") {
    const Projection p = projection(0.0, 2, 2);
    RatePlasticity rule(rate_spec(PlasticityRule::linear_decay, 4.0, {{"eta", 1.0}, {"e_max", 0.2}}), p, 1.0);
    pattern_a(rule, p);
    CHECK(rule.trace(syn(0, 0)) == doctest::Approx(0.2).epsilon(1e-15));  // 0.5 clipped
    CHECK(rule.trace(syn(0, 1)) == doctest::Approx(0.125).epsilon(1e-15));
    rule.step(p, Spikes{1}, Spikes{1});
    quiet(rule, p, 3);
    CHECK(rule.trace(syn(0, 0)) == 0.0);  // forgotten: (1 - eta) = 0
    CHECK(rule.trace(syn(1, 1)) == doctest::Approx(0.25 * 0.25).epsilon(1e-15));
}

TEST_CASE("Oja: E <- (1-eta) E + eta (r_post - E r_pre) r_pre^T, bounded at y x^T / (1 + |x|^2)") {
    const Projection p = projection(0.0, 2, 2);
    RatePlasticity rule(rate_spec(PlasticityRule::oja, 4.0, {{"eta", 0.5}}), p, 1.0);
    pattern_a(rule, p);  // E = 0 before: as linear decay
    const double e00 = 0.25;
    const double e01 = 0.0625;
    CHECK(rule.trace(syn(0, 0)) == doctest::Approx(e00).epsilon(1e-15));
    CHECK(rule.trace(syn(0, 1)) == doctest::Approx(e01).epsilon(1e-15));
    pattern_a(rule, p);
    // (E r_pre)_0 = 0.25 * 0.5, (E r_pre)_1 = 0.0625 * 0.5
    CHECK(rule.trace(syn(0, 0)) == doctest::Approx(0.5 * e00 + 0.5 * (1.0 - e00 * 0.5) * 0.5).epsilon(1e-14));
    CHECK(rule.trace(syn(0, 1)) == doctest::Approx(0.5 * e01 + 0.5 * (0.25 - e01 * 0.5) * 0.5).epsilon(1e-14));

    // Normalisation: constant rates x (pre) and y (post), E converges to y x^T / (1 + |x|^2),
    // whatever the size of the rates, where linear decay converges to y x^T.
    const Projection q = projection(0.0, 2, 1);
    RatePlasticity oja(rate_spec(PlasticityRule::oja, 2.0, {{"eta", 0.3}, {"e_max", 10.0}}), q, 1.0);
    RatePlasticity linear(rate_spec(PlasticityRule::linear_decay, 2.0, {{"eta", 0.3}, {"e_max", 10.0}}), q, 1.0);
    for (int n = 0; n < 200; ++n) {  // x = (1, 0.5), y = 1
        for (RatePlasticity* r : {&oja, &linear}) {
            r->step(q, Spikes{0, 1}, Spikes{0});
            r->step(q, Spikes{0}, Spikes{0});
        }
    }
    const double norm = 1.0 + 1.0 + 0.25;
    CHECK(oja.trace(0) == doctest::Approx(1.0 / norm).epsilon(1e-12));
    CHECK(oja.trace(1) == doctest::Approx(0.5 / norm).epsilon(1e-12));
    CHECK(linear.trace(0) == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(linear.trace(1) == doctest::Approx(0.5).epsilon(1e-12));
}

TEST_CASE("BCM: the threshold phi slides toward r_pre and turns potentiation into depression") {
    const Projection p = projection(0.0, 1, 1);
    const double eta = 0.5;
    const double eta_phi = 0.5;
    const double psi = 0.1;
    RatePlasticity rule(rate_spec(PlasticityRule::bcm, 2.0, {{"eta", eta}, {"eta_phi", eta_phi}, {"psi", psi}}), p, 1.0);
    // Every interval: pre spikes once in 2 steps (r_pre = 0.5), post at both steps (r_post = 1).
    double e = 0.0;
    double phi = 0.0;
    std::vector<double> expected;
    for (int n = 0; n < 12; ++n) {
        rule.step(p, Spikes{0}, Spikes{0});
        rule.step(p, Spikes{}, Spikes{0});
        e = (1.0 - eta) * e + eta * 1.0 * (0.5 * (0.5 - (phi + psi)));
        phi = (1.0 - eta_phi) * phi + eta_phi * 0.5;
        CAPTURE(n);
        CHECK(rule.trace(0) == doctest::Approx(e).epsilon(1e-13));
        CHECK(rule.threshold(0) == doctest::Approx(phi).epsilon(1e-15));
    }
    // First interval: phi = 0, r_beta = 0.5 (0.5 - 0.1) = 0.2 > 0 (potentiation);
    // phi -> 0.5, r_beta -> 0.5 (0.5 - 0.6) < 0 (depression): E turns negative.
    CHECK(phi == doctest::Approx(0.5).epsilon(1e-3));
    CHECK(rule.trace(0) < 0.0);
    // An inactive pre neuron: r_beta = 0, decay only, and phi decays.
    quiet(rule, p, 2);
    CHECK(rule.trace(0) == doctest::Approx(0.5 * e).epsilon(1e-13));
    CHECK(rule.threshold(0) == doctest::Approx(0.5 * phi).epsilon(1e-15));
}

TEST_CASE("neuromodulation: M = W_m r_post multiplies the post term; its sign sets the sign of E") {
    for (const PlasticityRule rule_kind : {PlasticityRule::ndp_oja, PlasticityRule::ndp_bcm}) {
        for (const double w_m : {-2.0, 0.0, 3.0}) {
            CAPTURE(rule_name(rule_kind));
            CAPTURE(w_m);
            const Projection p = projection(0.0, 2, 2);
            RatePlasticity rule(rate_spec(rule_kind, 4.0, {{"eta", 0.5}}), p, 1.0);
            // W_m = w_m on the diagonal, 1 off it: M_0 = w_m r0 + r1, M_1 = r0 + w_m r1.
            rule.set_parameter("W_m", 0, w_m);
            rule.set_parameter("W_m", 1, 1.0);
            rule.set_parameter("W_m", 2, 1.0);
            rule.set_parameter("W_m", 3, w_m);
            pattern_a(rule, p);  // r_post = (1, 0.25), r_pre = (0.5, 0)
            const double m0 = w_m * 1.0 + 0.25;
            const double m1 = 1.0 + w_m * 0.25;
            CHECK(rule.modulation(0) == doctest::Approx(m0).epsilon(1e-15));
            CHECK(rule.modulation(1) == doctest::Approx(m1).epsilon(1e-15));
            // Oja: eta (M r_post - 0) r_pre; BCM: eta M r_post r_pre (r_pre - 0) with phi = psi = 0.
            const double pre_term = rule_kind == PlasticityRule::ndp_oja ? 0.5 : 0.5 * 0.5;
            CHECK(rule.trace(syn(0, 0)) == doctest::Approx(0.5 * m0 * 1.0 * pre_term).epsilon(1e-15));
            CHECK(rule.trace(syn(0, 1)) == doctest::Approx(0.5 * m1 * 0.25 * pre_term).epsilon(1e-15));
            CHECK(rule.trace(syn(1, 0)) == 0.0);
            if (w_m < 0.0) CHECK(rule.trace(syn(0, 0)) < 0.0);
            if (w_m > 0.0) CHECK(rule.trace(syn(0, 0)) > 0.0);
        }
    }
}

TEST_CASE("rate rules on a sparse projection update only existing synapses, in synapse order") {
    ProjectionSpec spec = test::projection("pre", "post", 1.0, 1.0);
    spec.connectivity = Connectivity::one_to_one;
    spec.storage = WeightStorage::sparse;
    const Projection p(spec, 0, 1, 3, 3, 1);
    REQUIRE(p.synapse_count() == 3);
    RatePlasticity rule(rate_spec(PlasticityRule::linear_decay, 1.0, {{"eta", 1.0}, {"alpha", 2.0}}), p, 1.0);
    rule.step(p, Spikes{0, 2}, Spikes{0, 1, 2});
    CHECK(rule.trace(0) == 1.0);
    CHECK(rule.trace(1) == 0.0);
    CHECK(rule.trace(2) == 1.0);
    CHECK(rule.effective_weight(p, 2) == 3.0);
}

TEST_CASE("the trace's common decay factor folds back without changing E") {
    const Projection p = projection(0.0, 2, 2);
    RatePlasticity rule(rate_spec(PlasticityRule::oja, 1.0, {{"eta", 0.9}}), p, 1.0);
    rule.step(p, Spikes{0}, Spikes{0});  // E00 = 0.9
    rule.step(p, Spikes{1}, Spikes{1});  // E11 = 0.9, E00 = 0.09
    double e00 = 0.09;
    for (int t = 0; t < 40; ++t) {  // 0.1^40 = 1e-40: the factor is folded in on the way
        rule.step(p, Spikes{}, Spikes{});
        e00 *= 0.1;
    }
    CHECK(rule.trace(syn(0, 0)) == doctest::Approx(e00).epsilon(1e-12));
    rule.step(p, Spikes{0}, Spikes{0});
    CHECK(rule.trace(syn(0, 0)) == doctest::Approx(0.1 * e00 + 0.9 * (1.0 - e00)).epsilon(1e-12));
}
