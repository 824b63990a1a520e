// Synaptic input of one population, one slot per future step: a spike sent at
// step t with a delay of d steps is added to slot (t + d) mod slots and read at
// step t + d. Slots are contiguous rows, so a population reads its input as one span.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace l2l::sim {

class DelayRing {
public:
    DelayRing() = default;
    // `max_delay` in steps (>= 1): slots = max_delay + 1 so the slot being read is never written.
    DelayRing(std::size_t width, std::size_t max_delay) : width_(width), slots_(max_delay + 1), values_(width * slots_) {}

    std::span<double> slot(std::uint64_t step) {
        return {values_.data() + static_cast<std::size_t>(step % slots_) * width_, width_};
    }
    std::size_t max_delay() const { return slots_ - 1; }
    void clear() { std::fill(values_.begin(), values_.end(), 0.0); }

private:
    std::size_t width_ = 0;
    std::size_t slots_ = 1;
    std::vector<double> values_;
};

}  // namespace l2l::sim
