#include "optimizer/run/command_optimizee.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/random.hpp"
#include "environments/task_evaluation.hpp"
#include "optimizer/run/child_process.hpp"
#include "optimizer/run/command_protocol.hpp"
#include "optimizer/run/command_server.hpp"
#include "optimizer/run/experiment_config.hpp"

namespace l2l {
namespace {

namespace fs = std::filesystem;

// The task seed stream of the SNN optimizee: the same (run seed, generation,
// individual) give the same tasks.
constexpr std::uint64_t kTaskStream = 0x7461736b73ULL;  // "tasks"

std::string replace_all(std::string text, const std::string& key, const std::string& value) {
    for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
        text.replace(at, key.size(), value);
    }
    return text;
}

std::string hostname() {
    char buffer[256] = {};
    gethostname(buffer, sizeof buffer - 1);
    return buffer;
}

// Removes `folder` and then its parents up to (not including) `root` while they are empty.
void remove_folder(const fs::path& folder, const fs::path& root) {
    std::error_code error;
    fs::remove_all(folder, error);
    for (fs::path parent = folder.parent_path(); !parent.empty() && parent != root && parent.string().size() > root.string().size();
         parent = parent.parent_path()) {
        if (!fs::remove(parent, error)) break;  // not empty (another task's folder), or gone
    }
}

}  // namespace

struct CommandOptimizee::TaskAnswer {
    double fitness = 0.0;
    std::vector<double> outputs;
    std::vector<std::pair<std::string, double>> info;
};

CommandOptimizee::CommandOptimizee(const CommandConfig& command, const std::string& output)
    : command_(command), workdir_(command_workdir(command, output)) {
    validate_command(command_);
    const std::string config_dir = command_.config_dir.empty() ? fs::current_path().string() : command_.config_dir;
    for (std::string& word : command_.argv) word = replace_all(word, "{config_dir}", config_dir);
    program_ = find_program(command_.argv.front());
    if (program_.empty()) {
        throw ConfigError(fmt::format("command.argv[0] = {}: {}; allowed: an executable file (a path, or a name "
                                      "found in PATH)",
                                      command.argv.front(),
                                      command_.argv.front().find('/') != std::string::npos
                                          ? "not an executable file"
                                          : "not found in PATH"));
    }
    try {
        aggregation_ = static_cast<int>(env::parse_aggregation(command_.aggregation));
    } catch (const std::invalid_argument& e) {
        throw ConfigError(fmt::format("command.aggregation: {}", e.what()));
    }
    for (const CommandGene& gene : command_.genes) names_.push_back(gene.name);
}

CommandOptimizee::~CommandOptimizee() {
    if (server_ && server_->running()) {
        const std::string how = server_->stop();
        spdlog::debug("command server stopped: {}", how);
    }
    server_.reset();
    std::error_code error;
    if (command_.mode == "server" && !command_.keep_workdirs) {
        fs::remove_all(fs::path(workdir_) / fmt::format("server-{}-{}", hostname(), getpid()), error);
    }
    fs::remove(workdir_, error);  // only when empty: kept folders of failures stay
}

Bounds CommandOptimizee::bounds() const {
    Bounds b;
    for (const CommandGene& gene : command_.genes) {
        b.lower.push_back(gene.search_lower());
        b.upper.push_back(gene.search_upper());
    }
    return b;
}

std::vector<std::string> CommandOptimizee::gene_names() const { return names_; }

std::size_t CommandOptimizee::output_size() const {
    return command_.tasks * (command_.outputs > 0 ? command_.outputs : 1);
}

std::string CommandOptimizee::fitness_meaning() const {
    return fmt::format("the fitness the external command reports, {} over {} task(s)", command_.aggregation,
                       command_.tasks);
}

double CommandOptimizee::best_possible_fitness() const {
    return command_.best_fitness.value_or(std::numeric_limits<double>::quiet_NaN());
}

std::vector<double> CommandOptimizee::output_target() const {
    if (command_.outputs == 0) return std::vector<double>(command_.tasks, best_possible_fitness());
    std::vector<double> one = command_.target.empty() ? std::vector<double>(command_.outputs, 0.0) : command_.target;
    std::vector<double> target;
    for (std::size_t t = 0; t < command_.tasks; ++t) target.insert(target.end(), one.begin(), one.end());
    return target;
}

std::vector<std::uint64_t> CommandOptimizee::task_seeds(const EvalContext& context) const {
    std::uint64_t seed = 0;
    if (command_.task_seeds == "generation") {
        seed = derive_seed({context.run_seed, kTaskStream, context.generation});
    } else if (command_.task_seeds == "individual") {
        seed = derive_seed({context.run_seed, kTaskStream, context.generation, context.individual});
    } else {
        seed = derive_seed({context.run_seed, kTaskStream});
    }
    std::vector<std::uint64_t> seeds = env::task_seeds(seed, command_.tasks);
    for (std::uint64_t& s : seeds) s >>= 32;  // numpy.random.seed and Brian2's seed() take < 2^32
    return seeds;
}

std::vector<double> CommandOptimizee::model_values(std::span<const double> genome) const {
    std::vector<double> values(genome.size());
    for (std::size_t i = 0; i < genome.size() && i < command_.genes.size(); ++i) {
        values[i] = command_.genes[i].model_value(genome[i]);
    }
    return values;
}

CommandOptimizee::TaskAnswer CommandOptimizee::run_process(const std::vector<double>& values,
                                                           const EvalContext& context, std::uint64_t task,
                                                           std::uint64_t seed) const {
    const fs::path folder =
        fs::path(workdir_) / fmt::format("g{}", context.generation) / fmt::format("i{}", context.individual) /
        fmt::format("t{}", task);
    std::error_code error;
    fs::remove_all(folder, error);  // left by an interrupted run
    // Another rank may remove the generation's folder (empty for a moment) meanwhile: try again.
    for (int attempt = 0; attempt < 20; ++attempt) {
        error.clear();
        fs::create_directories(folder, error);
        if (!error) break;
    }
    if (error) {
        throw EvalFailed(EvalStatus::command_failed,
                         fmt::format("cannot create the working folder {}: {}", folder.string(), error.message()));
    }
    const CommandRequest request{context.generation, context.individual, task, seed, names_, values, folder.string()};
    const std::string json = request_json(request);
    const fs::path genome_file = folder / "genome.json";
    {
        std::ofstream out(genome_file);
        out << json << "\n";
        if (!out) {
            throw EvalFailed(EvalStatus::command_failed, fmt::format("cannot write {}", genome_file.string()));
        }
    }
    const std::map<std::string, std::string> words{{"{workdir}", folder.string()},
                                                   {"{genome}", genome_file.string()},
                                                   {"{generation}", std::to_string(context.generation)},
                                                   {"{individual}", std::to_string(context.individual)},
                                                   {"{task}", std::to_string(task)},
                                                   {"{seed}", std::to_string(seed)}};
    SpawnSpec spec;
    spec.program = program_;
    spec.cwd = folder.string();
    for (const std::string& word : command_.argv) {
        std::string text = word;
        if (text.find('{') != std::string::npos) {
            for (const auto& [key, value] : words) text = replace_all(text, key, value);
            for (std::size_t i = 0; i < names_.size(); ++i) text = replace_all(text, "{" + names_[i] + "}", fmt::format("{}", values[i]));
        }
        spec.argv.push_back(std::move(text));
    }
    spec.env = child_environment({"L2L_GENERATION=" + std::to_string(context.generation),
                                  "L2L_INDIVIDUAL=" + std::to_string(context.individual),
                                  "L2L_TASK=" + std::to_string(task), "L2L_SEED=" + std::to_string(seed),
                                  "L2L_WORKDIR=" + folder.string()});
    const std::string where = fmt::format("task {} (seed {}); working folder kept: {}", task, seed, folder.string());
    std::unique_ptr<ChildProcess> child;
    try {
        child = std::make_unique<ChildProcess>(spec);
    } catch (const SpawnError& e) {
        throw EvalFailed(EvalStatus::command_failed, fmt::format("{}; {}", e.what(), where));
    }
    child->send(json + "\n", true);
    const ChildProcess::Outcome outcome = child->pump(ChildProcess::Goal::exit, context.deadline, context.stopping);
    auto with_stderr = [&](const std::string& what) {
        const std::string tail = child->stderr_tail(command_.stderr_lines);
        return tail.empty() ? fmt::format("{}; {}", what, where) : fmt::format("{}; {}; stderr:\n{}", what, where, tail);
    };
    if (outcome == ChildProcess::Outcome::timeout || outcome == ChildProcess::Outcome::cancelled) {
        child->kill_and_reap();  // the command and whatever it started
        if (outcome == ChildProcess::Outcome::cancelled) throw EvalCancelled("the run is being stopped");
        throw EvalTimeout(with_stderr("ran past eval_timeout; its process group was killed"));
    }
    if (!child->succeeded()) throw EvalFailed(EvalStatus::command_failed, with_stderr(child->describe_exit()));
    std::string text;
    const fs::path result_file = folder / "result.json";
    if (fs::exists(result_file, error)) {
        std::ifstream in(result_file);
        std::ostringstream content;
        content << in.rdbuf();
        text = content.str();
    } else {
        text = last_nonblank_line(child->output());
        if (text.empty()) {
            throw EvalFailed(EvalStatus::bad_answer,
                             with_stderr("no answer: nothing on stdout and no result.json"));
        }
    }
    CommandAnswer answer;
    try {
        answer = parse_answer(text, command_.outputs);
    } catch (const EvalFailed& e) {
        throw EvalFailed(e.status, with_stderr(e.what()));
    }
    if (!std::isfinite(answer.fitness)) {
        throw EvalFailed(EvalStatus::non_finite, with_stderr(fmt::format("fitness is {}", answer.fitness)));
    }
    if (!command_.keep_workdirs) remove_folder(folder, workdir_);
    return {answer.fitness, std::move(answer.outputs), std::move(answer.info)};
}

CommandOptimizee::TaskAnswer CommandOptimizee::ask_server(const std::vector<double>& values,
                                                          const EvalContext& context, std::uint64_t task,
                                                          std::uint64_t seed) const {
    if (!server_) {
        SpawnSpec spec;
        spec.program = program_;
        spec.argv = command_.argv;
        spec.cwd = (fs::path(workdir_) / fmt::format("server-{}-{}", hostname(), getpid())).string();
        spec.env = child_environment({"L2L_WORKDIR=" + spec.cwd, "L2L_MODE=server"});
        server_ = std::make_unique<CommandServer>(std::move(spec), command_.stderr_lines);
    }
    const CommandRequest request{context.generation, context.individual, task, seed, names_, values, {}};
    const std::string line = server_->exchange(request_json(request), context);
    const std::string where = fmt::format("task {} (seed {})", task, seed);
    CommandAnswer answer;
    try {
        answer = parse_answer(line, command_.outputs);
    } catch (const EvalFailed& e) {
        throw EvalFailed(e.status, fmt::format("{}; {}", e.what(), where));
    }
    if (!std::isfinite(answer.fitness)) {
        throw EvalFailed(EvalStatus::non_finite, fmt::format("fitness is {}; {}", answer.fitness, where));
    }
    return {answer.fitness, std::move(answer.outputs), std::move(answer.info)};
}

EvalResult CommandOptimizee::evaluate(std::span<const double> genome, const EvalContext& context) const {
    const std::vector<double> values = model_values(genome);
    const std::vector<std::uint64_t> seeds = task_seeds(context);
    std::vector<double> fitness;
    EvalResult result;
    std::map<std::string, std::pair<double, int>> info;  // key -> (sum, count)
    for (std::size_t t = 0; t < seeds.size(); ++t) {
        TaskAnswer answer = command_.mode == "server" ? ask_server(values, context, t, seeds[t])
                                                      : run_process(values, context, t, seeds[t]);
        fitness.push_back(answer.fitness);
        if (command_.outputs > 0) {
            result.outputs.insert(result.outputs.end(), answer.outputs.begin(), answer.outputs.end());
        } else {
            result.outputs.push_back(answer.fitness);
        }
        for (const auto& [key, value] : answer.info) {
            auto& [sum, count] = info[key];
            sum += value;
            ++count;
        }
    }
    result.fitness = env::aggregate(fitness, static_cast<env::Aggregation>(aggregation_));
    for (const auto& [key, sum_count] : info) {
        result.info.emplace_back(key, sum_count.first / static_cast<double>(sum_count.second));
    }
    return result;
}

}  // namespace l2l
