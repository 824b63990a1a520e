// Helpers shared by the task families: every task is a pure function of its seed.
#pragma once

#include <cstdint>

#include "common/random.hpp"

namespace l2l::env {

// Independent streams derived from one task seed (derive_seed({task_seed, stream})).
namespace family_stream {
inline constexpr std::uint64_t physics = 1;  // physical constants of the task
inline constexpr std::uint64_t layout = 2;   // cue sequences, goal angles
}  // namespace family_stream

// U(lo, hi); exactly lo when the range is empty, so fixed constants stay bit-exact.
inline double uniform_in_range(Rng& rng, double lo, double hi) {
    const double u = rng.uniform();  // always drawn: one range does not shift the next
    return lo == hi ? lo : lo + (hi - lo) * u;
}

}  // namespace l2l::env
