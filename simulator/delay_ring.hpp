// Synaptic input of one population, one slot per future step: a spike sent at
// step t with a delay of d steps is added to the slot d ahead of the current
// one and read at step t + d. Slots are contiguous rows, so a population reads
// its input as one span. The current slot is an index that advance() moves on
// (no division per access).
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

    // The input of the current step.
    std::span<double> current() { return {values_.data() + head_ * width_, width_}; }
    // The input `delay` steps ahead, 1 <= delay <= max_delay().
    std::span<double> ahead(std::size_t delay) {
        std::size_t slot = head_ + delay;
        if (slot >= slots_) slot -= slots_;
        return {values_.data() + slot * width_, width_};
    }
    // The next step's slot becomes the current one.
    void advance() { head_ = head_ + 1 == slots_ ? 0 : head_ + 1; }
    std::size_t max_delay() const { return slots_ - 1; }
    // All slots 0, back at the first slot.
    void clear() {
        std::fill(values_.begin(), values_.end(), 0.0);
        head_ = 0;
    }

private:
    std::size_t width_ = 0;
    std::size_t slots_ = 1;
    std::size_t head_ = 0;
    std::vector<double> values_;
};

}  // namespace l2l::sim
