// `l2l inspect FILE.h5`: what a run was (config, seed, ranks, status) and its
// per-generation table of best and mean fitness; `--genome best|G:I` one stored
// genome with its gene names; `--csv` the per-generation table as CSV;
// `--datasets` what every dataset is (its units and description attributes). Works on
// a file that a run is still writing (SWMR) and on one a killed run left behind.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <limits>

#include "environments/number_format.hpp"
#include "optimizer/commands/commands.hpp"
#include "optimizer/commands/csv_field.hpp"
#include "optimizer/results/hdf5_util.hpp"
#include "optimizer/run/stored_run.hpp"
#include "optimizer/run/run_lock.hpp"

namespace l2l::cli {
namespace {

struct InspectOptions {
    std::string path;
    bool no_config = false;
    bool datasets = false;  // every dataset with its shape, units and description
    std::string genome;  // empty: the run overview
    bool csv = false;
    std::string csv_output;  // empty: standard output
    bool force = false;
};

std::string attribute_or(hid_t f, const char* name, const std::string& fallback = "?") {
    return h5::has_attribute(f, name) ? h5::read_string_attribute(f, name) : fallback;
}

// "running" is only true while a writer holds the file's lock: after kill -9
// the status attribute still says running.
std::string status_line(const std::string& path, const std::string& status) {
    if (!left_by_killed_run(status, path)) return status;
    return fmt::format("running? no l2l process on this machine is writing it ({} is free): the run was killed "
                       "(resume it with `l2l run ... --output {} --resume`) or runs on another node",
                       RunLock::path_for(path), path);
}

// When the run ended (the `finished` attribute): absent while it runs, after
// kill -9, and in files of l2l versions before it.
std::string finished_line(hid_t f, const std::string& status) {
    if (h5::has_attribute(f, "finished")) return h5::read_string_attribute(f, "finished");
    return status == "running" ? "- (still running, or killed)" : "- (not recorded by the l2l that wrote this file)";
}

// What the file's fitness is and the best any genome can reach, where the file says.
std::string fitness_line(hid_t f) {
    std::string text = attribute_or(f, "fitness_meaning", "-");
    if (h5::has_attribute(f, "best_possible_fitness")) {
        const double goal = h5::read_double_attribute(f, "best_possible_fitness");
        text += fmt::format(" (task goal {})", env::format_number(goal));
    }
    return text;
}

// Every dataset: path, shape, units, description (h5dump -A shows the same attributes).
void print_datasets(hid_t f) {
    std::cout << "dataset,shape,units,description\n";
    for (const char* group : {"/best", "/generations", "/record", "/failures"}) {
        for (const std::string& path : h5::dataset_paths(f, group)) {
            std::string shape;
            for (const hsize_t d : h5::shape_of(f, path)) shape += fmt::format("{}{}", shape.empty() ? "" : "x", d);
            h5::Handle set = h5::dataset(H5Dopen2(f, path.c_str(), H5P_DEFAULT), "open " + path);
            auto text = [&](const char* name) {
                return h5::has_attribute(set.get(), name) ? h5::read_string_attribute(set.get(), name) : std::string{};
            };
            std::cout << fmt::format("{},{},{},{}\n", csv_field(path), shape.empty() ? "scalar" : shape,
                                     csv_field(text("units")), csv_field(text("description")));
        }
    }
}

// One genome of the file, gene by gene, with the names the optimizee gives its genes.
void print_genome(hid_t f, const InspectOptions& options) {
    const StoredIndividual chosen = select_individual(f, options.genome, options.path);
    const std::vector<std::string> names = stored_gene_names(f, options.path);
    std::cout << fmt::format("# {} genome {}: generation {}, individual {}; genome {}\n", options.path, options.genome,
                             chosen.generation, chosen.index, chosen.source);
    std::cout << fmt::format("# fitness {}{}\n", env::format_number(chosen.fitness),
                             chosen.failure == 0 ? "" : fmt::format(" (evaluation failed: code {})", chosen.failure));
    std::cout << "index,gene,value\n";
    for (std::size_t k = 0; k < chosen.genome.size(); ++k) {
        std::cout << fmt::format("{},{},{}\n", k, csv_field(names[k]), env::format_number(chosen.genome[k]));
    }
}

// The per-generation table, every number written so that it reads back to the
// stored double; `min` is over the generation's successful evaluations and
// `failures` counts its failed ones; then every optimizer summary series.
void write_csv(hid_t f, const std::string& file_path, std::ostream& out) {
    const ResultsLayout layout = check_results_layout(f, file_path);  // shapes agree (open_results checked them)
    const auto fitness = h5::read_doubles(f, "/generations/fitness");
    const auto failure_codes = h5::read_ints(f, "/generations/failures");
    const std::size_t population = layout.population;
    std::vector<std::pair<std::string, std::vector<double>>> columns;
    for (const char* name : {"best", "mean", "std"}) {
        columns.emplace_back(name, h5::read_doubles(f, std::string("/generations/") + name));
    }
    std::vector<double> minimum;
    std::vector<double> failures;
    for (std::size_t g = 0; g < layout.generations; ++g) {
        double low = std::numeric_limits<double>::quiet_NaN();
        std::size_t failed = 0;
        for (std::size_t i = 0; i < population; ++i) {
            const std::int64_t code = failure_codes[g * population + i];
            const double value = fitness[g * population + i];
            if (code > 0) ++failed;
            if (code == 0 && !(value >= low)) low = value;
        }
        minimum.push_back(low);
        failures.push_back(static_cast<double>(failed));
    }
    columns.emplace_back("min", std::move(minimum));
    const auto evaluations = h5::read_ints(f, "/generations/evaluations");
    columns.emplace_back("evaluations", std::vector<double>(evaluations.begin(), evaluations.end()));
    columns.emplace_back("failures", std::move(failures));
    columns.emplace_back("wall_time", h5::read_doubles(f, "/generations/wall_time"));
    columns.emplace_back("eval_time", h5::read_doubles(f, "/generations/eval_time"));
    for (const std::string& path : h5::dataset_paths(f, "/generations/summary")) {
        columns.emplace_back(path.substr(std::string("/generations/summary/").size()), h5::read_doubles(f, path));
    }
    // Series are appended one after another: a running job's may differ by one.
    std::size_t rows = layout.generations;
    for (const auto& column : columns) rows = std::min(rows, column.second.size());
    out << "generation";
    for (const auto& column : columns) out << ',' << csv_field(column.first);
    out << '\n';
    for (std::size_t g = 0; g < rows; ++g) {
        out << g;
        for (const auto& [name, values] : columns) {
            const bool count = name == "evaluations" || name == "failures";
            out << ',';
            out << (count ? fmt::format("{}", static_cast<std::int64_t>(values[g])) : env::format_number(values[g]));
        }
        out << '\n';
    }
}

int inspect(const InspectOptions& options) {
    try {
        h5::Handle file = open_results(options.path);
        const hid_t f = file.get();
        if (!options.genome.empty()) {
            print_genome(f, options);
            return 0;
        }
        if (options.datasets) {
            print_datasets(f);
            return 0;
        }
        if (options.csv) {
            if (!h5::exists(f, "/generations/best")) {
                throw ResultsFileError(fmt::format("{}: no generation was written", options.path));
            }
            if (options.csv_output.empty()) {
                write_csv(f, options.path, std::cout);
                return 0;
            }
            check_new_output_file("-o", options.csv_output, options.force);
            std::ofstream out(options.csv_output);
            if (!out) throw ResultsFileError(fmt::format("-o {}: cannot create the file", options.csv_output));
            write_csv(f, options.path, out);
            out.close();
            if (!out) throw std::runtime_error(fmt::format("writing {} failed", options.csv_output));
            return 0;
        }
        if (!h5::exists(f, "/generations/best")) {
            std::cout << fmt::format("file        {}\nstatus      {}\nno generation written yet\n", options.path,
                                     status_line(options.path, attribute_or(f, "status")));
            return 0;
        }
        std::cout << fmt::format("file        {}\n", options.path);
        std::cout << fmt::format("status      {}\n", status_line(options.path, attribute_or(f, "status")));
        std::cout << fmt::format("l2l         {} (git {})\n", attribute_or(f, "version"), attribute_or(f, "git_revision"));
        std::cout << fmt::format("optimizer   {}   optimizee {}\n", attribute_or(f, "optimizer"),
                                 attribute_or(f, "optimizee"));
        std::cout << fmt::format("seed        {}\n",
                                 h5::has_attribute(f, "seed") ? std::to_string(h5::read_uint_attribute(f, "seed")) : "?");
        std::cout << fmt::format("mpi ranks   {}\n", h5::has_attribute(f, "mpi_size")
                                                         ? std::to_string(h5::read_int_attribute(f, "mpi_size"))
                                                         : "?");
        std::cout << fmt::format("host        {}\nstarted     {}\nfinished    {}\ncommand     {}\n",
                                 attribute_or(f, "host"), attribute_or(f, "started"),
                                 finished_line(f, attribute_or(f, "status")), attribute_or(f, "command_line"));
        std::cout << fmt::format("fitness     {}\n", fitness_line(f));

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
    } catch (const ResultsFileError& e) {
        std::cerr << fmt::format("l2l inspect: error: {}\n", e.what());
        return 2;
    } catch (const h5::Error& e) {
        std::cerr << fmt::format("l2l inspect: error: {}: {}\n", options.path, e.what());
        return 2;
    } catch (const std::exception& e) {
        std::cerr << fmt::format("l2l inspect: error: {}: {}\n", options.path, e.what());
        return 1;
    }
}

}  // namespace

CommandRunner add_inspect_command(CLI::App& root) {
    auto options = std::make_shared<InspectOptions>();
    CLI::App* command = root.add_subcommand("inspect", "Show what a run was and its per-generation fitness table");
    command->add_option("file", options->path, "HDF5 results file written by `l2l run`")->required();
    command->add_flag("--no-config", options->no_config, "Do not print the run's config");
    CLI::Option* datasets = command->add_flag(
        "--datasets", options->datasets,
        "List every dataset as CSV: path, shape, units, description (the attributes h5dump -A shows)");
    CLI::Option* genome = command->add_option(
        "--genome", options->genome,
        "Print one genome with its gene names and fitness: best (the best ever) or G:I (generation:individual, "
        "from 0)");
    CLI::Option* csv =
        command->add_flag("--csv", options->csv, "Print the per-generation table as CSV (values as stored)");
    CLI::Option* output =
        command->add_option("-o,--output", options->csv_output, "Write the --csv table to this file")->needs(csv);
    command->add_flag("--force", options->force, "Overwrite the -o file if it exists")->needs(output);
    genome->excludes(csv);
    datasets->excludes(genome)->excludes(csv);
    return [options] { return inspect(*options); };
}

}  // namespace l2l::cli
