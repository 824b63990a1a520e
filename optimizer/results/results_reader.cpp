#include "optimizer/results/results_reader.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstring>
#include <filesystem>
#include <limits>

namespace l2l {
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
    return file;
}

StoredIndividual select_individual(hid_t f, const std::string& spec, const std::string& path) {
    if (!h5::exists(f, "/generations/genomes")) {
        throw ResultsFileError(fmt::format("{}: no generation was written", path));
    }
    std::vector<hsize_t> shape;
    const std::vector<double> genomes = h5::read_doubles(f, "/generations/genomes", &shape);
    const std::size_t generations = shape.at(0);
    const std::size_t population = shape.at(1);
    const std::size_t genes = shape.at(2);
    StoredIndividual chosen;
    if (spec == "best") {
        const std::vector<double> best = h5::read_doubles(f, "/best/genome");
        const std::int64_t generation = h5::read_ints(f, "/best/generation").at(0);
        if (generation < 0 || static_cast<std::size_t>(generation) >= generations) {
            throw ResultsFileError(fmt::format("{}: no successful evaluation is recorded", path));
        }
        chosen.generation = static_cast<std::uint64_t>(generation);
        std::size_t i = 0;
        for (; i < population; ++i) {
            const double* row = genomes.data() + (chosen.generation * population + i) * genes;
            if (std::memcmp(row, best.data(), genes * sizeof(double)) == 0) break;
        }
        if (i == population) throw ResultsFileError(fmt::format("{}: /best/genome is not in its generation", path));
        chosen.index = i;
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
    }
    const std::size_t at = chosen.generation * population + chosen.index;
    chosen.genome.assign(genomes.begin() + static_cast<std::ptrdiff_t>(at * genes),
                         genomes.begin() + static_cast<std::ptrdiff_t>((at + 1) * genes));
    chosen.fitness = h5::read_doubles(f, "/generations/fitness").at(at);
    chosen.failure = h5::read_ints(f, "/generations/failures").at(at);
    return chosen;
}

double stored_target_fitness(hid_t f, const std::string& path) {
    if (!h5::has_attribute(f, "config")) return std::numeric_limits<double>::infinity();
    try {
        const toml::table config = toml::parse(h5::read_string_attribute(f, "config"));
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
