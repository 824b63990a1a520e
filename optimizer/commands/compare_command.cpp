// `l2l compare A.h5 B.h5 ...`: one row per results file (optimizer, optimizee,
// seed, generations, final and best-ever fitness, the generation where the
// target was first reached, evaluations, elapsed time), to compare runs, seeds
// or optimizers side by side.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <ctime>
#include <iostream>
#include <numeric>
#include <optional>

#include "environments/number_format.hpp"
#include "optimizer/commands/commands.hpp"
#include "optimizer/commands/csv_field.hpp"
#include "optimizer/results/hdf5_util.hpp"
#include "optimizer/run/stored_run.hpp"

namespace l2l::cli {
namespace {

struct CompareOptions {
    std::vector<std::string> paths;
    std::optional<double> target;  // default: each file's target_fitness
    bool csv = false;
};

struct RunRow {
    std::string path;
    std::string optimizer;
    std::string optimizee;
    std::string seed;
    std::string status;
    std::size_t generations = 0;
    double final_best = std::nan("");
    double best_ever = std::nan("");
    double target = std::nan("");
    std::optional<std::size_t> reached;  // first generation whose best >= target
    std::int64_t evaluations = 0;
    std::optional<double> elapsed;  // started .. finished; unknown without an end time
};

// Seconds since the epoch of "2026-11-30T10:05:01Z" or "...:01.123Z" (UTC, as
// `l2l run` writes `started` and `finished`); nothing for any other text.
std::optional<double> utc_seconds(const std::string& text) {
    std::tm tm{};
    const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    if (rest == nullptr) return std::nullopt;
    double fraction = 0.0;
    if (*rest == '.') {
        char* end = nullptr;
        fraction = std::strtod(rest, &end);
        rest = end;
    }
    if (std::string_view(rest) != "Z") return std::nullopt;
    return static_cast<double>(timegm(&tm)) + fraction;
}

// The run's elapsed time from the root attributes `started` and `finished`
// (from the first start to the last end: a resumed run includes its pause).
std::optional<double> elapsed_seconds(hid_t f) {
    if (!h5::has_attribute(f, "started") || !h5::has_attribute(f, "finished")) return std::nullopt;
    const auto started = utc_seconds(h5::read_string_attribute(f, "started"));
    const auto finished = utc_seconds(h5::read_string_attribute(f, "finished"));
    if (!started || !finished || *finished < *started) return std::nullopt;
    return *finished - *started;
}

RunRow summarise(const std::string& path, const std::optional<double>& target) {
    h5::Handle file = open_results(path);
    const hid_t f = file.get();
    RunRow row;
    row.path = path;
    row.optimizer = h5::read_string_attribute(f, "optimizer");
    row.optimizee = h5::has_attribute(f, "optimizee") ? h5::read_string_attribute(f, "optimizee") : "?";
    row.seed = h5::has_attribute(f, "seed") ? std::to_string(h5::read_uint_attribute(f, "seed")) : "?";
    row.status = h5::has_attribute(f, "status") ? h5::read_string_attribute(f, "status") : "?";
    // A "running" file that no process writes (its lock is free) was killed.
    if (left_by_killed_run(row.status, path)) row.status = "killed?";
    row.target = target.value_or(stored_target_fitness(f, path));
    row.elapsed = elapsed_seconds(f);
    if (!h5::exists(f, "/generations/best")) return row;
    const std::vector<double> best = h5::read_doubles(f, "/generations/best");
    const std::vector<std::int64_t> evaluations = h5::read_ints(f, "/generations/evaluations");
    // A running job's series may differ by the generation being appended.
    row.generations = std::min(best.size(), evaluations.size());
    if (row.generations == 0) return row;
    row.final_best = best[row.generations - 1];
    row.best_ever = h5::read_doubles(f, "/best/fitness").at(0);
    for (std::size_t g = 0; g < row.generations && !row.reached; ++g) {
        if (best[g] >= row.target) row.reached = g;
    }
    const auto rows = static_cast<std::ptrdiff_t>(row.generations);
    row.evaluations = std::accumulate(evaluations.begin(), evaluations.begin() + rows, std::int64_t{0});
    return row;
}

std::string reached_text(const RunRow& row) {
    if (row.reached) return std::to_string(*row.reached);
    return std::isinf(row.target) && row.target > 0 ? "no target" : "not reached";
}

void print_table(const std::vector<RunRow>& rows) {
    std::size_t width = 4;
    for (const RunRow& row : rows) width = std::max(width, row.path.size());
    std::cout << fmt::format("{:<{}}  {:<6} {:<22} {:>6} {:<11} {:>6} {:>14} {:>14} {:>10} {:>11} {:>11} {:>10}\n",
                             "file", width, "optim.", "optimizee", "seed", "status", "gens", "final best",
                             "best ever", "target", "reached at", "evaluations", "wall_s");
    for (const RunRow& row : rows) {
        std::cout << fmt::format(
            "{:<{}}  {:<6} {:<22} {:>6} {:<11} {:>6} {:>14.8g} {:>14.8g} {:>10.6g} {:>11} {:>11} {:>10}\n",
            row.path, width, row.optimizer, row.optimizee, row.seed, row.status, row.generations, row.final_best,
            row.best_ever, row.target, reached_text(row), row.evaluations,
            row.elapsed ? fmt::format("{:.2f}", *row.elapsed) : std::string("no end time"));
    }
}

// Every number so that it reads back to the stored double; wall_time (the
// elapsed time) is empty for a file without an end time.
void print_csv(const std::vector<RunRow>& rows) {
    std::cout << "file,optimizer,optimizee,seed,status,generations,final_best,best_ever,target,reached_at,"
                 "evaluations,wall_time\n";
    for (const RunRow& row : rows) {
        std::cout << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(row.path),
                                 csv_field(row.optimizer), csv_field(row.optimizee), row.seed, csv_field(row.status),
                                 row.generations, env::format_number(row.final_best), env::format_number(row.best_ever), env::format_number(row.target),
                                 row.reached ? std::to_string(*row.reached) : "", row.evaluations,
                                 row.elapsed ? env::format_number(*row.elapsed) : std::string{});
    }
}

int compare(const CompareOptions& options) {
    std::vector<RunRow> rows;
    try {
        for (const std::string& path : options.paths) rows.push_back(summarise(path, options.target));
    } catch (const ResultsFileError& e) {
        std::cerr << "l2l compare: error: " << e.what() << "\n";
        return 2;
    } catch (const h5::Error& e) {
        std::cerr << "l2l compare: error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "l2l compare: error: " << e.what() << "\n";
        return 1;
    }
    if (options.csv) {
        print_csv(rows);
    } else {
        print_table(rows);
    }
    return 0;
}

}  // namespace

CommandRunner add_compare_command(CLI::App& root) {
    auto options = std::make_shared<CompareOptions>();
    CLI::App* command = root.add_subcommand(
        "compare", "One row per results file: optimizer, seed, generations, final and best fitness, generation "
                   "where the target was reached, evaluations, elapsed time (started .. finished)");
    command->add_option("files", options->paths, "HDF5 results files written by `l2l run`")->required();
    command->add_option("--target", options->target,
                        "Fitness target for `reached at` (default: each run's target_fitness)");
    command->add_flag("--csv", options->csv, "Print CSV (numbers exactly as stored) instead of a table");
    return [options] { return compare(*options); };
}

}  // namespace l2l::cli
