// `l2l inspect FILE.h5`: what a run was (config, seed, ranks, status) and its
// per-generation table of best and mean fitness. Works on a file that a run is
// still writing (SWMR) and on one a killed run left behind.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "optimizer/commands/commands.hpp"
#include "optimizer/hdf5_util.hpp"

namespace l2l::cli {
namespace {

struct InspectOptions {
    std::string path;
    bool no_config = false;
};

h5::Handle open_results(const std::string& path) {
    h5::silence_library_errors();
    // SWMR read sees a running job's latest flushed generation; a file not
    // written in SWMR mode (or by another tool) opens the ordinary way.
    hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, H5P_DEFAULT);
    if (id < 0) id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    return h5::file(id, "open " + path + " (not an HDF5 file, or damaged)");
}

std::string attribute_or(hid_t f, const char* name, const std::string& fallback = "?") {
    return h5::has_attribute(f, name) ? h5::read_string_attribute(f, name) : fallback;
}

int inspect(const InspectOptions& options) {
    if (!std::filesystem::exists(options.path)) {
        std::cerr << fmt::format("l2l inspect: error: file '{}' does not exist\n", options.path);
        return 2;
    }
    try {
        h5::Handle file = open_results(options.path);
        const hid_t f = file.get();
        if (!h5::exists(f, "/generations/best")) {
            std::cerr << fmt::format("l2l inspect: error: '{}' is not an l2l results file (no /generations/best)\n",
                                     options.path);
            return 2;
        }
        std::cout << fmt::format("file        {}\n", options.path);
        std::cout << fmt::format("status      {}\n", attribute_or(f, "status"));
        std::cout << fmt::format("l2l         {} (git {})\n", attribute_or(f, "version"), attribute_or(f, "git_revision"));
        std::cout << fmt::format("optimizer   {}   optimizee {}\n", attribute_or(f, "optimizer"),
                                 attribute_or(f, "optimizee"));
        std::cout << fmt::format("seed        {}\n",
                                 h5::has_attribute(f, "seed") ? std::to_string(h5::read_uint_attribute(f, "seed")) : "?");
        std::cout << fmt::format("mpi ranks   {}\n", h5::has_attribute(f, "mpi_size")
                                                         ? std::to_string(h5::read_int_attribute(f, "mpi_size"))
                                                         : "?");
        std::cout << fmt::format("host        {}\nstarted     {}\ncommand     {}\n", attribute_or(f, "host"),
                                 attribute_or(f, "started"), attribute_or(f, "command_line"));

        std::vector<hsize_t> shape;
        h5::read_doubles(f, "/generations/fitness", &shape);
        const auto best = h5::read_doubles(f, "/generations/best");
        const auto mean = h5::read_doubles(f, "/generations/mean");
        const auto std_dev = h5::read_doubles(f, "/generations/std");
        const auto wall = h5::read_doubles(f, "/generations/wall_time");
        const auto evaluations = h5::read_ints(f, "/generations/evaluations");
        const std::size_t generations = std::min({best.size(), mean.size(), std_dev.size(), wall.size()});
        std::cout << fmt::format("generations {} recorded, population {}, genome size {}\n", generations,
                                 shape.size() > 1 ? shape[1] : 0,
                                 h5::exists(f, "/best/genome") ? h5::read_doubles(f, "/best/genome").size() : 0);
        if (h5::exists(f, "/best/fitness") && generations > 0) {
            std::cout << fmt::format("best        fitness {:.10g} at generation {}\n",
                                     h5::read_doubles(f, "/best/fitness").at(0),
                                     h5::read_ints(f, "/best/generation").at(0));
        }
        if (!options.no_config) {
            std::cout << "\n# config\n" << attribute_or(f, "config", "(none)\n");
        }
        std::cout << fmt::format("\n{:>10} {:>16} {:>16} {:>14} {:>10} {:>10}\n", "generation", "best", "mean", "std",
                                 "evals", "wall_s");
        for (std::size_t g = 0; g < generations; ++g) {
            std::cout << fmt::format("{:>10} {:>16.9g} {:>16.9g} {:>14.6g} {:>10} {:>10.4f}\n", g, best[g], mean[g],
                                     std_dev[g], g < evaluations.size() ? evaluations[g] : 0, wall[g]);
        }
        return 0;
    } catch (const h5::Error& e) {
        std::cerr << fmt::format("l2l inspect: error: {}: {}\n", options.path, e.what());
        return 2;
    }
}

}  // namespace

CommandRunner add_inspect_command(CLI::App& root) {
    auto options = std::make_shared<InspectOptions>();
    CLI::App* command = root.add_subcommand("inspect", "Show what a run was and its per-generation fitness table");
    command->add_option("file", options->path, "HDF5 results file written by `l2l run`")->required();
    command->add_flag("--no-config", options->no_config, "Do not print the run's config");
    return [options] { return inspect(*options); };
}

}  // namespace l2l::cli
