#include "optimizer/run/run_size.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "optimizer/algorithms/fitness_ranking.hpp"

namespace l2l {
namespace {

constexpr double kChunkLimit = 4294967295.0;  // bytes in one HDF5 chunk
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

}  // namespace

// Physical memory, or the address-space limit of this process if lower.
double available_memory_bytes() {
    const double physical = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
    rlimit limit{};
    if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        return std::min(physical, static_cast<double>(limit.rlim_cur));
    }
    return physical;
}

const std::size_t* own_population(const ExperimentConfig& config) {
    if (config.optimizer == "cmaes") return &config.cmaes.population;
    if (config.optimizer == "snes") return &config.snes.population;
    if (config.optimizer == "sepcma") return &config.sepcma.population;
    return nullptr;
}

std::size_t* own_population(ExperimentConfig& config) {
    return const_cast<std::size_t*>(own_population(std::as_const(config)));
}

namespace {

// Individuals of the first generation (IPOP restarts may grow it later).
double first_population(const ExperimentConfig& config, std::size_t genome_size) {
    if (const std::size_t* own = own_population(config)) {
        if (*own > 0) return static_cast<double>(*own);
        return static_cast<double>(default_population(genome_size));
    }
    return static_cast<double>(config.population) + 1.0;  // ES may evaluate its mean too
}

// "population = 32", "cmaes.population = 0": what the user set.
std::string population_setting(const ExperimentConfig& config) {
    if (own_population(config) != nullptr) {
        return fmt::format("{}.population = {}", config.optimizer, *own_population(config));
    }
    return fmt::format("population = {}", config.population);
}

bool uses_noise_table(const ExperimentConfig& config) {
    return config.optimizer == "snes" || config.optimizer == "sepcma" || config.optimizer == "openai_es";
}

}  // namespace

std::string population_text(const ExperimentConfig& config, std::size_t genome_size) {
    if (const std::size_t* own = own_population(config)) {
        const auto lambda = static_cast<std::size_t>(first_population(config, genome_size));
        return *own > 0 ? fmt::format("population {}", lambda)
                        : fmt::format("population {} (4 + floor(3 ln n))", lambda);
    }
    if (config.optimizer == "grid") {
        std::uint64_t points = 1;
        for (const GridAxis& axis : config.grid.axes) points *= axis.points;
        const std::uint64_t per_generation = std::min<std::uint64_t>(config.population, points);
        const std::uint64_t generations = (points + per_generation - 1) / per_generation;
        const std::uint64_t last = points - (generations - 1) * per_generation;
        return fmt::format("population {} ({} grid point{}, each once: {} generation{}{})", per_generation, points,
                           points == 1 ? "" : "s", generations, generations == 1 ? "" : "s",
                           last == per_generation ? std::string{} : fmt::format(", the last of {}", last));
    }
    return fmt::format("population {}", config.population);
}

std::size_t recorded_output_size(const ExperimentConfig& config, const Optimizee& optimizee) {
    const std::size_t output_size = optimizee.output_size();
    if (config.record.outputs == "all") return output_size;
    if (config.record.outputs == "auto" && (config.optimizer == "enkf" || optimizee.outputs_are_results()))
        return output_size;
    return 0;
}

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
    if (uses_noise_table(config)) bytes += 8.0 * static_cast<double>(config.noise_table_size);
    const double available = available_memory_bytes();
    if (bytes > available) {
        throw ConfigError(fmt::format(
            "{}: {:.0f} individuals x {} genes{} need about {:.3g} GiB of memory; this machine (or this process's "
            "limit) has {:.3g} GiB",
            setting, p, genome_size,
            config.optimizer == "cmaes" || config.optimizer == "enkf"
                ? fmt::format(" ({} keeps genes x genes matrices)", config.optimizer)
            : uses_noise_table(config)
                ? fmt::format(" and noise_table_size = {} ({:.3g} GiB)", config.noise_table_size,
                              8.0 * static_cast<double>(config.noise_table_size) / kGiB)
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
    const bool noise_table = uses_noise_table(config);
    const bool rebuildable = config.optimizer == "es" || noise_table;
    const double vectors = config.optimizer == "enkf" || noise_table                   ? 2.0
                           : config.optimizer == "es" || config.optimizer == "cmaes" ? 1.0
                                                                                     : 0.0;
    const double bytes =
        record_bytes_per_generation(policy, first_population(config, genome_size), static_cast<double>(genome_size),
                                    static_cast<double>(output_size), vectors, rebuildable);
    const double full = record_bytes_per_generation(RecordPolicy{}, first_population(config, genome_size),
                                                    static_cast<double>(genome_size), static_cast<double>(output_size),
                                                    0.0, false);
    std::string line = fmt::format("recording {}{}: {} per 100 generations", policy.description(),
                                   config.record.policy == "auto" ? " (record.policy = auto)" : "",
                                   megabytes_text(100.0 * bytes));
    if (policy.kind != RecordKind::full) line += fmt::format(" (full populations: {})", megabytes_text(100.0 * full));
    if (policy.kind != RecordKind::full && policy.kind != RecordKind::none && rebuildable) {
        line += noise_table ? "; every individual can be rebuilt from its noise-table offset"
                            : "; every individual can be rebuilt from its seed";
    }
    if (policy.deflate > 0) line += fmt::format(", before shuffle + gzip {}", policy.deflate);
    return line;
}

}  // namespace l2l

namespace l2l {
namespace {

// Bytes per neuron: LIF/ALIF parameters and state (about 17 arrays), external
// current, pending spike flag and spike list; the delay ring adds 8 per slot.
constexpr double kNeuronBytes = 160.0;
// Bytes per gene of the genome map (bounds and the indices of its name).
constexpr double kGeneBytes = 24.0;
constexpr double kMaxSparseSynapses = 4294967295.0;  // 32-bit row offsets

struct Cost {
    std::string what;  // "network.projections[0] (in -> hidden, dense 100000 x 100000, 1e+10 synapses)"
    double bytes = 0.0;
};

double synapses_of(const sim::ProjectionSpec& j, double pre, double post) {
    const bool recurrent = j.from == j.to;
    switch (j.connectivity) {
        case sim::Connectivity::all_to_all: return recurrent && !j.autapses ? pre * (post - 1.0) : pre * post;
        case sim::Connectivity::one_to_one: return recurrent && !j.autapses ? 0.0 : pre;
        case sim::Connectivity::fixed_probability: return j.probability * pre * post;
    }
    return pre * post;
}

}  // namespace

void check_network_size(const sim::NetworkSpec& network) {
    std::vector<double> slots(network.populations.size(), 2.0);  // max delay + 1 per post population
    std::vector<Cost> costs;
    for (std::size_t i = 0; i < network.projections.size(); ++i) {
        const sim::ProjectionSpec& j = network.projections[i];
        const sim::PopulationSpec* pre = network.find_population(j.from);
        const sim::PopulationSpec* post = network.find_population(j.to);
        if (pre == nullptr || post == nullptr) {  // the parser refused it already
            costs.push_back({});
            continue;
        }
        const double n_pre = static_cast<double>(pre->size);
        const double n_post = static_cast<double>(post->size);
        const double synapses = synapses_of(j, n_pre, n_post);
        const bool full = j.connectivity == sim::Connectivity::all_to_all && (j.from != j.to || j.autapses);
        const bool dense = j.storage == sim::WeightStorage::dense || (j.storage == sim::WeightStorage::automatic && full);
        const std::string what = fmt::format("network.projections[{}] ({} -> {}, {} {} x {}, {:.4g} synapses)", i,
                                             j.from, j.to, dense ? "dense" : "sparse", pre->size, post->size, synapses);
        if (!dense && synapses > kMaxSparseSynapses) {
            throw ConfigError(fmt::format("{}: a sparse projection holds at most {:.0f} synapses (32-bit indices); "
                                          "split it, or lower the population sizes or the probability",
                                          what, kMaxSparseSynapses));
        }
        double per_synapse = dense ? 8.0 : 12.0;  // weights (+ targets when sparse)
        if (j.plasticity.rule != sim::PlasticityRule::none) per_synapse += 24.0;  // plastic weights/eligibility/traces
        double bytes = 2.0 * (per_synapse * synapses + (dense ? 0.0 : 4.0 * (n_pre + 1.0)));
        if (j.plasticity.rule == sim::PlasticityRule::ndp_oja || j.plasticity.rule == sim::PlasticityRule::ndp_bcm) {
            bytes += 2.0 * 8.0 * n_post * n_post;  // W_m: post x post
        }
        costs.push_back({what, bytes});
        const double steps = std::round(j.delay / network.dt);
        const std::size_t p = static_cast<std::size_t>(post - network.populations.data());
        slots[p] = std::max(slots[p], steps + 1.0);
    }
    for (std::size_t p = 0; p < network.populations.size(); ++p) {
        const sim::PopulationSpec& population = network.populations[p];
        const double n = static_cast<double>(population.size);
        costs.push_back({fmt::format("network.populations[{}] ('{}', {} neurons, {:.0f} delay slots each)", p,
                                     population.name, population.size, slots[p]),
                         2.0 * n * (kNeuronBytes + 8.0 * slots[p])});
    }
    // The genome map: a gene per synapse or neuron of every block that is not
    // shared, counted with its projection (costs[i] is projection i's).
    for (const sim::GeneBlockSpec& block : network.genome) {
        if (block.shared) continue;
        if (block.target == sim::GeneBlockSpec::Target::neuron_parameter) {
            if (const sim::PopulationSpec* p = network.find_population(block.population)) {
                costs.push_back({"network.genome", kGeneBytes * static_cast<double>(p->size)});
            }
            continue;
        }
        for (std::size_t i = 0; i < network.projections.size(); ++i) {
            const sim::ProjectionSpec& j = network.projections[i];
            if (j.name != block.projection) continue;
            const sim::PopulationSpec* pre = network.find_population(j.from);
            const sim::PopulationSpec* post = network.find_population(j.to);
            if (pre != nullptr && post != nullptr) {
                costs[i].bytes +=
                    kGeneBytes * synapses_of(j, static_cast<double>(pre->size), static_cast<double>(post->size));
            }
        }
    }
    double total = 0.0;
    const Cost* largest = nullptr;
    for (const Cost& cost : costs) {
        total += cost.bytes;
        if (largest == nullptr || cost.bytes > largest->bytes) largest = &cost;
    }
    const double available = available_memory_bytes();
    if (total > available && largest != nullptr) {
        throw ConfigError(fmt::format(
            "{}: the network needs about {:.3g} GiB of memory ({:.3g} GiB for this one; a process holds the "
            "prototype network and the copy each evaluation builds); this machine (or this process's limit) has "
            "{:.3g} GiB",
            largest->what, total / kGiB, largest->bytes / kGiB, available / kGiB));
    }
}

}  // namespace l2l
