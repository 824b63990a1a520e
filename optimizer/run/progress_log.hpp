// Human-readable progress: one log line per generation with best and mean
// fitness, evaluations per second, elapsed time and ETA.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace l2l {

class ProgressLog {
public:
    // `first_generation` > 0 for a resumed run: rates and ETA count from there.
    explicit ProgressLog(std::uint64_t total_generations, std::uint64_t first_generation = 0);

    void generation(std::uint64_t generation, double best, double mean, std::size_t evaluations, double best_ever);
    double elapsed_seconds() const;

    // "1h02m03s", "4m05s", "6.1s"
    static std::string format_duration(double seconds);

private:
    std::uint64_t total_;
    std::uint64_t first_;
    std::uint64_t evaluations_ = 0;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace l2l
