// `l2l run`: parse and validate the experiment on rank 0, send it to every
// rank, then run the generation loop (rank 0) or serve evaluations (others).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "optimizer/build_info.hpp"
#include "optimizer/commands/commands.hpp"
#include "optimizer/experiment.hpp"
#include "optimizer/experiment_config.hpp"
#include "optimizer/factory.hpp"
#include "optimizer/farm.hpp"
#include "optimizer/results_writer.hpp"
#include "optimizer/run_options.hpp"
#include "optimizer/snn_optimizee.hpp"

namespace l2l::cli {
namespace {

// First byte of the broadcast: what the workers should do.
constexpr char kExit = 'X';
constexpr char kConfig = 'C';

void setup_logging(spdlog::level::level_enum level) {
    spdlog::set_pattern("[%Y-%m-%d %H:%M:%S] [%^%l%$] %v");
    spdlog::set_level(level);
}

std::string shell_quote(const std::string& word) {
    if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%") ==
                             std::string::npos) {
        return word;
    }
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string command_line(int argc, char** argv) {
    std::string text;
    for (int i = 0; i < argc; ++i) text += (i == 0 ? "" : " ") + shell_quote(argv[i]);
    return text;
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::string host_name() {
    char buffer[256] = {};
    gethostname(buffer, sizeof buffer - 1);
    return buffer;
}

// Refuses before anything is written: an existing file (unless --force) or a
// folder that does not exist.
void check_output(const ExperimentConfig& config, bool force) {
    namespace fs = std::filesystem;
    const fs::path path(config.output);
    if (config.output.empty()) throw ConfigError("output = \"\": an output file name is required");
    const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    if (!fs::is_directory(folder)) {
        throw ConfigError(fmt::format("output = {}: folder '{}' does not exist", config.output, folder.string()));
    }
    if (fs::exists(path) && !force) {
        throw ConfigError(fmt::format(
            "output = {}: the file exists; refusing to overwrite it (use --force, or choose another --output)",
            config.output));
    }
    if (fs::is_directory(path)) throw ConfigError(fmt::format("output = {}: is a folder", config.output));
}

// Relative paths in a config file (snn.network_file) are taken from its folder.
std::filesystem::path config_folder(const CLI::App& app) {
    const CLI::Option* option = app.get_config_ptr();
    if (option == nullptr || option->count() == 0) return std::filesystem::current_path();
    return std::filesystem::path(option->as<std::string>()).parent_path();
}

int run_worker(Farm& farm) {
    const std::string payload = farm.broadcast({});
    if (payload.empty() || payload.front() != kConfig) return payload.size() > 1 ? payload[1] - '0' : 0;
    setup_logging(static_cast<spdlog::level::level_enum>(payload[1] - '0'));
    const ExperimentConfig config = deserialize_config(payload.substr(2));
    if (config.farm.mode == "serial") return 0;  // rank 0 evaluates alone
    farm.set_options(config.farm.options);
    const auto optimizee = make_optimizee(config);
    farm.set_evaluator([&](const EvalTask& task) {
        return optimizee->evaluate(task.genome, {config.seed, task.generation, task.index});
    });
    farm.serve();
    return 0;
}

int run_master(Farm& mpi_or_serial, int argc, char** argv) {
    setup_logging(spdlog::level::info);
    CLI::App app{"Run an experiment: an optimizer on rank 0 evolves genomes, evaluated on every rank; results go "
                 "to one HDF5 file. Fitness is maximised.",
                 "l2l run"};
    ExperimentConfig config;
    RunFlags flags;
    add_run_options(app, config, flags);
    std::unique_ptr<Optimizee> optimizee;
    std::unique_ptr<Optimizer> optimizer;

    auto stop_workers = [&](int code) {
        mpi_or_serial.broadcast(std::string{kExit, static_cast<char>('0' + code)});
        return code;
    };
    try {
        app.parse(argc - 1, argv + 1);
        if (config.farm.mode == "mpi" && mpi_or_serial.kind() != std::string_view("mpi")) {
            throw ConfigError("farm.mode = mpi, but l2l was not started by mpirun, mpiexec or srun; allowed here: "
                              "auto, serial");
        }
        validate(config);
        check_output(config, flags.force);
        if (config.optimizee == "snn") load_network_file(config.snn, config_folder(app));
        optimizee = make_optimizee(config);  // checks the environment and network before any work
        optimizer = make_optimizer(config, *optimizee);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return stop_workers(0);
    } catch (const CLI::CallForAllHelp&) {
        std::cout << app.help("", CLI::AppFormatMode::All);
        return stop_workers(0);
    } catch (const CLI::ParseError& e) {
        std::cerr << "l2l run: error: " << e.what() << "\n";
        return stop_workers(2);
    } catch (const ConfigError& e) {
        std::cerr << "l2l run: error: " << e.what() << "\n";
        return stop_workers(2);
    }
    const auto level = flags.quiet ? spdlog::level::warn : flags.verbose ? spdlog::level::debug : spdlog::level::info;
    setup_logging(level);
    const auto worker_level = flags.verbose ? spdlog::level::info : spdlog::level::warn;
    mpi_or_serial.broadcast(std::string{kConfig, static_cast<char>('0' + worker_level)} + serialize_config(config));

    std::unique_ptr<Farm> serial;
    Farm* farm = &mpi_or_serial;
    if (config.farm.mode == "serial" && mpi_or_serial.size() > 1) {
        serial = make_serial_farm();
        farm = serial.get();
    }
    farm->set_options(config.farm.options);

    farm->set_evaluator([&](const EvalTask& task) {
        return optimizee->evaluate(task.genome, {config.seed, task.generation, task.index});
    });

    RunMetadata metadata{version(),
                         git_revision(),
                         command_line(argc, argv),
                         app.config_to_str(true, false),
                         config.seed,
                         farm->size(),
                         host_name(),
                         utc_now(),
                         std::string(optimizer->name()),
                         std::string(optimizee->name()),
                         optimizee->description(),
                         optimizee->gene_names()};
    Layout layout;
    layout.population = config.population;
    layout.genome_size = optimizee->genome_size();
    layout.output_size = optimizee->output_size();
    for (const auto& [key, value] : optimizer->summary()) layout.summary_keys.push_back(key);

    spdlog::info("l2l {} (git {}): {} on {} ({} genes), population {}, {} generations, seed {}", version(),
                 git_revision(), optimizer->name(), optimizee->name(), optimizee->genome_size(), config.population,
                 config.generations, config.seed);
    spdlog::info("farm: {} with {} process(es){}; results -> {}", farm->kind(), farm->size(),
                 farm->size() > 1 ? fmt::format(" ({} workers)", farm->size() - 1) : std::string{}, config.output);

    std::unique_ptr<ResultsWriter> writer;
    try {
        writer = std::make_unique<ResultsWriter>(config.output, metadata, layout);
        const ExperimentOutcome outcome = run_experiment(config, *optimizer, *farm, *writer);
        mpi_or_serial.shutdown();
        writer->close("finished");
        spdlog::info("finished: {} generations, {} evaluations ({} failed) in {:.3f} s ({:.4g} evals/s)",
                     outcome.generations, outcome.evaluations, outcome.failures, outcome.seconds,
                     static_cast<double>(outcome.evaluations) / outcome.seconds);
        spdlog::info("best fitness {:.10g} (generation {}); results in {}", outcome.best_fitness,
                     outcome.best_generation, config.output);
        return 0;
    } catch (const std::exception& e) {
        spdlog::error("run failed: {}", e.what());
        mpi_or_serial.shutdown();
        if (writer) writer->close("failed");
        return 1;
    }
}

}  // namespace

int run_main(int argc, char** argv) {
    try {
        const std::unique_ptr<Farm> farm = launched_by_mpi_launcher() ? make_mpi_farm() : make_serial_farm();
        return farm->is_master() ? run_master(*farm, argc, argv) : run_worker(*farm);
    } catch (const std::exception& e) {
        std::cerr << "l2l run: error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace l2l::cli
