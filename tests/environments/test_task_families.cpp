// Every task is a pure function of its seed: same seed, same task; other seed, other task.
#include <doctest/doctest.h>

#include <vector>

#include "environments/arena.hpp"
#include "environments/cartpole.hpp"
#include "environments/continuous_mountain_car.hpp"
#include "environments/mountain_car.hpp"
#include "environments/registry.hpp"
#include "environments/task_evaluation.hpp"
#include "environments/tmaze.hpp"

using namespace l2l::env;

namespace {
// Start observation of a task (as evaluate_on_tasks sets it up).
std::vector<double> start_of(const TaskFamily& family, std::uint64_t task_seed) {
    const auto env = family.make(task_seed);
    env->reset(environment_reset_seed(task_seed));
    const auto obs = env->observation();
    return {obs.begin(), obs.end()};
}
}  // namespace

TEST_CASE("start states are reproducible from the task seed and differ across seeds") {
    for (const std::string& name : environment_names()) {
        CAPTURE(name);
        const auto family = make_family(name);
        CHECK(start_of(*family, 5) == start_of(*family, 5));
        CHECK(start_of(*family, 5) != start_of(*family, 6));
    }
}

TEST_CASE("CartPole family draws physical constants within the configured ranges") {
    const auto family = make_family("CartPole-v1", {{"length_min", 0.3}, {"length_max", 0.9}, {"gravity_max", 12.0}});
    const auto a1 = family->make(1);
    const auto a2 = family->make(1);
    const auto b = family->make(2);
    const auto& p1 = dynamic_cast<const CartPole&>(*a1).params();
    const auto& p2 = dynamic_cast<const CartPole&>(*a2).params();
    const auto& q = dynamic_cast<const CartPole&>(*b).params();
    CHECK(p1.length == p2.length);
    CHECK(p1.gravity == p2.gravity);
    CHECK(p1.length != q.length);
    CHECK(p1.length >= 0.3);
    CHECK(p1.length <= 0.9);
    CHECK(p1.gravity >= 9.8);
    CHECK(p1.gravity <= 12.0);
    CHECK(p1.force_mag == 10.0);  // an empty range keeps the constant exactly
}

TEST_CASE("default families keep Gymnasium's constants exactly") {
    const auto cartpole = make_family("CartPole-v1")->make(99);
    const auto& cp = dynamic_cast<const CartPole&>(*cartpole).params();
    CHECK(cp.gravity == 9.8);
    CHECK(cp.length == 0.5);
    CHECK(cp.force_mag == 10.0);
    const auto car = make_family("MountainCar-v0")->make(99);
    CHECK(dynamic_cast<const MountainCar&>(*car).params().force == 0.001);
    CHECK(dynamic_cast<const MountainCar&>(*car).params().gravity == 0.0025);
    const auto ccar = make_family("MountainCarContinuous-v0")->make(99);
    CHECK(dynamic_cast<const ContinuousMountainCar&>(*ccar).params().power == 0.0015);
}

TEST_CASE("Mountain Car families vary force and gravity, reproducibly") {
    const auto family = make_family("MountainCar-v0", {{"force_max", 0.002}, {"gravity_min", 0.002}});
    const auto a = family->make(3);
    const auto b = family->make(3);
    const auto c = family->make(4);
    const auto& pa = dynamic_cast<const MountainCar&>(*a).params();
    CHECK(pa.force == dynamic_cast<const MountainCar&>(*b).params().force);
    CHECK(pa.force != dynamic_cast<const MountainCar&>(*c).params().force);
    CHECK(pa.gravity >= 0.002);
    CHECK(pa.gravity <= 0.0025);
    const auto cfamily = make_family("MountainCarContinuous-v0", {{"power_min", 0.001}});
    const auto ca = cfamily->make(3);
    const auto cc = cfamily->make(4);
    CHECK(dynamic_cast<const ContinuousMountainCar&>(*ca).params().power !=
          dynamic_cast<const ContinuousMountainCar&>(*cc).params().power);
}

TEST_CASE("T-maze cue sequences and arena goal angles are the task") {
    const auto tmaze = make_family("TMaze");
    const auto t1 = tmaze->make(8);
    const auto t2 = tmaze->make(8);
    const auto t3 = tmaze->make(9);
    CHECK(dynamic_cast<const TMaze&>(*t1).trials().cue_left == dynamic_cast<const TMaze&>(*t2).trials().cue_left);
    CHECK(dynamic_cast<const TMaze&>(*t1).trials().cue_left != dynamic_cast<const TMaze&>(*t3).trials().cue_left);

    const auto arena = make_family("Arena");
    const auto g1 = dynamic_cast<const Arena&>(*arena->make(8)).goal();
    const auto g2 = dynamic_cast<const Arena&>(*arena->make(8)).goal();
    const auto g3 = dynamic_cast<const Arena&>(*arena->make(9)).goal();
    CHECK(g1 == g2);
    CHECK(g1 != g3);
    CHECK(std::hypot(g1[0], g1[1]) == doctest::Approx(1.0));
}
