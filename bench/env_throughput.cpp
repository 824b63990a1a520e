// Environment steps per second on one core, driven through the same virtual
// interface the agents use (Policy::act, Environment::step), episodes reset as
// they end. Prints a table; asserts nothing.
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "environments/policies.hpp"
#include "environments/registry.hpp"
#include "environments/task_evaluation.hpp"

namespace {

struct Measurement {
    double steps_per_second = 0.0;
    double checksum = 0.0;  // keeps the loop from being optimised away
};

Measurement measure(l2l::env::Environment& env, l2l::env::Policy& policy, double seconds) {
    using clock = std::chrono::steady_clock;
    std::uint64_t steps = 0;
    std::uint64_t episode = 0;
    double checksum = 0.0;
    double reward = 0.0;
    env.reset(episode);
    policy.reset(episode);
    const auto start = clock::now();
    const auto deadline = start + std::chrono::duration<double>(seconds);
    for (;;) {
        for (int i = 0; i < 4096; ++i) {  // check the clock rarely
            const l2l::env::StepResult result = env.step(policy.act(env.observation(), reward));
            reward = result.reward;
            checksum += reward;
            ++steps;
            if (result.done()) {
                env.reset(++episode);
                policy.reset(episode);
                reward = 0.0;
            }
        }
        if (clock::now() >= deadline) break;
    }
    const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
    return {static_cast<double>(steps) / elapsed, checksum};
}

}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::stod(argv[1]) : 1.0;
    fmt::print("{:<26} {:>18} {:>18}\n", "environment", "heuristic steps/s", "random steps/s");
    double checksum = 0.0;
    for (const std::string& name : l2l::env::environment_names()) {
        const auto env = l2l::env::make_family(name)->make(0);
        const auto heuristic = l2l::env::make_heuristic_policy(*env);
        l2l::env::RandomPolicy random(env->action_space());
        const Measurement h = measure(*env, *heuristic, seconds);
        const Measurement r = measure(*env, random, seconds);
        checksum += h.checksum + r.checksum;
        fmt::print("{:<26} {:>18.3e} {:>18.3e}\n", name, h.steps_per_second, r.steps_per_second);
    }
    fmt::print("(checksum {})\n", checksum);
    return 0;
}
