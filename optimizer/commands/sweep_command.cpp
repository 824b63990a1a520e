// `l2l sweep`: one `l2l run` per combination of config values, each with its
// own results file DIR/run_NNN.h5 (and log DIR/run_NNN.log), listed in
// DIR/index.csv. Runs locally, N at a time, or writes a Slurm job array
// (DIR/sweep.sbatch, one task per run through jobscripts/l2l.sbatch). Started
// again with the same arguments it skips finished runs and resumes the others
// from their checkpoints.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "environments/number_format.hpp"
#include "optimizer/commands/commands.hpp"
#include "optimizer/commands/csv_field.hpp"
#include "optimizer/commands/shell_quote.hpp"
#include "optimizer/farm/interrupt.hpp"
#include "optimizer/results/checkpoint.hpp"
#include "optimizer/results/hdf5_util.hpp"
#include "optimizer/results/results_reader.hpp"
#include "optimizer/run/experiment_config.hpp"
#include "optimizer/run/run_lock.hpp"
#include "optimizer/run/run_options.hpp"
#include "optimizer/run/sweep_plan.hpp"

extern char** environ;

namespace l2l::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kFinished = 0;
constexpr int kFailed = 1;
constexpr int kBadInput = 2;
constexpr int kInterrupted = 3;

struct SweepOptions {
    std::string config;
    std::vector<std::string> vary;
    std::string dir;
    std::size_t jobs = 1;
    std::string launcher;
    bool slurm = false;
    std::string jobscripts = "jobscripts";
    bool dry_run = false;
    std::vector<std::string> run_options;  // after `--`: the same for every run
};

struct BadSweep : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw BadSweep(fmt::format("--config {}: cannot read it", path));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The config file's [sweep] table, then --vary (which replaces a key of the table).
std::vector<SweepAxis> sweep_axes(const SweepOptions& options) {
    std::vector<SweepAxis> axes;
    if (!options.config.empty()) axes = sweep_axes_from_toml(read_file(options.config));
    for (const std::string& item : options.vary) {
        SweepAxis axis = parse_sweep_axis(item);
        const auto same = std::find_if(axes.begin(), axes.end(), [&](const SweepAxis& a) { return a.key == axis.key; });
        if (same != axes.end()) {
            *same = std::move(axis);
        } else {
            axes.push_back(std::move(axis));
        }
    }
    return axes;
}

// What `l2l run` gets for one run (after the word `run`).
std::vector<std::string> run_arguments(const SweepOptions& options, const SweepRun& run) {
    std::vector<std::string> args;
    if (!options.config.empty()) args = {"--config", fs::absolute(options.config).string()};
    for (const auto& [key, value] : run.settings) args.push_back(fmt::format("--{}={}", key, value));
    args.insert(args.end(), options.run_options.begin(), options.run_options.end());
    args.insert(args.end(), {"--output", (fs::path(options.dir) / (run.name + ".h5")).string()});
    return args;
}

// Every key must be a single-valued option of `l2l run` (not output, which
// the sweep names), and every run's config must pass `l2l run`'s checks:
// a typo in the 7th value stops the sweep before its first run.
void check_runs(const SweepOptions& options, const std::vector<SweepAxis>& axes, const std::vector<SweepRun>& runs) {
    {
        CLI::App app;
        ExperimentConfig config;
        RunFlags flags;
        add_run_options(app, config, flags);
        for (const SweepAxis& axis : axes) {
            const CLI::Option* option = app.get_option_no_throw(fmt::format("--{}", axis.key));
            if (option == nullptr || !option->get_configurable() || option->get_lnames().empty() ||
                option->get_lnames().front() != axis.key) {
                throw BadSweep(fmt::format("sweep key {}: not an option of l2l run (see l2l run --help)", axis.key));
            }
            if (axis.key == "output") throw BadSweep("sweep key output: the sweep names each run's file itself");
            if (option->get_items_expected_max() > 1) {
                throw BadSweep(fmt::format("sweep key {}: takes a list; only single-valued keys can be swept", axis.key));
            }
        }
    }
    for (const SweepRun& run : runs) {
        CLI::App app;
        ExperimentConfig config;
        RunFlags flags;
        add_run_options(app, config, flags);
        std::vector<std::string> args = run_arguments(options, run);
        std::reverse(args.begin(), args.end());  // CLI11 takes them last first
        std::string settings;
        for (const auto& [key, value] : run.settings) settings += fmt::format("{}{} = {}", settings.empty() ? "" : ", ", key, value);
        try {
            app.parse(args);
            apply_given_population(app, config);
            validate(config);
        } catch (const CLI::ParseError& e) {
            throw BadSweep(fmt::format("{} ({}): {}", run.name, settings, e.what()));
        } catch (const ConfigError& e) {
            throw BadSweep(fmt::format("{} ({}): {}", run.name, settings, e.what()));
        }
    }
}

std::string index_csv(const std::vector<SweepAxis>& axes, const std::vector<SweepRun>& runs) {
    std::string text = "run,file";
    for (const SweepAxis& axis : axes) text += fmt::format(",{}", csv_field(axis.key));
    text += "\n";
    for (const SweepRun& run : runs) {
        text += fmt::format("{},{}", run.index, csv_field(run.name + ".h5"));
        for (const auto& [key, value] : run.settings) text += fmt::format(",{}", csv_field(value));
        text += "\n";
    }
    return text;
}

void write_text(const fs::path& path, const std::string& text) {
    const fs::path temporary = path.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << text;
        out.flush();
        if (!out) throw std::runtime_error(fmt::format("cannot write '{}': {}", temporary.string(), std::strerror(errno)));
    }
    fs::rename(temporary, path);
}

// DIR/index.csv: written once; a second start must be the same sweep.
void prepare_folder(const SweepOptions& options, const std::string& index) {
    const fs::path dir(options.dir);
    std::error_code error;
    if (!fs::is_directory(dir, error)) {
        const fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
        if (!fs::is_directory(parent, error)) {
            throw BadSweep(fmt::format("--dir {}: its folder {} does not exist (create it first)", options.dir,
                                       parent.string()));
        }
        if (options.dry_run) return;
        fs::create_directory(dir, error);
        if (error) throw BadSweep(fmt::format("--dir {}: cannot create it: {}", options.dir, error.message()));
    }
    const fs::path path = dir / "index.csv";
    if (fs::exists(path)) {
        if (read_file(path.string()) != index) {
            throw BadSweep(fmt::format("--dir {}: holds another sweep (its index.csv lists other runs or values); "
                                       "choose another --dir, or start that sweep with its own arguments",
                                       options.dir));
        }
        return;
    }
    if (!options.dry_run) write_text(path, index);
}

// What a run's files say it needs.
enum class RunState { fresh, resume, finished, busy, stuck };

RunState state_of(const std::string& output, std::string& note) {
    const bool checkpoint = fs::exists(checkpoint_path(output));
    if (!fs::exists(output)) return checkpoint ? RunState::resume : RunState::fresh;
    if (RunLock::held(output)) {
        note = "another process is writing it";
        return RunState::busy;
    }
    std::string status = "?";
    try {
        h5::Handle file = open_results(output, false);
        if (h5::has_attribute(file.get(), "status")) status = h5::read_string_attribute(file.get(), "status");
    } catch (const std::exception& e) {
        note = e.what();
    }
    if (status == "finished") return RunState::finished;
    if (checkpoint) return RunState::resume;
    note = fmt::format("status {} and no checkpoint {} to resume from; remove it to run it again", status,
                       checkpoint_path(output));
    return RunState::stuck;
}

volatile std::sig_atomic_t g_forwarded = 0;

struct Child {
    pid_t pid;
    const SweepRun* run;
};

pid_t spawn_run(const std::vector<std::string>& command, const std::string& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // A group of its own: a Ctrl-C reaches the sweep only, which passes one signal on.
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    std::vector<char*> argv;
    for (const std::string& word : command) argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int error = posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (error != 0) throw std::runtime_error(fmt::format("cannot start {}: {}", command[0], std::strerror(error)));
    return pid;
}

std::string describe_status(int status) {
    if (WIFEXITED(status)) return fmt::format("exit code {}", WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return fmt::format("killed by signal {}", WTERMSIG(status));
    return "ended";
}

int run_locally(const SweepOptions& options, const std::vector<SweepRun>& runs) {
    std::vector<std::string> prefix;
    {
        std::istringstream words(options.launcher);
        for (std::string word; words >> word;) prefix.push_back(word);
    }
    prefix.push_back(fs::read_symlink("/proc/self/exe").string());
    prefix.push_back("run");
    install_stop_handlers(false, {}, kInterrupted);

    std::size_t finished = 0;
    std::size_t failed = 0;
    std::vector<Child> running;
    std::size_t next = 0;
    auto wait_one = [&] {
        // Polled: the stop handlers restart system calls, and a signal must be passed on at once.
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid == 0 || (pid < 0 && errno == EINTR)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            return;
        }
        if (pid < 0) throw std::runtime_error(fmt::format("waitpid: {}", std::strerror(errno)));
        const auto it = std::find_if(running.begin(), running.end(), [&](const Child& c) { return c.pid == pid; });
        if (it == running.end()) return;
        const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (code == 0) {
            ++finished;
        } else if (code != kInterrupted || !stop_requested()) {
            ++failed;
        }
        std::cout << fmt::format("l2l sweep: {} ended ({}){}\n", it->run->name, describe_status(status),
                                 code == 0 ? "" : fmt::format("; see {}/{}.log", options.dir, it->run->name))
                  << std::flush;
        running.erase(it);
    };
    while (next < runs.size() || !running.empty()) {
        if (stop_requested() && g_forwarded == 0) {
            g_forwarded = 1;  // once: a second signal would make a run exit without its checkpoint
            for (const Child& child : running) ::kill(child.pid, stop_signal());
        }
        if (!stop_requested() && next < runs.size() && running.size() < options.jobs) {
            const SweepRun& run = runs[next++];
            const std::string output = (fs::path(options.dir) / (run.name + ".h5")).string();
            std::string note;
            const RunState state = state_of(output, note);
            if (state == RunState::finished) {
                ++finished;
                std::cout << fmt::format("l2l sweep: {} finished before; skipped\n", run.name);
                continue;
            }
            if (state == RunState::busy || state == RunState::stuck) {
                ++failed;
                std::cout << fmt::format("l2l sweep: {} not started: {}\n", run.name, note);
                continue;
            }
            std::vector<std::string> command = prefix;
            const std::vector<std::string> args = run_arguments(options, run);
            command.insert(command.end(), args.begin(), args.end());
            if (state == RunState::resume) command.push_back("--resume");
            std::string line;
            for (const std::string& word : command) line += fmt::format("{}{}", line.empty() ? "" : " ", shell_quote(word));
            std::cout << fmt::format("l2l sweep: {} {}: {}\n", run.name,
                                     state == RunState::resume ? "resumed" : "started", line)
                      << std::flush;
            running.push_back({spawn_run(command, (fs::path(options.dir) / (run.name + ".log")).string()), &run});
            continue;
        }
        if (running.empty()) break;
        wait_one();
    }
    const std::size_t left = runs.size() - finished - failed;
    std::cout << fmt::format("l2l sweep: {} of {} runs finished, {} failed, {} not finished; index {}/index.csv\n",
                             finished, runs.size(), failed, left, options.dir);
    if (stop_requested()) {
        std::cout << "l2l sweep: interrupted; the same command again resumes the runs that did not finish\n";
        return kInterrupted;
    }
    return failed > 0 ? kFailed : kFinished;
}

// DIR/sweep.sbatch: task i runs run i through jobscripts/l2l.sbatch (which
// requeues on preemption and resumes from the checkpoint).
int write_slurm_array(const SweepOptions& options, const std::vector<SweepRun>& runs) {
    const fs::path sbatch = fs::absolute(fs::path(options.jobscripts) / "l2l.sbatch");
    if (!fs::is_regular_file(sbatch)) {
        throw BadSweep(fmt::format("--jobscripts {}: has no l2l.sbatch (give the repository's jobscripts folder)",
                                   options.jobscripts));
    }
    if (options.config.empty()) throw BadSweep("--slurm needs --config (jobscripts/l2l.sbatch runs a config file)");
    std::string text = fmt::format(
        "#!/usr/bin/env bash\n"
        "# Written by l2l sweep: one array task per run of index.csv, each run through\n"
        "# {} (requeue on preemption, resume from the checkpoint).\n"
        "# Submit from the folder l2l sweep ran in: sbatch {}\n"
        "#SBATCH --job-name=l2l-sweep\n"
        "#SBATCH --array=0-{}\n"
        "#SBATCH --ntasks=4\n"
        "#SBATCH --time=24:00:00\n"
        "#SBATCH --output={}/run_%a.slurm.log\n"
        "#SBATCH --requeue\n"
        "#SBATCH --signal=B:USR1@300\n"
        "#SBATCH --open-mode=append\n"
        "set -euo pipefail\n"
        "runs=(\n",
        sbatch.string(), (fs::path(options.dir) / "sweep.sbatch").string(), runs.size() - 1, options.dir);
    for (const SweepRun& run : runs) {
        std::vector<std::string> args = run_arguments(options, run);
        args.erase(args.begin(), args.begin() + 2);  // --config FILE: l2l.sbatch's first argument
        std::string line;
        for (const std::string& word : args) line += fmt::format("{}{}", line.empty() ? "" : " ", shell_quote(word));
        text += fmt::format("  {}\n", shell_quote(line));
    }
    text += fmt::format(")\n"
                        "eval \"args=(${{runs[$SLURM_ARRAY_TASK_ID]}})\"\n"
                        "exec bash {} {} \"${{args[@]}}\"\n",
                        shell_quote(sbatch.string()), shell_quote(fs::absolute(options.config).string()));
    const fs::path path = fs::path(options.dir) / "sweep.sbatch";
    if (options.dry_run) {
        std::cout << text;
        return kFinished;
    }
    write_text(path, text);
    std::cout << fmt::format("l2l sweep: {} runs as a Slurm job array: sbatch {}\n", runs.size(), path.string());
    return kFinished;
}

int sweep(const SweepOptions& options) {
    try {
        if (options.dir.empty()) throw BadSweep("--dir is required: the folder of the sweep's files");
        if (options.jobs < 1) throw BadSweep("--jobs 0: allowed: 1 or more runs at a time");
        const std::vector<SweepAxis> axes = sweep_axes(options);
        const std::vector<SweepRun> runs = expand_sweep(axes);
        check_runs(options, axes, runs);
        const std::string index = index_csv(axes, runs);
        prepare_folder(options, index);
        if (options.slurm) return write_slurm_array(options, runs);
        if (options.dry_run) {
            std::cout << index;
            return kFinished;
        }
        return run_locally(options, runs);
    } catch (const BadSweep& e) {
        std::cerr << "l2l sweep: error: " << e.what() << "\n";
        return kBadInput;
    } catch (const ConfigError& e) {
        std::cerr << "l2l sweep: error: " << e.what() << "\n";
        return kBadInput;
    } catch (const std::exception& e) {
        std::cerr << "l2l sweep: error: " << e.what() << "\n";
        return kFailed;
    }
}

}  // namespace

CommandRunner add_sweep_command(CLI::App& root) {
    auto options = std::make_shared<SweepOptions>();
    CLI::App* command = root.add_subcommand(
        "sweep", "One l2l run per combination of config values (--vary or [sweep]), locally or as a Slurm job array");
    command->add_option("--config", options->config,
                        "The runs' TOML config; its [sweep] table lists the values of keys to sweep "
                        "(\"es.sigma\" = [0.01, 0.1], or [sweep.es] sigma = [...])");
    command->add_option("--vary", options->vary,
                        "KEY=V1,V2,...: values of one l2l run option (replaces the key of [sweep]); repeatable")
        ->type_name("KEY=VALUES");
    command->add_option("--dir", options->dir,
                        "Folder of the sweep: run_NNN.h5 and run_NNN.log per run, index.csv (run, file, values)")
        ->required();
    command->add_option("-j,--jobs", options->jobs, "Runs at a time (locally)")->capture_default_str();
    command->add_option("--launcher", options->launcher,
                        "Words before the l2l binary for each run, e.g. \"mpirun --oversubscribe -np 2\"");
    command->add_flag("--slurm", options->slurm,
                      "Write DIR/sweep.sbatch (a job array, one task per run, through jobscripts/l2l.sbatch) "
                      "instead of running");
    command->add_option("--jobscripts", options->jobscripts, "The folder of l2l.sbatch (for --slurm)")
        ->capture_default_str();
    command->add_flag("--dry-run", options->dry_run, "Check every run and print the index (or the sbatch script)");
    command->add_option("run_options", options->run_options, "After --: l2l run options for every run");
    return [options] { return sweep(*options); };
}

}  // namespace l2l::cli
