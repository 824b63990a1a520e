// Rng::bernoulli_below(bernoulli_threshold(p)) decides as bernoulli(p) does, draw for draw.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "common/random.hpp"

using l2l::Rng;

TEST_CASE("bernoulli_threshold: the smallest integer x with x * 2^-53 >= p") {
    CHECK(Rng::bernoulli_threshold(0.0) == 0);
    CHECK(Rng::bernoulli_threshold(-0.0) == 0);
    CHECK(Rng::bernoulli_threshold(-0.5) == 0);
    CHECK(Rng::bernoulli_threshold(std::numeric_limits<double>::quiet_NaN()) == 0);
    CHECK(Rng::bernoulli_threshold(1.0) == std::uint64_t{1} << 53U);
    CHECK(Rng::bernoulli_threshold(7.0) == std::uint64_t{1} << 53U);
    CHECK(Rng::bernoulli_threshold(0.5) == std::uint64_t{1} << 52U);
    // p on the grid of uniform(): x = k is the first value not below p.
    const std::uint64_t k = 123456789;
    const double on_grid = static_cast<double>(k) * 0x1.0p-53;
    CHECK(Rng::bernoulli_threshold(on_grid) == k);
    CHECK(Rng::bernoulli_threshold(std::nextafter(on_grid, 1.0)) == k + 1);
    CHECK(Rng::bernoulli_threshold(std::nextafter(on_grid, 0.0)) == k);
    CHECK(Rng::bernoulli_threshold(std::numeric_limits<double>::denorm_min()) == 1);
}

TEST_CASE("bernoulli_below(bernoulli_threshold(p)) gives bernoulli(p)'s outcomes from the same draws") {
    for (const double p : {0.0, 1e-300, 0.01, 0.05, 0.011, 1.0 / 3.0, 0.5, 0.999999, 1.0, 2.0}) {
        Rng a(42);
        Rng b(42);
        const std::uint64_t threshold = Rng::bernoulli_threshold(p);
        int differences = 0;
        int successes = 0;
        for (int draw = 0; draw < 100000; ++draw) {
            const bool expected = a.bernoulli(p);
            successes += expected ? 1 : 0;
            differences += expected != b.bernoulli_below(threshold) ? 1 : 0;
        }
        CAPTURE(p);
        CHECK(differences == 0);
        CHECK(a == b);  // the same number of draws
        CHECK(std::fabs(successes / 100000.0 - std::min(p, 1.0)) < 0.01);
    }
}
