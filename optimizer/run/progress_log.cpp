#include "optimizer/run/progress_log.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>

namespace l2l {

ProgressLog::ProgressLog(std::uint64_t total_generations, std::uint64_t first_generation)
    : total_(total_generations), first_(first_generation), start_(std::chrono::steady_clock::now()) {}

double ProgressLog::elapsed_seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string ProgressLog::format_duration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    if (seconds < 60.0) return fmt::format("{:.1f}s", seconds);
    const auto total = static_cast<long long>(seconds);
    if (total < 3600) return fmt::format("{}m{:02}s", total / 60, total % 60);
    return fmt::format("{}h{:02}m{:02}s", total / 3600, (total / 60) % 60, total % 60);
}

void ProgressLog::generation(std::uint64_t generation, double best, double mean, std::size_t evaluations,
                             double best_ever) {
    evaluations_ += evaluations;
    const double elapsed = elapsed_seconds();
    const double done = static_cast<double>(generation + 1 - first_);
    const double eta = elapsed / done * (static_cast<double>(total_) - static_cast<double>(generation + 1));
    spdlog::info("gen {:>{}}/{}  best {:<12.6g} mean {:<12.6g} best-ever {:<12.6g} {:>9.4g} evals/s  elapsed {}  ETA {}",
                 generation, fmt::formatted_size("{}", total_), total_, best, mean, best_ever,
                 static_cast<double>(evaluations_) / elapsed, format_duration(elapsed), format_duration(eta));
}

}  // namespace l2l
