// `l2l sweep`'s expansion: axes from --vary and [sweep], combinations in a fixed
// order (first axis slowest), predictable names, and errors naming the key.
#include <doctest/doctest.h>

#include "optimizer/run/experiment_config.hpp"
#include "optimizer/run/sweep_plan.hpp"

using namespace l2l;

TEST_CASE("sweep: --vary KEY=V1,V2 and a [sweep] table in the order listed") {
    const SweepAxis axis = parse_sweep_axis("es.sigma=0.01,0.05,0.1");
    CHECK(axis.key == "es.sigma");
    CHECK(axis.values == std::vector<std::string>{"0.01", "0.05", "0.1"});
    CHECK_THROWS_WITH_AS(parse_sweep_axis("es.sigma"), doctest::Contains("expected KEY=V1,V2"), ConfigError);
    CHECK_THROWS_WITH_AS(parse_sweep_axis("seed=1,,2"), doctest::Contains("an empty value"), ConfigError);

    // seed is listed before es.sigma, [sweep.ga] last: the order of the file, not of the names.
    const auto axes = sweep_axes_from_toml("optimizer = \"es\"\n[sweep]\nseed = [1, 2, 3]\n\"es.sigma\" = [0.01, 0.5]\n"
                                           "[sweep.ga]\nelitism = [0]\n[es]\nsigma = 0.2\n");
    REQUIRE(axes.size() == 3);
    CHECK(axes[0].key == "seed");
    CHECK(axes[0].values == std::vector<std::string>{"1", "2", "3"});
    CHECK(axes[1].key == "es.sigma");
    CHECK(axes[1].values == std::vector<std::string>{"0.01", "0.5"});
    CHECK(axes[2].key == "ga.elitism");
    CHECK(sweep_axes_from_toml("seed = 1\n").empty());
    CHECK_THROWS_WITH_AS(sweep_axes_from_toml("[sweep]\nseed = 3\n"), doctest::Contains("[sweep] seed: expected a non-empty array"),
                         ConfigError);
}

TEST_CASE("sweep: every combination once, the first axis slowest, names run_NNN") {
    const auto runs = expand_sweep({{"es.sigma", {"0.01", "0.1"}}, {"seed", {"1", "2", "3"}}});
    REQUIRE(runs.size() == 6);
    const std::vector<std::pair<std::string, std::string>> sigma = {{"es.sigma", "0.01"}, {"es.sigma", "0.1"}};
    for (std::size_t r = 0; r < runs.size(); ++r) {
        CAPTURE(r);
        CHECK(runs[r].index == r);
        CHECK(runs[r].name == "run_00" + std::to_string(r));
        REQUIRE(runs[r].settings.size() == 2);
        CHECK(runs[r].settings[0] == sigma[r / 3]);
        CHECK(runs[r].settings[1] == std::pair<std::string, std::string>{"seed", std::to_string(r % 3 + 1)});
    }
    // Names are as wide as the largest index (at least 3 digits).
    CHECK(expand_sweep({{"seed", std::vector<std::string>(1200, "1")}}).back().name == "run_1199");
    CHECK_THROWS_WITH_AS(expand_sweep({}), doctest::Contains("nothing to sweep"), ConfigError);
    CHECK_THROWS_WITH_AS(expand_sweep({{"seed", {"1"}}, {"seed", {"2"}}}), doctest::Contains("seed is listed twice"),
                         ConfigError);
    CHECK_THROWS_WITH_AS(expand_sweep({{"seed", {"1", "2"}}, {"es.sigma", {"1", "2"}}}, 3),
                         doctest::Contains("at most 3"), ConfigError);
}
