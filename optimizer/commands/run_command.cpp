// `l2l run`: parse and validate the experiment on rank 0, send it to every
// rank, then run the generation loop (rank 0) or serve evaluations (others).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>

#include "optimizer/commands/build_info.hpp"
#include "optimizer/commands/shell_quote.hpp"
#include "optimizer/results/checkpoint.hpp"
#include "optimizer/results/checkpointer.hpp"
#include "optimizer/results/hdf5_util.hpp"
#include "optimizer/commands/commands.hpp"
#include "optimizer/run/experiment.hpp"
#include "optimizer/run/experiment_config.hpp"
#include "optimizer/run/factory.hpp"
#include "optimizer/run/initial_genome.hpp"
#include "optimizer/farm/farm.hpp"
#include "optimizer/farm/interrupt.hpp"
#include "optimizer/run/resume_check.hpp"
#include "optimizer/run/resume_config.hpp"
#include "optimizer/run/toml_config.hpp"
#include "optimizer/results/results_writer.hpp"
#include "optimizer/results/storage.hpp"
#include "optimizer/run/run_lock.hpp"
#include "optimizer/run/run_options.hpp"
#include "optimizer/run/run_size.hpp"
#include "optimizer/run/snn_optimizee.hpp"

namespace l2l::cli {
namespace {

// First byte of the broadcast: what the workers should do.
constexpr char kExit = 'X';
constexpr char kConfig = 'C';

// Colour only for a person at a terminal: not with NO_COLOR (no-color.org), and
// not under mpirun/srun, which give each rank a pseudo-terminal even when the
// job's output goes to a log file.
bool colour_wanted() {
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && *no_color != '\0') return false;
    return !launched_by_mpi_launcher() && ::isatty(STDOUT_FILENO) == 1;
}

void setup_logging(spdlog::level::level_enum level) {
    static const bool replaced = [] {
        const auto mode = colour_wanted() ? spdlog::color_mode::automatic : spdlog::color_mode::never;
        spdlog::set_default_logger(
            std::make_shared<spdlog::logger>("", std::make_shared<spdlog::sinks::stdout_color_sink_mt>(mode)));
        return true;
    }();
    (void)replaced;
    spdlog::set_pattern("[%Y-%m-%d %H:%M:%S] [%^%l%$] %v");
    spdlog::set_level(level);
}

std::string command_line(int argc, char** argv) {
    std::string text;
    for (int i = 0; i < argc; ++i) text += (i == 0 ? "" : " ") + shell_quote(argv[i]);
    return text;
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
    // Long values are cut in messages; the error_code overloads turn ENAMETOOLONG,
    // ELOOP or EACCES into a message naming the option instead of an exception.
    const std::string shown = config.output.size() > 200 ? config.output.substr(0, 200) + "..." : config.output;
    std::error_code error;
    const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    const bool folder_exists = fs::is_directory(folder, error);
    if (error && error != std::errc::no_such_file_or_directory) {
        throw ConfigError(fmt::format("output = {}: its folder cannot be used: {}", shown, error.message()));
    }
    if (!folder_exists) {
        throw ConfigError(fmt::format("output = {}: the folder does not exist (create it first)", shown));
    }
    if (::access(folder.c_str(), W_OK) != 0) {
        throw ConfigError(fmt::format("output = {}: the folder is not writable", shown));
    }
    const auto status = fs::status(path, error);
    if (error && error != std::errc::no_such_file_or_directory) {
        throw ConfigError(fmt::format("output = {}: cannot be used as a file name: {}", shown, error.message()));
    }
    if (fs::is_directory(status)) throw ConfigError(fmt::format("output = {}: is a folder", shown));
    if (fs::exists(status) && !force) {
        throw ConfigError(fmt::format(
            "output = {}: the file exists; refusing to overwrite it (use --force, or choose another --output)",
            shown));
    }
}

// Relative paths in a config file (snn.network_file) are taken from its folder.
std::filesystem::path config_folder(const CLI::App& app) {
    const CLI::Option* option = app.get_config_ptr();
    if (option == nullptr || option->count() == 0) return std::filesystem::current_path();
    // `--config run.toml` has no parent folder: that is the current one.
    std::filesystem::path folder = std::filesystem::path(option->as<std::string>()).parent_path();
    return folder.empty() ? std::filesystem::current_path() : folder;
}

// Exit codes of `l2l run` (README "Exit codes").
constexpr int kFinished = 0;
constexpr int kFailed = 1;
constexpr int kBadInput = 2;
constexpr int kInterrupted = 3;

// The command that continues this run: the same words without --force, plus --resume.
std::string resume_command(int argc, char** argv) {
    std::string text;
    bool resume = false;
    for (int i = 0; i < argc; ++i) {
        const std::string word = argv[i];
        if (word == "--force") continue;
        resume = resume || word == "--resume";
        text += (text.empty() ? "" : " ") + shell_quote(word);
    }
    return resume ? text : text + " --resume";
}

// The optimizee evaluates under the run's seed; with eval_timeout, against a
// deadline it may check cooperatively and that is checked once more afterwards.
// On the master (`master`: serial farm, one rank) a stop signal also cuts an
// evaluation short; workers finish theirs (the master drops the results).
Evaluator make_evaluator(const ExperimentConfig& config, const Optimizee& optimizee, bool master) {
    return [&config, &optimizee, master](const EvalTask& task) {
        EvalContext context{config.seed, task.generation, task.index};
        if (master) context.stopping = &stop_requested;
        if (config.eval_timeout > 0.0) {
            context.deadline = EvalContext::Clock::now() + std::chrono::duration_cast<EvalContext::Clock::duration>(
                                                               std::chrono::duration<double>(config.eval_timeout));
        }
        EvalResult result = optimizee.evaluate(task.genome, context);
        context.check_deadline();
        return result;
    };
}

int run_worker(Farm& farm) {
    install_stop_handlers(false, {}, kInterrupted);  // the master decides when to stop
    const std::string payload = farm.broadcast({});
    if (payload.empty() || payload.front() != kConfig) return payload.size() > 1 ? payload[1] - '0' : 0;
    setup_logging(static_cast<spdlog::level::level_enum>(payload[1] - '0'));
    const ExperimentConfig config = deserialize_config(payload.substr(2));
    if (config.farm.mode == "serial") return 0;  // rank 0 evaluates alone
    farm.set_options(config.farm.options);
    const auto optimizee = make_optimizee(config);
    farm.set_evaluator(make_evaluator(config, *optimizee, false));
    // Filled now, not when the first encoded batch arrives: filling 2^25 doubles
    // takes seconds that would count against the first batch's eval_timeout.
    const auto noise_table = noise_table_spec(config) && config.farm.options.population_encoding
                                 ? shared_noise_table(*noise_table_spec(config))
                                 : nullptr;
    return farm.serve();
}

// Loads and checks everything --resume needs before any file changes.
struct Resumption {
    Checkpoint checkpoint;
    ResumePoint point;
    // Killed before its first generation was written: the results file starts anew.
    bool new_results_file = false;
};

Resumption prepare_resume(const ExperimentConfig& config, const std::string& effective_config, Optimizer& optimizer,
                          const RunMetadata& metadata, const Layout& layout) {
    const std::string path = checkpoint_path(config.output);
    if (!std::filesystem::exists(path)) {
        throw CheckpointError(fmt::format("--resume: no checkpoint '{}' beside the results file; without one the run "
                                          "cannot continue (start it again with --force, or choose another --output)",
                                          path));
    }
    Resumption resumption{read_checkpoint(path), {}, false};
    const Checkpoint& checkpoint = resumption.checkpoint;
    check_resume_compatible(checkpoint, config, effective_config);
    if (checkpoint.optimizer != optimizer.name()) {
        throw CheckpointError(fmt::format("checkpoint '{}' holds the state of optimizer {}, this run has {}", path,
                                          checkpoint.optimizer, optimizer.name()));
    }
    try {
        std::istringstream state(checkpoint.optimizer_state, std::ios::binary);
        optimizer.load_state(state);
    } catch (const std::exception& e) {
        throw CheckpointError(fmt::format("checkpoint '{}': the optimizer state cannot be loaded ({})", path, e.what()));
    }
    const RunProgress& progress = checkpoint.progress;
    ResumePoint& point = resumption.point;
    point.generations = progress.generations;
    point.population_width = checkpoint.results_width;
    point.best_genome = progress.best_genome;
    point.best_fitness = progress.best_fitness;
    point.best_generation = progress.best_generation;
    point.record = fmt::format("{} resumed at generation {} with {} process(es) on {}: {}", utc_now(),
                               progress.generations, metadata.mpi_size, metadata.host, metadata.command_line);
    resumption.new_results_file = point.generations == 0 && !std::filesystem::exists(config.output);
    if (!resumption.new_results_file) ResultsWriter::check_resumable(config.output, metadata, layout, point);
    return resumption;
}

void log_checkpoint_cost(const Checkpointer& checkpointer, const ExperimentOutcome& outcome) {
    const Checkpointer::Cost cost = checkpointer.cost();
    if (cost.snapshots + cost.copies == 0 || outcome.generations_run == 0) return;
    // The loop's share: the snapshots and copies. The file writes run on their own thread.
    const double per_generation = cost.snapshot_seconds / static_cast<double>(outcome.generations_run);
    const double generation_time = outcome.seconds / static_cast<double>(outcome.generations_run);
    spdlog::info("checkpoint cost: {:.3f} ms per generation ({} state snapshots, {} optimizer copies) = {:.3f}% of "
                 "the mean generation time {:.3f} ms; {} file writes in the background, {:.3f} ms each (max {:.3f} "
                 "ms), {} bytes",
                 1e3 * per_generation, cost.snapshots, cost.copies, 100.0 * per_generation / generation_time,
                 1e3 * generation_time, cost.writes,
                 cost.writes > 0 ? 1e3 * cost.write_seconds / static_cast<double>(cost.writes) : 0.0,
                 1e3 * cost.max_write_seconds, cost.bytes);
}

// A storage fault (disk full, folder read-only, results file or lock lost):
// stops the workers, saves what can still be saved without touching a file
// that is no longer ours, closes every HDF5 handle, and says in one message
// what failed, what is on disk and how to go on.
int storage_failure(const StorageError& e, const std::function<void(int)>& shutdown, ResultsWriter* writer,
                    Checkpointer& checkpointer, const std::string& output, const std::string& resume_hint) {
    shutdown(kFailed);
    std::string checkpoint_note;
    if (e.file_lost) {
        checkpointer.abandon();
    } else {
        // Never a checkpoint ahead of the results file: what it flushed is what it holds.
        if (writer != nullptr) checkpointer.drop_beyond(writer->flushed_generations());
        try {
            checkpointer.finish();  // the last finished generation, if it is not on disk yet and still fits
        } catch (const StorageError& also) {
            checkpoint_note = fmt::format(" (a newer one could not be written: {})", also.what());
        }
    }
    const std::string file_note = writer != nullptr ? writer->close_after_failure(e.file_lost) + ". " : std::string{};
    const std::uint64_t generations = checkpointer.generations_on_disk();
    const std::string checkpoint =
        fmt::format("The last good checkpoint {} holds {} generation{}{}", checkpointer.path(), generations,
                    generations == 1 ? "" : "s", checkpoint_note);
    if (e.file_lost) {
        spdlog::error("run stopped: {}. {}{}; it resumes only with this run's own results file {}: {}", e.what(),
                      file_note, checkpoint, output, resume_hint);
    } else {
        spdlog::error("run failed: {}. {}{}; {} holds at least as many. Free space (or make the folder writable) and "
                      "resume with: {} (or copy both files to a folder with space and resume there with its "
                      "--output)",
                      e.what(), file_note, checkpoint, output, resume_hint);
    }
    return kFailed;
}

int run_master(Farm& mpi_or_serial, int argc, char** argv) {
    setup_logging(spdlog::level::info);
    const std::string resume_hint = resume_command(argc, argv);
    install_stop_handlers(true,
                          fmt::format("l2l run: second stop signal: exiting at once; the last checkpoint is intact. "
                                      "Resume with: {}\n",
                                      resume_hint),
                          kInterrupted);
    CLI::App app{"Run an experiment: an optimizer on rank 0 evolves genomes, evaluated on every rank; results go "
                 "to one HDF5 file. Fitness is maximised.",
                 "l2l run"};
    ExperimentConfig config;
    RunFlags flags;
    add_run_options(app, config, flags);
    std::unique_ptr<Optimizee> optimizee;
    std::unique_ptr<Optimizer> optimizer;
    RunMetadata metadata;
    Layout layout;
    std::optional<Resumption> resumption;
    std::optional<RunLock> lock;
    // Rank 0 evaluates alone with farm.mode = serial, even under mpirun.
    auto processes = [&] { return config.farm.mode == "serial" ? 1 : mpi_or_serial.size(); };

    auto stop_workers = [&](int code) {
        mpi_or_serial.broadcast(std::string{kExit, static_cast<char>('0' + code)});
        return code;
    };
    auto bad_input = [&](const std::string& message) {
        std::cerr << "l2l run: error: " << message << "\n";
        return stop_workers(kBadInput);
    };
    try {
        app.parse(argc - 1, argv + 1);
        apply_given_population(app, config);  // what the user gave, before a checkpoint's config fills the rest
        const bool network_from_checkpoint = flags.resume && network_left_to_checkpoint(app);
        const std::optional<Checkpoint> checkpoint =
            flags.resume ? fill_from_checkpoint(app, config) : std::optional<Checkpoint>{};
        if (config.farm.mode == "mpi" && mpi_or_serial.kind() != std::string_view("mpi")) {
            throw ConfigError("farm.mode = mpi, but l2l was not started by mpirun, mpiexec or srun; allowed here: "
                              "auto, serial");
        }
        validate(config);
        config = without_unused_sections(config);  // what the run stores and sends is what it uses
        if (!flags.resume) check_output(config, flags.force);
        if (config.optimizee == "snn") {
            if (checkpoint && network_from_checkpoint && !config.snn.network_file.empty()) {
                adopt_checkpoint_network(config.snn, *checkpoint);  // the tables the run read, wherever we are now
            } else {
                load_network_file(config.snn, config_folder(app));
            }
        }
        if (config.optimizee == "command") {
            config.command.config_dir = std::filesystem::absolute(config_folder(app)).lexically_normal().string();
            if (config.command.config_dir.size() > 1 && config.command.config_dir.back() == '/') {
                config.command.config_dir.pop_back();
            }
        }
        optimizee = make_optimizee(config);  // checks the environment and network before any work
        check_run_size(config, optimizee->genome_size(), recorded_output_size(config, *optimizee));
        // A resumed run's start is in its checkpoint: the genome file is not read again.
        Genome initial = flags.resume ? Genome{} : read_initial_genome(config, *optimizee, config_folder(app));
        optimizer = make_optimizer(config, *optimizee, initial);

        std::dynamic_pointer_cast<TomlConfig>(app.get_config_formatter())->keep_sections(used_sections(config));
        metadata = {version(),
                    git_revision(),
                    command_line(argc, argv),
                    app.config_to_str(true, false),
                    config.seed,
                    processes(),
                    host_name(),
                    utc_now(),
                    std::string(optimizer->name()),
                    std::string(optimizee->name()),
                    optimizee->description(),
                    optimizee->gene_names(),
                    optimizee->fitness_meaning(),
                    optimizee->best_possible_fitness(),
                    std::move(initial)};  // /initial_genome: the start, even if the file moves
        layout.population = config.population;
        layout.genome_size = optimizee->genome_size();
        layout.output_size = recorded_output_size(config, *optimizee);
        layout.failure_log = config.optimizee == "command";  // messages with the command's stderr
        for (const auto& [key, value] : optimizer->summary()) layout.summary_keys.push_back(key);
        layout.record = resolve_record_policy(config, layout.genome_size);
        layout.bounds = optimizee->bounds();  // /best/gene_bounds; under every, best_and_state also for rebuilds
        if (flags.resume) resumption = prepare_resume(config, metadata.config, *optimizer, metadata, layout);
        lock.emplace(config.output);  // before anything is written: one writer per results file
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return stop_workers(kFinished);
    } catch (const CLI::CallForAllHelp&) {
        std::cout << app.help("", CLI::AppFormatMode::All);
        return stop_workers(kFinished);
    } catch (const CLI::ParseError& e) {
        return bad_input(e.what());
    } catch (const ConfigError& e) {
        return bad_input(e.what());
    } catch (const CheckpointError& e) {
        return bad_input(e.what());
    } catch (const ResumeError& e) {
        return bad_input(e.what());
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
    FarmOptions farm_options = config.farm.options;
    farm_options.eval_timeout = config.eval_timeout;  // the master gives up on a worker past it
    farm->set_options(farm_options);
    farm->set_evaluator(make_evaluator(config, *optimizee, true));
    farm->set_warning_log([](const std::string& message) { spdlog::warn("{}", message); });

    spdlog::info("l2l {} (git {}): {} on {} ({} genes), {}, {} generations, seed {}", version(), git_revision(),
                 optimizer->name(), optimizee->name(), optimizee->genome_size(),
                 population_text(config, optimizee->genome_size()), config.generations, config.seed);
    spdlog::info("farm: {} with {} process(es){}; results -> {}", farm->kind(), farm->size(),
                 farm->size() > 1 ? fmt::format(" ({} workers{})", farm->size() - 1,
                                                config.farm.options.master_evaluates ? ", and rank 0 evaluates too" : "")
                                  : std::string{},
                 config.output);
    spdlog::info("{}", record_policy_line(layout.record, config, optimizee->genome_size(), layout.output_size));

    Checkpoint base;
    base.optimizer = optimizer->name();
    base.config = serialize_config(config);
    base.config_text = metadata.config;
    base.version = version();
    base.git_revision = git_revision();
    Checkpointer checkpointer(checkpoint_path(config.output), config.checkpoint_every, config.checkpoint_seconds,
                              std::move(base));
    checkpointer.set_guard([&lock] { lock->verify(); });  // a checkpoint is never written without the lock
    const RunProgress start = resumption ? resumption->checkpoint.progress : RunProgress{};

    std::unique_ptr<ResultsWriter> writer;
    bool workers_stopped = false;
    const std::function<void(int)> shutdown = [&](int code) {
        if (!std::exchange(workers_stopped, true)) mpi_or_serial.shutdown(code);
    };
    try {
        if (resumption && !resumption->new_results_file) {
            writer = std::make_unique<ResultsWriter>(config.output, metadata, layout, resumption->point);
            checkpointer.mark_on_disk(start.generations);
            spdlog::info("resuming at generation {} from {}{}", start.generations, checkpointer.path(),
                         start.best_generation >= 0
                             ? fmt::format(" (best fitness so far {:.10g}, generation {})", start.best_fitness,
                                           start.best_generation)
                             : std::string{});
        } else {
            // Checkpoint first: from now on `--resume` works, whenever the run is killed.
            checkpointer.record(start, *optimizer, 0, false);
            checkpointer.finish();
            writer = std::make_unique<ResultsWriter>(config.output, metadata, layout);
        }
    } catch (const ResumeError& e) {
        shutdown(kBadInput);
        std::cerr << "l2l run: error: " << e.what() << "\n";
        return kBadInput;
    } catch (const StorageError& e) {
        return storage_failure(e, shutdown, writer.get(), checkpointer, config.output, resume_hint);
    } catch (const std::exception& e) {
        spdlog::error("run failed: {}", e.what());
        shutdown(kFailed);
        return kFailed;
    }
    try {
        const ExperimentOutcome outcome =
            run_experiment(config, *optimizer, *farm, *writer, &checkpointer, start, &*lock);
        checkpointer.finish();
        const RunProgress& progress = outcome.progress;
        log_checkpoint_cost(checkpointer, outcome);
        if (outcome.interrupted) {
            writer->close("interrupted");
            shutdown(kInterrupted);
            spdlog::warn("interrupted by {}: {} generations in {} (status interrupted), checkpoint {} at generation {}. "
                         "Resume with: {}",
                         outcome.stop_reason, progress.generations, config.output, checkpointer.path(),
                         checkpointer.generations_on_disk(), resume_hint);
            return kInterrupted;
        }
        if (outcome.nothing_succeeded) {
            shutdown(kFailed);
            writer->close("failed");
            spdlog::error("run failed: {}", outcome.failure);
            return kFailed;
        }
        shutdown(kFinished);
        writer->close("finished");
        if (resumption && outcome.generations_run == 0) {
            spdlog::info("nothing to resume: {} already holds {} generations ({})", config.output,
                         progress.generations,
                         progress.stopped_by.empty() ? fmt::format("generations = {}", config.generations)
                                                     : progress.stopped_by);
        }
        spdlog::info("finished: {} generations, {} evaluations ({} failed) in {:.3f} s ({:.4g} evals/s)",
                     progress.generations, progress.evaluations, progress.failures, outcome.seconds,
                     static_cast<double>(progress.evaluations) / outcome.seconds);
        if (const FarmStats farm_stats = farm->stats(); farm_stats.messages > 0 && farm_stats.tasks > 0) {
            const auto tasks = static_cast<double>(farm_stats.tasks);
            spdlog::info("farm: {} tasks in {:.3f} s inside the farm ({:.4g} tasks/s), {} messages; rank 0 CPU {:.2f} us "
                         "per task (its own evaluations excluded)",
                         farm_stats.tasks, farm_stats.seconds, tasks / farm_stats.seconds, farm_stats.messages,
                         1e6 * farm_stats.cpu_seconds / tasks);
        }
        if (writer->appends() > 0) {
            std::error_code size_error;
            const auto bytes = std::filesystem::file_size(config.output, size_error);
            spdlog::info("results file: {:.6f} MB after {} generations; rank 0 wrote {:.3f} ms per generation",
                         size_error ? 0.0 : static_cast<double>(bytes) / 1e6, progress.generations,
                         1e3 * writer->append_seconds() / static_cast<double>(writer->appends()));
        }
        spdlog::info("best fitness {:.10g} (generation {}); results in {}", progress.best_fitness,
                     progress.best_generation, config.output);
        return kFinished;
    } catch (const StorageError& e) {
        return storage_failure(e, shutdown, writer.get(), checkpointer, config.output, resume_hint);
    } catch (const std::exception& e) {
        try {
            if (writer) {
                writer->flush();
                checkpointer.drop_beyond(writer->flushed_generations());
            }
            checkpointer.finish();
        } catch (const std::exception& also) {
            spdlog::error("checkpoint: {}", also.what());
        }
        spdlog::error("run failed: {}; the checkpoint {} holds generation {}", e.what(), checkpointer.path(),
                      checkpointer.generations_on_disk());
        shutdown(kFailed);
        if (writer) writer->close_after_failure(false);
        return kFailed;
    }
}

}  // namespace

int run_main(int argc, char** argv) {
    H5dont_atexit();  // a results file HDF5 cannot close (a failed flush) must not crash its exit handler
    int code = kFailed;
    try {
        const std::unique_ptr<Farm> farm = launched_by_mpi_launcher() ? make_mpi_farm() : make_serial_farm();
        code = farm->is_master() ? run_master(*farm, argc, argv) : run_worker(*farm);
        h5::close_library();  // before finish(): with a lost worker it ends the process (MPI_Abort)
        farm->finish(code);
    } catch (const std::exception& e) {
        std::cerr << "l2l run: error: " << e.what() << "\n";
    }
    h5::close_library();
    return code;
}

}  // namespace l2l::cli
