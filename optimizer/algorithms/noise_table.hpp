// A shared noise table (Salimans et al. 2017, OpenAI's evolution-strategies-
// starter): one block of standard normals that every process builds from the
// same seed, so that a perturbation of n genes is named by an offset into the
// table (and a sign) instead of being sent as n doubles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace l2l {

// Which table: its seed and its number of doubles. Two processes with the same
// spec hold bit-identical tables.
struct NoiseTableSpec {
    std::uint64_t seed = 0;
    std::uint64_t size = 0;

    friend bool operator==(const NoiseTableSpec&, const NoiseTableSpec&) = default;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & seed & size;
    }
};

// Default size: 2^25 doubles, 256 MiB per process (OpenAI used 250 M float32).
inline constexpr std::uint64_t kDefaultNoiseTableSize = std::uint64_t{1} << 25U;

class NoiseTable {
public:
    // Fills `spec.size` standard normals (Box-Muller pairs from Rng(spec.seed)).
    explicit NoiseTable(NoiseTableSpec spec);

    const NoiseTableSpec& spec() const { return spec_; }
    std::uint64_t size() const { return spec_.size; }

    // The `genes` values from `offset` on; offset + genes <= size().
    std::span<const double> slice(std::uint64_t offset, std::size_t genes) const;

private:
    NoiseTableSpec spec_;
    std::vector<double> values_;
};

// The table of `spec`, built once per process and shared by whoever asks for
// the same spec while one is alive (the optimizer and, in a serial run, the
// worker side): a table of 2^25 doubles takes about a second to fill.
std::shared_ptr<const NoiseTable> shared_noise_table(const NoiseTableSpec& spec);

}  // namespace l2l
