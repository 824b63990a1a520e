// Seeded, serialisable random numbers shared by every library.
//
// Why our own generator instead of <random>: the standard distributions are
// implementation-defined and std::normal_distribution caches a value that is not
// part of the engine's state. Results must be bit-identical across rank counts
// and across checkpoint/resume, so every draw here is a pure function of the
// 256-bit state below.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <numbers>

namespace l2l {

// GCC/Clang extension; __extension__ keeps -Wpedantic quiet.
__extension__ using uint128 = unsigned __int128;

// SplitMix64 finaliser: a bijective avalanche mix of 64 bits.
constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
}

// Derives an independent stream seed from a path of integers, e.g.
// derive_seed({run_seed, generation, individual, task}). Order matters.
constexpr std::uint64_t derive_seed(std::initializer_list<std::uint64_t> path) noexcept {
    std::uint64_t h = 0x6a09e667f3bcc909ULL;
    for (std::uint64_t v : path) {
        h = mix64(h ^ mix64(v));
    }
    return h;
}

// xoshiro256** 1.0 (Blackman & Vigna), seeded through SplitMix64.
class Rng {
public:
    explicit Rng(std::uint64_t seed = 0) noexcept { reseed(seed); }

    void reseed(std::uint64_t seed) noexcept {
        for (auto& word : state_) {
            seed += 0x9e3779b97f4a7c15ULL;
            word = mix64(seed - 0x9e3779b97f4a7c15ULL);
        }
    }

    std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(state_[1] * 5U, 7) * 9U;
        const std::uint64_t t = state_[1] << 17U;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    // Uniform in [0, 1) with 53 random bits.
    double uniform() noexcept { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }

    // Uniform in [lo, hi).
    double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }

    // Uniform integer in [0, n) without modulo bias (Lemire's method); n > 0.
    std::uint64_t below(std::uint64_t n) noexcept {
        uint128 m = static_cast<uint128>(next()) * n;
        auto low = static_cast<std::uint64_t>(m);
        if (low < n) {
            const std::uint64_t threshold = (0 - n) % n;
            while (low < threshold) {
                m = static_cast<uint128>(next()) * n;
                low = static_cast<std::uint64_t>(m);
            }
        }
        return static_cast<std::uint64_t>(m >> 64U);
    }

    bool bernoulli(double p) noexcept { return uniform() < p; }

    // bernoulli(p) as one integer comparison, for loops that draw with a fixed p:
    // uniform() < p exactly when (next() >> 11) < bernoulli_threshold(p) (x * 2^-53 < p
    // <=> x < p * 2^53 <=> x < ceil(p * 2^53) for an integer x; scaling by 2^53 is
    // exact), so the same draws give the same outcomes.
    static std::uint64_t bernoulli_threshold(double p) noexcept {
        if (!(p > 0.0)) return 0;  // also NaN: never
        if (p >= 1.0) return std::uint64_t{1} << 53U;  // always
        return static_cast<std::uint64_t>(std::ceil(p * 0x1.0p53));
    }
    bool bernoulli_below(std::uint64_t threshold) noexcept { return (next() >> 11U) < threshold; }

    // Standard normal by Box-Muller; one value per call so no hidden cache.
    double normal() noexcept {
        const double u1 = 1.0 - uniform();  // (0, 1]: log is finite
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }

    double normal(double mean, double stddev) noexcept { return mean + stddev * normal(); }

    const std::array<std::uint64_t, 4>& state() const noexcept { return state_; }
    void set_state(const std::array<std::uint64_t, 4>& s) noexcept { state_ = s; }

    // Boost.Serialization hook (header-only: no link dependency unless used).
    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & state_;
    }

    friend bool operator==(const Rng&, const Rng&) = default;

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
        return (x << static_cast<unsigned>(k)) | (x >> static_cast<unsigned>(64 - k));
    }
    std::array<std::uint64_t, 4> state_{};
};

}  // namespace l2l
