// Spike flags (one byte per neuron, 0 or 1) to the ascending list of spiking
// neurons. A vectorised neuron update writes the flags; this reads them eight at
// a time, so a step with few spikes costs about one load per eight neurons.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace l2l::sim {

inline void append_flagged(const std::uint8_t* flags, std::size_t n, std::vector<std::uint32_t>& spikes) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, flags + i, 8);
        // Bytes in memory order are the word's bytes from the lowest (x86-64 and
        // every other target this builds for are little-endian).
        static_assert(std::endian::native == std::endian::little);
        while (word != 0) {
            spikes.push_back(static_cast<std::uint32_t>(i + static_cast<std::size_t>(std::countr_zero(word)) / 8));
            word &= word - 1;  // a flag is 0 or 1: one bit per byte
        }
    }
    for (; i < n; ++i) {
        if (flags[i] != 0) spikes.push_back(static_cast<std::uint32_t>(i));
    }
}

}  // namespace l2l::sim
