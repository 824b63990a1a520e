#include <doctest/doctest.h>

#include <vector>

#include "environments/policies.hpp"
#include "environments/registry.hpp"
#include "environments/task_evaluation.hpp"

using namespace l2l::env;

TEST_CASE("aggregations") {
    const std::vector<double> v{3.0, 1.0, 4.0, 1.5};
    CHECK(aggregate(v, Aggregation::mean) == 2.375);
    CHECK(aggregate(v, Aggregation::min) == 1.0);
    CHECK(aggregate(v, Aggregation::median) == 2.25);
    const std::vector<double> odd{5.0, 1.0, 3.0};
    CHECK(aggregate(odd, Aggregation::median) == 3.0);
    CHECK(parse_aggregation("median") == Aggregation::median);
    CHECK_THROWS_AS(parse_aggregation("max"), std::invalid_argument);
}

TEST_CASE("evaluate_on_tasks: per-task objectives, returns and lengths; deterministic") {
    const auto family = make_family("MountainCar-v0", {{"max_steps", std::int64_t{110}},
                                                       {"objective", std::string("max_position")}});
    const auto probe = family->make(0);
    RandomPolicy policy(probe->action_space());
    const auto seeds = task_seeds(17, 6);
    const TaskEvaluation a = evaluate_on_tasks(*family, policy, seeds, Aggregation::median);
    const TaskEvaluation b = evaluate_on_tasks(*family, policy, seeds, Aggregation::median);
    REQUIRE(a.objectives.size() == 6);
    CHECK(a.objectives == b.objectives);
    CHECK(a.returns == b.returns);
    CHECK(a.lengths == b.lengths);
    CHECK(a.aggregate == aggregate(a.objectives, Aggregation::median));
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < 6; ++i) {
        CHECK(a.lengths[i] == 110);  // a random policy never reaches the goal in 110 steps
        CHECK(a.returns[i] == -110.0);
        CHECK(a.objectives[i] > -1.2);
        CHECK(a.objectives[i] < 0.5);
        total += a.lengths[i];
    }
    CHECK(a.total_steps == total);
}

TEST_CASE("heuristic baselines solve the classic-control tasks") {
    const auto seeds = task_seeds(1, 10);
    const auto cartpole = make_family("CartPole-v1");
    auto cp_policy = make_heuristic_policy(*cartpole->make(0));
    CHECK(evaluate_on_tasks(*cartpole, *cp_policy, seeds).aggregate == 500.0);

    const auto car = make_family("MountainCar-v0");
    auto car_policy = make_heuristic_policy(*car->make(0));
    const TaskEvaluation mc = evaluate_on_tasks(*car, *car_policy, seeds, Aggregation::min);
    CHECK(mc.aggregate > -200.0);  // every task reaches the goal

    const auto ccar = make_family("MountainCarContinuous-v0");
    auto ccar_policy = make_heuristic_policy(*ccar->make(0));
    CHECK(evaluate_on_tasks(*ccar, *ccar_policy, seeds).aggregate > 80.0);
}
