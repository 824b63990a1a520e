#include "optimizer/results/results_reader.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <toml++/toml.h>

#include "common/toml_integers.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>
#include <utility>
#include <vector>

#include "optimizer/algorithms/evolution_strategies.hpp"
#include "optimizer/algorithms/population_encoding.hpp"

namespace l2l {
namespace {

std::string shape_text(const std::vector<hsize_t>& shape) {
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) text += fmt::format("{}{}", i == 0 ? "" : ", ", shape[i]);
    return text + "]";
}

// The dataset's shape, refused unless it has `rank` dimensions; `expected`
// names them for the message ("[generations, population]").
std::vector<hsize_t> shape_with_rank(hid_t f, const std::string& path, const std::string& dataset, std::size_t rank,
                                     const std::string& expected) {
    if (!h5::exists(f, dataset)) {
        throw ResultsFileError(fmt::format("{}: dataset {} is missing; expected {} (not a complete l2l results file)",
                                           path, dataset, expected));
    }
    std::vector<hsize_t> shape = h5::shape_of(f, dataset);
    if (shape.size() != rank) {
        throw ResultsFileError(fmt::format("{}: dataset {} has shape {} ({}-D); expected {}-D {}", path, dataset,
                                           shape_text(shape), shape.size(), rank, expected));
    }
    return shape;
}

// One value: a scalar, or a 1-D dataset of one element.
void require_single_value(hid_t f, const std::string& path, const std::string& dataset) {
    if (!h5::exists(f, dataset)) {
        throw ResultsFileError(fmt::format("{}: dataset {} is missing; expected one value", path, dataset));
    }
    const std::vector<hsize_t> shape = h5::shape_of(f, dataset);
    if (!(shape.empty() || (shape.size() == 1 && shape[0] == 1))) {
        throw ResultsFileError(fmt::format("{}: dataset {} has shape {}; expected one value (a scalar)", path,
                                           dataset, shape_text(shape)));
    }
}

}  // namespace

ResultsLayout check_results_layout(hid_t f, const std::string& path) {
    ResultsLayout layout;
    layout.genes = shape_with_rank(f, path, "/best/genome", 1, "[genes]")[0];
    if (layout.genes == 0) throw ResultsFileError(fmt::format("{}: dataset /best/genome is empty; expected [genes] with genes >= 1", path));
    require_single_value(f, path, "/best/fitness");
    require_single_value(f, path, "/best/generation");
    if (h5::exists(f, "/best/gene_names")) {
        const std::vector<hsize_t> names = shape_with_rank(f, path, "/best/gene_names", 1, "[genes]");
        if (names[0] != layout.genes) {
            throw ResultsFileError(fmt::format("{}: dataset /best/gene_names has shape {}; expected [{}] (one name "
                                               "per gene of /best/genome)",
                                               path, shape_text(names), layout.genes));
        }
    }
    // Files of l2l versions before the gene bounds dataset have none.
    if (h5::exists(f, "/best/gene_bounds")) {
        const std::vector<hsize_t> bounds = shape_with_rank(f, path, "/best/gene_bounds", 2, "[genes, 2]");
        if (bounds[0] != layout.genes || bounds[1] != 2) {
            throw ResultsFileError(fmt::format("{}: dataset /best/gene_bounds has shape {}; expected [{}, 2] (lower "
                                               "and upper bound of every gene of /best/genome)",
                                               path, shape_text(bounds), layout.genes));
        }
    }
    if (!h5::exists(f, "/generations")) return layout;
    layout.has_generations = true;
    // (dataset, generations it holds)
    std::vector<std::pair<std::string, std::size_t>> rows;
    const std::vector<hsize_t> fitness =
        shape_with_rank(f, path, "/generations/fitness", 2, "[generations, population]");
    layout.population = fitness[1];
    rows.emplace_back("/generations/fitness", fitness[0]);
    auto same_population = [&](const std::string& dataset, const std::vector<hsize_t>& shape, const std::string& expected) {
        if (shape[1] != layout.population) {
            throw ResultsFileError(fmt::format("{}: dataset {} has shape {}; expected {} with population {} (as "
                                               "/generations/fitness {})",
                                               path, dataset, shape_text(shape), expected, layout.population,
                                               shape_text(fitness)));
        }
        rows.emplace_back(dataset, shape[0]);
    };
    // record.policy best_and_state and none keep no populations: no /generations/genomes.
    const std::string policy = h5::has_attribute(f, "record_policy") ? h5::read_string_attribute(f, "record_policy") : "full";
    if (h5::exists(f, "/generations/genomes") || (policy != "best_and_state" && policy != "none")) {
        const std::vector<hsize_t> genomes =
            shape_with_rank(f, path, "/generations/genomes", 3, "[generations, population, genes]");
        same_population("/generations/genomes", genomes, "[generations, population, genes]");
        if (genomes[2] != layout.genes) {
            throw ResultsFileError(fmt::format("{}: dataset /generations/genomes has shape {}; expected [generations, "
                                               "population, genes] with {} genes (as /best/genome)",
                                               path, shape_text(genomes), layout.genes));
        }
    }
    same_population("/generations/failures",
                    shape_with_rank(f, path, "/generations/failures", 2, "[generations, population]"),
                    "[generations, population]");
    if (h5::exists(f, "/generations/outputs")) {
        const std::vector<hsize_t> outputs =
            shape_with_rank(f, path, "/generations/outputs", 3, "[generations, population, outputs]");
        same_population("/generations/outputs", outputs, "[generations, population, outputs]");
        layout.outputs = outputs[2];
    }
    for (const char* name : {"best", "mean", "std", "wall_time", "eval_time", "evaluations"}) {
        const std::string dataset = std::string("/generations/") + name;
        rows.emplace_back(dataset, shape_with_rank(f, path, dataset, 1, "[generations]")[0]);
    }
    if (h5::exists(f, "/generations/summary")) {
        for (const std::string& dataset : h5::dataset_paths(f, "/generations/summary")) {
            rows.emplace_back(dataset, shape_with_rank(f, path, dataset, 1, "[generations]")[0]);
        }
    }
    // A running job appends dataset after dataset: a reader may see one of them a generation ahead.
    const bool running = h5::has_attribute(f, "status") && h5::read_string_attribute(f, "status") == "running";
    const auto [fewest, most] = std::minmax_element(rows.begin(), rows.end(),
                                                    [](const auto& a, const auto& b) { return a.second < b.second; });
    if (most->second - fewest->second > (running ? 1U : 0U)) {
        throw ResultsFileError(fmt::format(
            "{}: dataset {} holds {} generations but {} holds {}; every per-generation dataset must hold the same "
            "number{}",
            path, most->first, most->second, fewest->first, fewest->second,
            running ? " (give or take the one a running job is appending)" : ""));
    }
    layout.generations = fewest->second;
    return layout;
}

h5::Handle open_results(const std::string& path, bool check_layout) {
    h5::silence_library_errors();
    if (!std::filesystem::exists(path)) throw ResultsFileError(fmt::format("file '{}' does not exist", path));
    // A file not written in SWMR mode (or by another tool) opens the ordinary way.
    hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, H5P_DEFAULT);
    if (id < 0) id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) throw ResultsFileError(fmt::format("'{}' is not an HDF5 file, or is damaged", path));
    h5::Handle file = h5::file(id, "open " + path);
    if (check_layout && (!h5::has_attribute(id, "optimizer") || !h5::exists(id, "/best/genome"))) {
        throw ResultsFileError(
            fmt::format("'{}' is not an l2l results file (no optimizer attribute or /best/genome)", path));
    }
    if (check_layout) check_results_layout(id, path);
    return file;
}

namespace {

std::string recorded_generations_text(hid_t f, std::size_t generations) {
    const std::string kind = h5::has_attribute(f, "record_policy") ? h5::read_string_attribute(f, "record_policy") : "full";
    if (kind == "every") {
        const std::uint64_t every = h5::read_uint_attribute(f, "record_every");
        std::string list;
        for (std::size_t g = 0; g < generations && g <= 3 * every; g += every) list += fmt::format("{}, ", g);
        return fmt::format("record.policy = every (every {}): whole populations of generations {}...; of the others "
                           "the best individual (G:best_index) and `best`",
                           every, list);
    }
    if (kind == "best_and_state") {
        return "record.policy = best_and_state: the best individual of each generation (G:best_index) and `best`";
    }
    return fmt::format("record.policy = {}: only `best`", kind);
}

bool population_stored(hid_t f, std::uint64_t g) {
    if (!h5::exists(f, "/generations/genomes")) return false;
    if (!h5::exists(f, "/generations/population_recorded")) return true;  // record.policy = full
    return h5::read_ints(f, "/generations/population_recorded", {g}, {1}).at(0) != 0;
}

}  // namespace

StoredIndividual select_individual(hid_t f, const std::string& spec, const std::string& path) {
    if (!h5::exists(f, "/generations/fitness")) {
        throw ResultsFileError(fmt::format("{}: no generation was written", path));
    }
    const ResultsLayout layout = check_results_layout(f, path);
    const std::size_t generations = layout.generations;
    const std::size_t population = layout.population;
    if (generations == 0) throw ResultsFileError(fmt::format("{}: no generation was written", path));
    const std::size_t genes = layout.genes;
    StoredIndividual chosen;
    if (spec == "best") {
        const std::int64_t generation = h5::read_ints(f, "/best/generation").at(0);
        if (generation < 0 || static_cast<std::size_t>(generation) >= generations) {
            throw ResultsFileError(fmt::format("{}: no successful evaluation is recorded", path));
        }
        // The best ever is the first successful individual of its generation with its fitness.
        const double best = h5::read_doubles(f, "/best/fitness").at(0);
        chosen.generation = static_cast<std::uint64_t>(generation);
        const std::vector<double> fitness = h5::read_doubles(f, "/generations/fitness", {chosen.generation, 0}, {1, population});
        const std::vector<std::int64_t> failures =
            h5::read_ints(f, "/generations/failures", {chosen.generation, 0}, {1, population});
        std::size_t i = 0;
        while (i < population && !(failures[i] == 0 && std::memcmp(&fitness[i], &best, sizeof best) == 0)) ++i;
        if (i == population) throw ResultsFileError(fmt::format("{}: /best/fitness is not in its generation", path));
        chosen.index = i;
        chosen.genome = h5::read_doubles(f, "/best/genome");
        chosen.source = "stored (/best/genome)";
    } else {
        const std::size_t colon = spec.find(':');
        std::uint64_t g = 0;
        std::uint64_t i = 0;
        if (colon == std::string::npos || !CLI::detail::lexical_cast(spec.substr(0, colon), g) ||
            !CLI::detail::lexical_cast(spec.substr(colon + 1), i)) {
            throw ResultsFileError(
                fmt::format("--genome {}: allowed: best, or G:I (generation:individual, from 0)", spec));
        }
        if (g >= generations || i >= population) {
            throw ResultsFileError(
                fmt::format("--genome {}: out of range; {} has generations 0..{} and individuals 0..{}", spec, path,
                            generations - 1, population - 1));
        }
        chosen.generation = g;
        chosen.index = i;
        if (population_stored(f, g)) {
            chosen.genome = h5::read_doubles(f, "/generations/genomes", {g, i, 0}, {1, 1, genes});
            chosen.source = "stored (/generations/genomes)";
        } else if (h5::exists(f, "/generations/best_index") &&
                   h5::read_ints(f, "/generations/best_index", {g}, {1}).at(0) == static_cast<std::int64_t>(i)) {
            chosen.genome = h5::read_doubles(f, "/generations/best_genome", {g, 0}, {1, genes});
            chosen.source = "stored (/generations/best_genome)";
        } else if (h5::exists(f, "/generations/state/seed") && h5::exists(f, "/record/bounds_lower")) {
            const std::int64_t sign = h5::read_ints(f, "/generations/state/sign", {g, i}, {1, 1}).at(0);
            const std::uint64_t seed = h5::read_uints(f, "/generations/state/seed", {g, i}, {1, 1}).at(0);
            const Genome mean = h5::read_doubles(f, "/generations/state/mean", {g, 0}, {1, genes});
            const Bounds bounds{h5::read_doubles(f, "/record/bounds_lower"), h5::read_doubles(f, "/record/bounds_upper")};
            if (h5::exists(f, "/record/noise_table_seed")) {
                // snes, sepcma, openai_es: the seed is an offset into the shared noise table.
                const NoiseTableSpec table{h5::read_uints(f, "/record/noise_table_seed").at(0),
                                          h5::read_uints(f, "/record/noise_table_size").at(0)};
                const PerturbationBase base{table, mean,
                                            h5::read_doubles(f, "/generations/state/scale", {g, 0}, {1, genes}), bounds};
                chosen.genome = rebuild_individual(*shared_noise_table(table), base,
                                                   {seed, static_cast<std::int32_t>(sign)});
                chosen.source = fmt::format("rebuilt from the generation's mean, scale and noise-table offset {} "
                                            "(sign {:+d})", seed, sign);
            } else {
                const double sigma = h5::read_doubles(f, "/generations/state/sigma", {g}, {1}).at(0);
                chosen.genome = rebuild_evolution_strategies_individual(mean, sigma, seed,
                                                                        static_cast<std::int32_t>(sign), bounds);
                chosen.source = fmt::format("rebuilt from the generation's mean, sigma and seed {} (sign {:+d})", seed, sign);
            }
            if (sign == 0) chosen.source = "rebuilt: the generation's mean (/generations/state/mean)";
        } else {
            throw ResultsFileError(fmt::format("--genome {}: generation {}'s individual {} was not recorded in {} ({})",
                                               spec, g, i, path, recorded_generations_text(f, generations)));
        }
    }
    chosen.fitness = h5::read_doubles(f, "/generations/fitness", {chosen.generation, chosen.index}, {1, 1}).at(0);
    chosen.failure = h5::read_ints(f, "/generations/failures", {chosen.generation, chosen.index}, {1, 1}).at(0);
    return chosen;
}

double stored_target_fitness(hid_t f, const std::string& path) {
    if (!h5::has_attribute(f, "config")) return std::numeric_limits<double>::infinity();
    try {
        // A seed >= 2^63 is stored as a string; older files have it bare (not TOML).
        const toml::table config = toml::parse(quote_huge_integers(h5::read_string_attribute(f, "config")));
        return config["target_fitness"].value_or(std::numeric_limits<double>::infinity());
    } catch (const toml::parse_error& e) {
        throw ResultsFileError(fmt::format("{}: the config attribute is not TOML: {}", path, e.description()));
    }
}

void check_new_output_file(const std::string& option, const std::string& path, bool force) {
    if (std::filesystem::exists(path) && !force) {
        throw ResultsFileError(fmt::format("{} {}: the file exists; refusing to overwrite it (use --force)", option, path));
    }
    const std::filesystem::path folder = std::filesystem::path(path).parent_path();
    if (!folder.empty() && !std::filesystem::is_directory(folder)) {
        throw ResultsFileError(fmt::format("{} {}: folder '{}' does not exist", option, path, folder.string()));
    }
}

}  // namespace l2l
