// An agent with hand-set weights solves a tiny 1-D task: the wiring works end to end.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "simulator/agent.hpp"

namespace {
std::atomic<long> allocations{0};
}  // namespace

// Counts allocations so the test can prove act() allocates nothing.
void* operator new(std::size_t size) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace l2l;
using namespace l2l::sim;

namespace {

// Walk to the centre: x in [-1, 1], actions 0 = left (-0.1), 1 = stay, 2 = right (+0.1).
// Reward 1 and terminated when |x| < 0.05; truncated after 40 steps.
class CentreWalk final : public env::Environment {
public:
    std::string_view name() const override { return "CentreWalk"; }
    const env::Space& observation_space() const override { return observation_space_; }
    const env::Space& action_space() const override { return action_space_; }
    void reset(std::uint64_t seed) override {
        x_[0] = (seed % 2 == 0) ? 0.83 : -0.77;
        steps_ = 0;
    }
    std::span<const double> observation() const override { return x_; }
    env::StepResult step(const env::Action& action) override {
        x_[0] += 0.1 * (action.discrete - 1);
        ++steps_;
        env::StepResult r;
        r.terminated = std::fabs(x_[0]) < 0.05;
        r.reward = r.terminated ? 1.0 : 0.0;
        r.truncated = steps_ >= 40;
        return r;
    }

private:
    env::Space observation_space_{env::Space::Kind::box, 1, {-1.0}, {1.0}, {"x"}};
    env::Space action_space_{env::Space::Kind::discrete, 3, {}, {}, {}};
    std::vector<double> x_{0.0};
    int steps_ = 0;
};

std::string description(const std::string& drive) {
    const bool spikes = drive == "spikes";
    return std::string(R"(
[network]
dt = 0.5
[[network.populations]]
name = "in"
size = 2
model = ")") + (spikes ? "spike_source" : "lif") + R"("
[[network.populations]]
name = "out"
size = 3
[[network.projections]]
from = "in"
to = "out"
[[network.genome]]
projection = "in->out"
lower = -20.0
upper = 20.0
scale = 100.0
[agent]
step_duration = 20.0
[[agent.encoders]]
type = "bin"
population = "in"
observation = 0
low = -1.0
high = 1.0
drive = ")" + drive + "\"\n" + (spikes ? "spike_interval = 1.0\n" : "current = 1000.0\n") + R"(
[agent.decoder]
type = "argmax"
population = "out"
)";
}

struct Episode {
    double total_reward = 0.0;
    int steps = 0;
    bool terminated = false;
};

Episode run_episode(env::Policy& policy, env::Environment& environment, std::uint64_t seed) {
    environment.reset(seed);
    policy.reset(seed);
    Episode e;
    double reward = 0.0;
    for (;;) {
        const env::Action& action = policy.act(environment.observation(), reward);
        const env::StepResult r = environment.step(action);
        reward = r.reward;
        e.total_reward += r.reward;
        ++e.steps;
        if (r.done()) {
            e.terminated = r.terminated;
            return e;
        }
    }
}
}  // namespace

TEST_CASE("hand-set weights: left bin -> push right, right bin -> push left") {
    for (const std::string drive : {"current", "spikes"}) {
        CAPTURE(drive);
        const AgentSpec spec = AgentSpec::from_toml(toml::parse(description(drive)));
        REQUIRE(spec.genome_size() == 6);
        // Synapse order [pre, post]: in[0] (x < 0) -> out[2] (right), in[1] (x >= 0) -> out[0] (left).
        const std::vector<double> genome{0.0, 0.0, 20.0, 20.0, 0.0, 0.0};
        auto agent = spec.build(genome);
        CHECK(agent->steps_per_action() == 40);
        CentreWalk walk;
        for (const std::uint64_t seed : {0U, 1U}) {
            const Episode e = run_episode(*agent, walk, seed);
            CHECK(e.terminated);
            CHECK(e.total_reward == 1.0);
            CHECK(e.steps <= 10);
        }
        // Zero weights: no output spikes, every step a tie -> action 1 (stay): never reaches the centre.
        auto silent = spec.build(std::vector<double>(6, 0.0));
        const Episode e = run_episode(*silent, walk, 0);
        CHECK(!e.terminated);
        CHECK(e.steps == 40);
        // Crossed wiring walks away from the centre.
        auto crossed = spec.build(std::vector<double>{20.0, 0.0, 0.0, 0.0, 0.0, 20.0});
        CHECK(!run_episode(*crossed, walk, 0).terminated);
    }
}

TEST_CASE("build validates the genome") {
    const AgentSpec spec = AgentSpec::from_toml(toml::parse(description("current")));
    CHECK_THROWS_WITH_AS(spec.build(std::vector<double>(5, 0.0)), "genome has 5 genes; this network needs 6",
                         std::invalid_argument);
    std::vector<double> genome(6, 0.0);
    genome[2] = INFINITY;
    CHECK_THROWS_WITH_AS(spec.build(genome), "gene 2 (w.in->out[0,2]) = inf: genes must be finite numbers",
                         std::invalid_argument);
}

TEST_CASE("act() does not allocate; reset policy episode restores the network") {
    const AgentSpec spec = AgentSpec::from_toml(toml::parse(description("current")));
    auto agent = spec.build(std::vector<double>{0.0, 0.0, 20.0, 20.0, 0.0, 0.0});
    agent->reset(3);
    const std::vector<double> obs{-0.5};
    agent->act(obs, 0.0);
    const long before = allocations.load();
    for (int i = 0; i < 100; ++i) agent->act(obs, 0.0);
    CHECK(allocations.load() == before);
    CHECK(agent->network().step_count() == 101 * 40);
    agent->reset(4);
    CHECK(agent->network().step_count() == 0);
}

TEST_CASE("reset policy never keeps the network state across episodes") {
    std::string text = description("current");
    text.replace(text.find("step_duration = 20.0"), 20, "step_duration = 20.0\nreset = \"never\"");
    const AgentSpec spec = AgentSpec::from_toml(toml::parse(text));
    auto agent = spec.build(std::vector<double>(6, 1.0));
    agent->reset(1);
    const std::vector<double> obs{0.5};
    agent->act(obs, 0.0);
    agent->reset(2);
    CHECK(agent->network().step_count() == 40);
}

TEST_CASE("act() does not allocate with every plasticity rule") {
    std::string text = R"(
[network]
dt = 1.0
[[network.populations]]
name = "in"
size = 8
model = "spike_source"
[[network.populations]]
name = "hid"
size = 6
params = { I_e = 300.0 }
)";
    const char* rules[] = {R"({ rule = "stdp", w_max = 500.0 })",
                           R"({ rule = "rstdp", w_max = 500.0, baseline_rate = 0.1 })",
                           R"({ rule = "linear_decay", alpha = 100.0 })",
                           R"({ rule = "oja", alpha = 100.0 })",
                           R"({ rule = "bcm", alpha = 100.0 })",
                           R"({ rule = "ndp_oja", alpha = 100.0, W_m = 1.0 })",
                           R"({ rule = "ndp_bcm", alpha = 100.0, W_m = 1.0 })"};
    int index = 0;
    for (const char* rule : rules) {
        text += "[[network.projections]]\nfrom = \"in\"\nto = \"hid\"\nname = \"p" + std::to_string(index++) +
                "\"\nweight = 200.0\nplasticity = " + rule + "\n";
    }
    text += "[[network.projections]]\nfrom = \"hid\"\nto = \"hid\"\nconnectivity = \"fixed_probability\"\n"
            "probability = 0.5\nweight = 50.0\nplasticity = { rule = \"oja\", alpha = 10.0 }\n";
    text += R"(
[agent]
step_duration = 20.0
[[agent.encoders]]
type = "poisson"
population = "in"
rate = 100.0
[agent.decoder]
type = "argmax"
population = "hid"
)";
    const AgentSpec spec = AgentSpec::from_toml(toml::parse(text));
    auto agent = spec.build(std::vector<double>{});
    agent->reset(7);
    const std::vector<double> obs{0.0};
    agent->act(obs, 1.0);
    const long before = allocations.load();
    for (int i = 0; i < 100; ++i) agent->act(obs, i % 3 == 0 ? 1.0 : 0.0);
    CHECK(allocations.load() == before);
    CHECK(agent->network().synaptic_events() > 1000);
    CHECK(agent->network().transmitted_weight(0, 0) != 200.0);  // STDP moved the weight
}
