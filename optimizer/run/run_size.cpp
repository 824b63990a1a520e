#include "optimizer/run/run_size.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace l2l {
namespace {

constexpr double kChunkLimit = 4294967295.0;  // bytes in one HDF5 chunk
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

// Physical memory, or the address-space limit of this process if lower.
double memory_bytes() {
    const double physical = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
    rlimit limit{};
    if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        return std::min(physical, static_cast<double>(limit.rlim_cur));
    }
    return physical;
}

// Individuals of the first generation (IPOP restarts may grow it later).
double first_population(const ExperimentConfig& config, std::size_t genome_size) {
    if (config.optimizer == "cmaes") {
        if (config.cmaes.population > 0) return static_cast<double>(config.cmaes.population);
        return 4.0 + std::floor(3.0 * std::log(static_cast<double>(genome_size)));
    }
    return static_cast<double>(config.population) + 1.0;  // ES may evaluate its mean too
}

// "population = 32", "cmaes.population = 0": what the user set.
std::string population_setting(const ExperimentConfig& config) {
    if (config.optimizer == "cmaes") return fmt::format("cmaes.population = {}", config.cmaes.population);
    return fmt::format("population = {}", config.population);
}

}  // namespace

void check_run_size(const ExperimentConfig& config, std::size_t genome_size, std::size_t output_size) {
    const double p = first_population(config, genome_size);
    const double d = static_cast<double>(genome_size);
    const double k = static_cast<double>(output_size);
    const std::string setting = population_setting(config);
    // One generation per chunk of /generations/outputs (and of the genomes while a generation's take <= 4 MB).
    if (8.0 * d > kChunkLimit || 8.0 * p * k > kChunkLimit) {
        throw ConfigError(fmt::format(
            "{}: {:.0f} individuals x {} genes ({} outputs each): one generation's genomes or outputs take {:.3g} "
            "GiB; the results file stores a generation in one HDF5 chunk of at most 4 GiB (individuals x genes up to "
            "{:.0f})",
            setting, p, genome_size, output_size, 8.0 * p * std::max(d, k) / kGiB, kChunkLimit / 8.0));
    }
    // A generation's genomes live in a few copies (optimizer, tasks, results, file buffer).
    double bytes = 8.0 * (4.0 * p * d + 3.0 * p * k);
    if (config.optimizer == "cmaes") bytes += 8.0 * 5.0 * d * d;             // C, B, C^-1/2, rank-mu, eigensolver
    if (config.optimizer == "enkf") bytes += 8.0 * 3.0 * (d * d + k * k);  // covariances and their solvers
    const double available = memory_bytes();
    if (bytes > available) {
        throw ConfigError(fmt::format(
            "{}: {:.0f} individuals x {} genes{} need about {:.3g} GiB of memory; this machine (or this process's "
            "limit) has {:.3g} GiB",
            setting, p, genome_size,
            config.optimizer == "cmaes" || config.optimizer == "enkf"
                ? fmt::format(" ({} keeps genes x genes matrices)", config.optimizer)
                : std::string{},
            bytes / kGiB, available / kGiB));
    }
}

RecordPolicy resolve_record_policy(const ExperimentConfig& config, std::size_t genome_size) {
    RecordPolicy policy;
    policy.every = config.record.every;
    policy.deflate = config.record.deflate;
    if (config.record.policy != "auto") {
        policy.kind = parse_record_kind(config.record.policy);
        return policy;
    }
    const double genomes = 8.0 * first_population(config, genome_size) * static_cast<double>(genome_size);
    policy.kind = genomes <= config.record.full_limit_mb * 1e6 ? RecordKind::full : RecordKind::every;
    return policy;
}

std::string record_policy_line(const RecordPolicy& policy, const ExperimentConfig& config, std::size_t genome_size,
                               std::size_t output_size) {
    const double vectors = config.optimizer == "enkf" ? 2.0 : config.optimizer == "es" || config.optimizer == "cmaes" ? 1.0 : 0.0;
    const double bytes =
        record_bytes_per_generation(policy, first_population(config, genome_size), static_cast<double>(genome_size),
                                    static_cast<double>(output_size), vectors, config.optimizer == "es");
    const double full = record_bytes_per_generation(RecordPolicy{}, first_population(config, genome_size),
                                                    static_cast<double>(genome_size), static_cast<double>(output_size),
                                                    0.0, false);
    std::string line = fmt::format("recording {}{}: {} per 100 generations", policy.description(),
                                   config.record.policy == "auto" ? " (record.policy = auto)" : "",
                                   megabytes_text(100.0 * bytes));
    if (policy.kind != RecordKind::full) line += fmt::format(" (full populations: {})", megabytes_text(100.0 * full));
    if (policy.kind != RecordKind::full && policy.kind != RecordKind::none && config.optimizer == "es") {
        line += "; every individual can be rebuilt from its seed";
    }
    if (policy.deflate > 0) line += fmt::format(", before shuffle + gzip {}", policy.deflate);
    return line;
}

}  // namespace l2l
