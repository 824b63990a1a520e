// STDP and R-STDP on hand-made spike trains against values computed by hand
// (models.md / seed 003 eq. 8-12), and inside a running network against a
// direct sum over spike pairs.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "common/random.hpp"
#include "simulator/network.hpp"
#include "simulator/plasticity_parameters.hpp"
#include "simulator/stdp.hpp"
#include "tests/simulator/network_builders.hpp"

using namespace l2l::sim;

namespace {

PlasticitySpec stdp_spec(PlasticityRule rule, std::vector<std::pair<std::string, double>> values = {}) {
    PlasticitySpec spec;
    spec.rule = rule;
    for (const PlasticParameterInfo& info : plasticity_parameters(rule)) spec.values[std::string(info.name)] = info.default_value;
    spec.values["w_max"] = 1000.0;
    for (auto& [name, value] : values) spec.values[name] = value;
    return spec;
}

// One pre neuron -> one post neuron (or n_pre x n_post all-to-all), weight w, dt 1 ms.
Projection projection(double w, std::size_t n_pre = 1, std::size_t n_post = 1) {
    ProjectionSpec spec = test::projection("pre", "post", w, 1.0);
    return Projection(spec, 0, 1, n_pre, n_post, 1);
}

using Spikes = std::vector<std::uint32_t>;
const Spikes none;
const Spikes first{0};

// Runs `steps` steps; the pre neuron spikes at `pre_steps`, the post neuron at `post_steps`.
void run(Stdp& rule, const Projection& p, int steps, const std::vector<int>& pre_steps, const std::vector<int>& post_steps) {
    for (int t = 0; t < steps; ++t) {
        bool pre = false;
        bool post = false;
        for (int s : pre_steps) pre = pre || s == t;
        for (int s : post_steps) post = post || s == t;
        rule.step(p, pre ? first : none, post ? first : none);
    }
}

}  // namespace

TEST_CASE("STDP potentiation window: pre then post by d steps gives lambda (1 - x) exp(-d dt / tau_plus)") {
    for (const int d : {1, 5, 20, 40}) {
        CAPTURE(d);
        const Projection p = projection(500.0);
        Stdp rule(stdp_spec(PlasticityRule::stdp), p, 1.0);
        run(rule, p, d + 1, {0}, {d});
        // x = 0.5: w = 1000 (0.5 + 0.01 * 0.5 * exp(-d/20))
        CHECK(rule.weights()[0] == doctest::Approx(500.0 + 5.0 * std::exp(-d / 20.0)).epsilon(1e-13));
    }
}

TEST_CASE("STDP depression window: post then pre by d steps gives -alpha lambda x exp(-d dt / tau_minus)") {
    for (const int d : {1, 5, 20, 40}) {
        CAPTURE(d);
        const Projection p = projection(500.0);
        Stdp rule(stdp_spec(PlasticityRule::stdp, {{"alpha", 1.5}, {"tau_minus", 10.0}}), p, 1.0);
        run(rule, p, d + 1, {d}, {0});
        CHECK(rule.weights()[0] == doctest::Approx(500.0 - 1.5 * 5.0 * std::exp(-d / 10.0)).epsilon(1e-13));
    }
}

TEST_CASE("STDP: a pre and a post spike in one step count as pre before post; traces sum over spikes") {
    const Projection p = projection(500.0);
    Stdp rule(stdp_spec(PlasticityRule::stdp), p, 1.0);
    rule.step(p, first, first);
    CHECK(rule.weights()[0] == doctest::Approx(505.0).epsilon(1e-14));
    CHECK(rule.pre_trace(0) == 1.0);
    CHECK(rule.post_trace(0) == 1.0);

    // Two pre spikes (steps 0 and 2), then a post spike at step 4: pre trace e^-4/20 + e^-2/20.
    const Projection q = projection(200.0);
    Stdp two(stdp_spec(PlasticityRule::stdp), q, 1.0);
    run(two, q, 5, {0, 2}, {4});
    const double trace = std::exp(-4.0 / 20.0) + std::exp(-2.0 / 20.0);
    CHECK(two.weights()[0] == doctest::Approx(1000.0 * (0.2 + 0.01 * 0.8 * trace)).epsilon(1e-13));
}

TEST_CASE("STDP weight bounds: multiplicative steps never leave [w_min, w_max]; large steps stop at the bound") {
    const Projection p = projection(500.0);
    Stdp up(stdp_spec(PlasticityRule::stdp, {{"lambda", 10.0}}), p, 1.0);
    run(up, p, 2, {0}, {1});
    CHECK(up.weights()[0] == 1000.0);  // min(x + 10 (1-x) e^-1/20, 1) = 1
    Stdp down(stdp_spec(PlasticityRule::stdp, {{"lambda", 10.0}, {"w_min", 100.0}}), p, 1.0);
    run(down, p, 2, {1}, {0});
    CHECK(down.weights()[0] == 100.0);  // max(x - 10 x e^-1/20, w_min / w_max)

    // Pairings (pre, then post one step later) 2000 steps apart, lambda 0.5:
    // x_{n+1} = x_n + 0.5 (1 - x_n) e^-1/20 approaches 1 from below.
    Stdp repeated(stdp_spec(PlasticityRule::stdp, {{"lambda", 0.5}, {"tau_minus", 1e-3}}), p, 1.0);
    double x = 0.5;
    for (int n = 0; n < 30; ++n) {
        repeated.step(p, first, none);
        repeated.step(p, none, first);
        for (int t = 0; t < 2000; ++t) repeated.step(p, none, none);
        x = x + 0.5 * (1.0 - x) * std::exp(-1.0 / 20.0);
        CHECK(repeated.weights()[0] < 1000.0);
    }
    CHECK(repeated.weights()[0] == doctest::Approx(1000.0 * x).epsilon(1e-12));

    Stdp additive(stdp_spec(PlasticityRule::stdp, {{"mu_plus", 0.0}, {"lambda", 0.3}}), p, 1.0);
    for (int n = 0; n < 5; ++n) {
        additive.step(p, first, none);
        for (int t = 0; t < 200; ++t) additive.step(p, none, t == 0 ? first : none);
    }
    CHECK(additive.weights()[0] == 1000.0);  // additive potentiation saturates at w_max

    // A starting weight above w_max is clipped when the plastic state resets.
    const Projection high = projection(1500.0);
    Stdp clipped(stdp_spec(PlasticityRule::stdp), high, 1.0);
    CHECK(clipped.weights()[0] == 1000.0);
}

TEST_CASE("STDP on a 2 x 3 projection touches only the synapses of the spiking neurons") {
    const Projection p = projection(500.0, 2, 3);
    Stdp rule(stdp_spec(PlasticityRule::stdp), p, 1.0);
    rule.step(p, Spikes{1}, none);      // pre 1 at step 0
    rule.step(p, none, Spikes{0, 2});   // post 0 and 2 at step 1
    const double up = 500.0 + 5.0 * std::exp(-1.0 / 20.0);
    // synapse order (pre, post): (0,0) (0,1) (0,2) (1,0) (1,1) (1,2)
    const std::vector<double> expected{500.0, 500.0, 500.0, up, 500.0, up};
    for (std::size_t k = 0; k < 6; ++k) CHECK(rule.weights()[k] == doctest::Approx(expected[k]).epsilon(1e-14));
}

TEST_CASE("R-STDP: pairing fills the eligibility, not the weight; reward moves the weight by eta r e") {
    const Projection p = projection(500.0);
    Stdp rule(stdp_spec(PlasticityRule::reward_stdp, {{"eta", 2.0}, {"tau_e", 100.0}}), p, 1.0);
    run(rule, p, 6, {0}, {5});
    const double e0 = 1000.0 * 0.01 * 0.5 * std::exp(-5.0 / 20.0);
    CHECK(rule.weights()[0] == 500.0);
    CHECK(rule.eligibility(0) == doctest::Approx(e0).epsilon(1e-13));
    run(rule, p, 50, {}, {});  // 50 quiet steps: e decays by exp(-50/100)
    const double e50 = e0 * std::exp(-50.0 / 100.0);
    CHECK(rule.eligibility(0) == doctest::Approx(e50).epsilon(1e-12));
    rule.apply_reward(1.5);
    CHECK(rule.weights()[0] == doctest::Approx(500.0 + 2.0 * 1.5 * e50).epsilon(1e-13));
    rule.apply_reward(-3.0);  // the sign of the reward is the sign of the change
    CHECK(rule.weights()[0] == doctest::Approx(500.0 + 2.0 * 1.5 * e50 - 2.0 * 3.0 * e50).epsilon(1e-13));

    // Post before pre: negative eligibility; a positive reward depresses.
    Stdp anti(stdp_spec(PlasticityRule::reward_stdp, {{"eta", 1.0}}), p, 1.0);
    run(anti, p, 4, {3}, {0});
    const double e_anti = -1000.0 * 0.01 * 0.5 * std::exp(-3.0 / 20.0);
    CHECK(anti.eligibility(0) == doctest::Approx(e_anti).epsilon(1e-13));
    anti.apply_reward(1.0);
    CHECK(anti.weights()[0] == doctest::Approx(500.0 + e_anti).epsilon(1e-13));
    // The weight stays within [w_min, w_max] however large the reward.
    anti.apply_reward(1e9);
    CHECK(anti.weights()[0] == 0.0);
}

TEST_CASE("R-STDP baseline: the weight moves by eta (r - b) e with b <- b + k (r - b)") {
    const Projection p = projection(500.0);
    Stdp rule(stdp_spec(PlasticityRule::reward_stdp, {{"baseline_rate", 0.5}, {"tau_e", 1e12}}), p, 1.0);
    run(rule, p, 2, {0}, {1});
    const double e = 1000.0 * 0.01 * 0.5 * std::exp(-1.0 / 20.0);
    rule.apply_reward(1.0);  // delta 1, b -> 0.5
    CHECK(rule.baseline() == 0.5);
    rule.apply_reward(1.0);  // delta 0.5, b -> 0.75
    CHECK(rule.baseline() == 0.75);
    rule.apply_reward(0.0);  // delta -0.75, b -> 0.375
    CHECK(rule.baseline() == 0.375);
    CHECK(rule.weights()[0] == doctest::Approx(500.0 + (1.0 + 0.5 - 0.75) * e).epsilon(1e-12));
}

TEST_CASE("R-STDP eligibility decays exactly over long quiet stretches (common factor folded back)") {
    const Projection p = projection(500.0);
    Stdp rule(stdp_spec(PlasticityRule::reward_stdp, {{"tau_e", 10.0}}), p, 1.0);
    run(rule, p, 2, {0}, {1});
    const double e = rule.eligibility(0);
    run(rule, p, 1000, {}, {});  // exp(-100): the factor passes 1e-30 and is folded in
    CHECK(rule.eligibility(0) == doctest::Approx(e * std::exp(-100.0)).epsilon(1e-10));
}

TEST_CASE("STDP in a network: the weight follows the trace formula over the network's own spikes") {
    // Poisson-like pre spikes (a fixed pattern) into a LIF neuron driven to fire regularly.
    NetworkSpec spec;
    spec.dt = 1.0;
    spec.populations = {test::population("pre", 3, NeuronModel::spike_source),
                        test::population("post", 2, NeuronModel::lif, {{"I_e", 400.0}})};
    spec.projections = {test::projection("pre", "post", 300.0, 2.0)};
    spec.projections[0].plasticity = stdp_spec(PlasticityRule::stdp, {{"lambda", 0.05}, {"mu_minus", 0.5}});
    Network net(spec);
    std::vector<std::vector<int>> pre_times(3);
    std::vector<std::vector<int>> post_times(2);
    const int steps = 400;
    for (int t = 0; t < steps; ++t) {
        for (std::uint32_t i = 0; i < 3; ++i) {
            if ((t * 7 + static_cast<int>(i) * 13) % (17 + static_cast<int>(i)) == 0) net.inject_spike(0, i);
        }
        net.step();
        for (const std::uint32_t i : net.spikes(0)) pre_times[i].push_back(t);
        for (const std::uint32_t j : net.spikes(1)) post_times[j].push_back(t);
    }
    REQUIRE(post_times[0].size() > 5);
    REQUIRE(pre_times[0].size() > 5);

    // Reference: replay events in time order, traces as direct sums over earlier spikes.
    // Trace at step t over the spikes before t (or up to and including t).
    auto trace = [](const std::vector<int>& times, int t, double tau, bool including_t) {
        double sum = 0.0;
        for (int s : times) {
            if (s < t || (including_t && s == t)) sum += std::exp(-(t - s) / tau);
        }
        return sum;
    };
    std::vector<double> w(6, 300.0 / 1000.0);
    for (int t = 0; t < steps; ++t) {
        for (std::size_t i = 0; i < 3; ++i) {
            if (std::find(pre_times[i].begin(), pre_times[i].end(), t) == pre_times[i].end()) continue;
            for (std::size_t j = 0; j < 2; ++j) {
                const double post_trace = trace(post_times[j], t, 20.0, false);
                double& x = w[i * 2 + j];
                x = std::max(x - 0.05 * std::sqrt(x) * post_trace, 0.0);
            }
        }
        for (std::size_t j = 0; j < 2; ++j) {
            if (std::find(post_times[j].begin(), post_times[j].end(), t) == post_times[j].end()) continue;
            for (std::size_t i = 0; i < 3; ++i) {
                double& x = w[i * 2 + j];
                x = std::min(x + 0.05 * (1.0 - x) * trace(pre_times[i], t, 20.0, true), 1.0);
            }
        }
    }
    for (std::size_t k = 0; k < 6; ++k) {
        CAPTURE(k);
        CHECK(net.transmitted_weight(0, k) == doctest::Approx(1000.0 * w[k]).epsilon(1e-9));
        CHECK(net.projection(0).weights()[k] == 300.0);  // W, the genome's value, is untouched
    }
    CHECK(net.transmitted_weight(0, 0) != doctest::Approx(300.0));
    net.reset_plasticity();
    CHECK(net.transmitted_weight(0, 0) == 300.0);
}

TEST_CASE("R-STDP in a network: set_reward reaches the rule in the next step, rewards before a step add up") {
    NetworkSpec spec;
    spec.populations = {test::population("pre", 1, NeuronModel::spike_source),
                        test::population("post", 1, NeuronModel::lif, {{"I_e", 400.0}})};
    spec.projections = {test::projection("pre", "post", 500.0, 1.0)};
    spec.projections[0].plasticity = stdp_spec(PlasticityRule::reward_stdp, {{"eta", 0.5}});
    Network net(spec);
    for (int t = 0; t < 100; ++t) {
        if (t % 9 == 0) net.inject_spike(0, 0);
        net.step();
    }
    const double e = net.stdp(0)->eligibility(0);
    REQUIRE(e != 0.0);
    CHECK(net.transmitted_weight(0, 0) == 500.0);  // no reward yet
    net.set_reward(1.5);
    net.set_reward(0.5);
    net.step();
    CHECK(net.transmitted_weight(0, 0) == doctest::Approx(500.0 + 0.5 * 2.0 * e).epsilon(1e-13));
    const double w = net.transmitted_weight(0, 0);
    net.step();  // the reward was used up
    CHECK(net.transmitted_weight(0, 0) == w);
}

TEST_CASE("STDP and R-STDP: dense and sparse storage of one all-to-all projection give the same weights, bit for bit") {
    // Dense potentiation walks rows, sparse walks columns: the same updates in another order.
    constexpr std::size_t n_pre = 17;
    constexpr std::size_t n_post = 11;
    ProjectionSpec spec = test::projection("pre", "post", 400.0, 1.0);
    spec.storage = WeightStorage::dense;
    const Projection dense(spec, 0, 1, n_pre, n_post, 1);
    spec.storage = WeightStorage::sparse;
    const Projection sparse(spec, 0, 1, n_pre, n_post, 1);
    REQUIRE(dense.is_dense());
    REQUIRE_FALSE(sparse.is_dense());
    for (const PlasticityRule rule : {PlasticityRule::stdp, PlasticityRule::reward_stdp}) {
        const PlasticitySpec plasticity = stdp_spec(rule, {{"mu_plus", 0.5}, {"lambda", 0.05}});
        Stdp on_dense(plasticity, dense, 1.0);
        Stdp on_sparse(plasticity, sparse, 1.0);
        l2l::Rng rng(7);
        for (int t = 0; t < 400; ++t) {
            Spikes pre;
            Spikes post;
            for (std::uint32_t i = 0; i < n_pre; ++i) if (rng.bernoulli(0.2)) pre.push_back(i);
            for (std::uint32_t j = 0; j < n_post; ++j) if (rng.bernoulli(0.3)) post.push_back(j);
            if (t % 20 == 19) {
                const double reward = rng.uniform(-1.0, 1.0);
                on_dense.apply_reward(reward);
                on_sparse.apply_reward(reward);
            }
            on_dense.step(dense, pre, post);
            on_sparse.step(sparse, pre, post);
        }
        for (std::size_t k = 0; k < n_pre * n_post; ++k) {
            // Both store synapses as (pre, post) in row order.
            REQUIRE(on_dense.weights()[k] == on_sparse.weights()[k]);
        }
        CHECK(on_dense.weights()[0] != 400.0);  // the weights did move
    }
}
