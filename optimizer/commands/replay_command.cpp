// `l2l replay FILE.h5 [--genome best|G:I] [--episodes N] [--record OUT.h5] [--save-genome G.h5]`
// and `l2l replay --genome-file G.h5 [--episodes N] [--record OUT.h5]`:
// runs a stored SNN agent again on the tasks of its evaluation (and more), checks
// that it scores exactly the recorded fitness, and records what it did:
// observations, actions, rewards, environment states and every spike. The agent
// comes from a results file or from a genome file (results/genome_file.hpp),
// which --save-genome writes once the replay has reproduced the fitness.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <iostream>

#include "environments/number_format.hpp"
#include "environments/task_evaluation.hpp"
#include "optimizer/commands/commands.hpp"
#include "optimizer/results/episode_recorder.hpp"
#include "optimizer/results/genome_file.hpp"
#include "optimizer/results/hdf5_util.hpp"
#include "optimizer/run/stored_run.hpp"
#include "optimizer/run/snn_optimizee.hpp"

namespace l2l::cli {
namespace {

struct ReplayOptions {
    std::string path;         // a results file, or empty with genome_file
    std::string genome_file;  // --genome-file
    std::string save_genome;  // --save-genome
    std::string genome = "best";
    std::size_t episodes = 0;  // 0: the evaluation's tasks
    std::string record;
    bool force = false;
    std::vector<std::string> environment;  // section.key=value overrides (held-out tasks)
};

// Bad input: a message for the user and exit code 2.
struct ReplayError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void write_record(const ReplayOptions& options, const std::string& source_path, const std::string& optimizee_config,
                  const StoredIndividual& chosen, const std::vector<std::string>& gene_names, const sim::Agent& agent,
                  const std::vector<EpisodeRecord>& episodes, const env::TaskEvaluation& evaluation,
                  const std::string& environment) {
    h5::Handle file = h5::file(H5Fcreate(options.record.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                               "create " + options.record);
    const hid_t f = file.get();
    h5::write_attribute(f, "source", source_path);
    h5::write_attribute(f, "generation", chosen.generation);
    h5::write_attribute(f, "individual", chosen.index);
    h5::write_attribute(f, "environment", environment);
    h5::write_attribute(f, "optimizee_config", optimizee_config);
    h5::write_doubles(f, "/genome", chosen.genome);
    h5::write_strings(f, "/gene_names", gene_names);
    const sim::Network& network = agent.network();
    std::vector<std::string> names;
    std::vector<std::int64_t> sizes;
    for (std::size_t p = 0; p < network.population_count(); ++p) {
        names.push_back(network.population_name(p));
        sizes.push_back(static_cast<std::int64_t>(network.population_size(p)));
    }
    h5::write_strings(f, "/network/population_names", names);
    h5::write_ints(f, "/network/population_sizes", sizes);
    h5::write_doubles(f, "/network/dt", std::vector<double>{network.dt()});
    h5::write_doubles(f, "/network/step_duration",
                      std::vector<double>{network.dt() * static_cast<double>(agent.steps_per_action())});
    for (std::size_t k = 0; k < episodes.size(); ++k) {
        const EpisodeRecord& e = episodes[k];
        const std::string group = fmt::format("/episodes/{:04d}", k);
        const hsize_t steps = e.length();
        h5::write_doubles(f, group + "/observations", e.observations, {steps + 1, e.observation_size});
        if (e.state_size > 0) h5::write_doubles(f, group + "/states", e.states, {steps + 1, e.state_size});
        h5::write_doubles(f, group + "/actions", e.actions, {steps, e.action_size});
        h5::write_doubles(f, group + "/rewards", e.rewards);
        h5::write_doubles(f, group + "/spike_times", e.spike_times);
        h5::write_ints(f, group + "/spike_neurons", e.spike_neurons);
        h5::Handle g = h5::group(H5Gopen2(f, group.c_str(), H5P_DEFAULT), "open " + group);
        h5::write_attribute(g.get(), "task_seed", e.task_seed);
        h5::write_attribute(g.get(), "length", static_cast<std::int64_t>(steps));
        h5::write_attribute(g.get(), "summary", e.summary);
        h5::write_doubles(f, group + "/objective", std::vector<double>{evaluation.objectives[k]});
        h5::write_doubles(f, group + "/return", std::vector<double>{evaluation.returns[k]});
    }
}

// The individual to replay and the file that holds the run's settings (a results
// file or a genome file: both keep seed, config and optimizee_config under the
// same attribute names), and, for --save-genome, the genome file to write.
struct ReplaySource {
    h5::Handle file;
    std::string path;  // what the messages name
    StoredIndividual chosen;
    std::vector<std::string> gene_names;
    GenomeFile to_save;
};

ReplaySource open_source(const ReplayOptions& options) {
    ReplaySource source;
    if (!options.genome_file.empty()) {
        source.path = options.genome_file;
        source.file = open_genome_file(options.genome_file);
        GenomeFile stored = read_genome_file(source.file.get(), options.genome_file);
        source.chosen = std::move(stored.individual);
        source.chosen.source = fmt::format("{} (genome file; from {}: {})", source.chosen.source, stored.source,
                                           options.genome_file);
        source.gene_names = std::move(stored.gene_names);
        return source;
    }
    source.path = options.path;
    source.file = open_results(options.path);
    source.chosen = select_individual(source.file.get(), options.genome, options.path);
    source.gene_names = stored_gene_names(source.file.get(), options.path);
    if (!options.save_genome.empty()) {
        source.to_save = genome_from_results(source.file.get(), options.path, source.chosen, source.gene_names);
    }
    return source;
}

// How a replayed fitness compares with the recorded one, bit for bit. A genome
// file written by hand (a designed network, not from a run) records NaN: nothing to check.
struct FitnessCheck {
    const char* verdict;
    bool differs;
};

FitnessCheck check_fitness(double replayed, const StoredIndividual& chosen) {
    if (chosen.failure != 0) return {"the evaluation had failed", false};
    if (std::isnan(chosen.fitness)) return {"none recorded (a hand-made genome), not checked", false};
    const bool identical = std::memcmp(&replayed, &chosen.fitness, sizeof replayed) == 0;
    return {identical ? "identical" : "DIFFERENT", !identical};
}

// After a replay that reproduced the recorded fitness (status 0).
int save_genome(const ReplayOptions& options, const ReplaySource& source, int status) {
    if (options.save_genome.empty()) return status;
    if (status != 0) {
        std::cerr << "l2l replay: --save-genome " << options.save_genome << " not written: the replay did not "
                  << "reproduce the recorded fitness\n";
        return status;
    }
    write_genome_file(options.save_genome, source.to_save);
    fmt::print("# genome saved to {} ({} genes, fitness {})\n", options.save_genome, source.chosen.genome.size(),
               env::format_number(source.chosen.fitness));
    return status;
}

// A run of a benchmark function: the genome evaluated again, its fitness
// compared with the recorded one bit for bit.
int replay_benchmark(const ReplaySource& source, const ReplayOptions& options) {
    if (!options.record.empty() || options.episodes != 0 || !options.environment.empty()) {
        throw ReplayError("--record, --episodes and --environment need a run of an SNN agent (optimizee = snn)");
    }
    const hid_t f = source.file.get();
    const std::uint64_t seed = h5::read_uint_attribute(f, "seed");
    const StoredIndividual& chosen = source.chosen;
    const std::unique_ptr<Optimizee> optimizee = stored_optimizee(f, source.path);
    EvalContext context;
    context.run_seed = seed;
    context.generation = chosen.generation;
    context.individual = chosen.index;
    const EvalResult result = optimizee->evaluate(chosen.genome, context);
    const FitnessCheck check = check_fitness(result.fitness, chosen);
    fmt::print("# replay of {} generation {} individual {} on {} (genome {})\n", source.path, chosen.generation,
               chosen.index, optimizee->name(), chosen.source);
    fmt::print("# fitness {}; recorded {}: {}\n", env::format_number(result.fitness),
               env::format_number(chosen.fitness), check.verdict);
    if (check.differs) {
        std::cerr << "l2l replay: error: the replay does not reproduce the recorded fitness\n";
        return save_genome(options, source, 1);
    }
    return save_genome(options, source, 0);
}

int replay(const ReplayOptions& options) {
    if (options.path.empty() == options.genome_file.empty()) {
        throw ReplayError("give either a results file (FILE) or --genome-file PATH, not both or neither");
    }
    if (!options.genome_file.empty() && !options.save_genome.empty()) {
        throw ReplayError("--save-genome takes the genome from a results file (FILE), not from --genome-file");
    }
    if (!options.record.empty()) check_new_output_file("--record", options.record, options.force);
    if (!options.save_genome.empty()) check_new_output_file("--save-genome", options.save_genome, options.force);
    ReplaySource source = open_source(options);
    const hid_t f = source.file.get();
    if (!stored_run_is_snn(f)) return replay_benchmark(source, options);
    SnnConfig snn = stored_snn_config(f, source.path);
    for (const std::string& item : options.environment) {
        const std::size_t eq = item.find('=');
        if (eq == std::string::npos || item.substr(0, eq).find('.') == std::string::npos) {
            throw ReplayError(fmt::format("--environment {}: allowed: SECTION.KEY=VALUE, e.g. cartpole.length_min=1.2",
                                          item));
        }
        snn.environment_parameters[item.substr(0, eq)] = item.substr(eq + 1);
    }
    const std::uint64_t seed = h5::read_uint_attribute(f, "seed");
    const StoredIndividual& chosen = source.chosen;
    const std::string optimizee_config = h5::read_string_attribute(f, "optimizee_config");
    const std::vector<std::string>& gene_names = source.gene_names;
    source.file = {};

    const SnnOptimizee optimizee(snn);
    const std::size_t tasks = optimizee.tasks();
    const std::size_t episodes = options.episodes == 0 ? tasks : options.episodes;
    const std::vector<std::uint64_t> seeds = optimizee.task_seeds({seed, chosen.generation, chosen.index}, episodes);
    const std::unique_ptr<sim::Agent> agent = optimizee.build_agent(chosen.genome);
    EpisodeRecorder recorder(*agent, options.record.empty() ? RecordDetail::summaries : RecordDetail::everything);
    const std::unique_ptr<env::TaskFamily> family = recorder.wrap(optimizee.family());
    const env::TaskEvaluation evaluation = env::evaluate_on_tasks(*family, *agent, seeds, optimizee.aggregation());

    fmt::print("# genome {}\n", chosen.source);
    fmt::print("# replay of {} generation {} individual {} on {} ({} episode(s); {})\n", source.path,
               chosen.generation, chosen.index, optimizee.environment().name, episodes,
               options.environment.empty()
                   ? fmt::format("the first {} are its evaluation's tasks", std::min(tasks, episodes))
                   : "environment changed, so no fitness check");
    fmt::print("episode,task_seed,objective,return,length,spikes,summary\n");
    for (std::size_t k = 0; k < episodes; ++k) {
        fmt::print("{},{},{},{},{},{},{}\n", k, seeds[k], env::format_number(evaluation.objectives[k]),
                   env::format_number(evaluation.returns[k]), evaluation.lengths[k],
                   recorder.episodes()[k].spike_count, recorder.episodes()[k].summary);
    }
    int status = 0;
    if (episodes >= tasks && options.environment.empty()) {
        const double fitness = env::aggregate(std::span(evaluation.objectives).first(tasks), optimizee.aggregation());
        const FitnessCheck check = check_fitness(fitness, chosen);
        fmt::print("# fitness {} over the evaluation's {} task(s); recorded {}: {}\n", env::format_number(fitness),
                   tasks, env::format_number(chosen.fitness),
                   check.verdict);
        if (check.differs) status = 1;
    }
    if (episodes > tasks) {
        fmt::print("# {} of all {} episodes: {}\n", env::to_string(optimizee.aggregation()), episodes,
                   env::format_number(evaluation.aggregate));
    }
    if (!options.record.empty()) {
        write_record(options, source.path, optimizee_config, chosen, gene_names, *agent, recorder.episodes(),
                     evaluation, std::string(optimizee.environment().name));
        fmt::print("# recorded to {}\n", options.record);
    }
    if (status != 0) std::cerr << "l2l replay: error: the replay does not reproduce the recorded fitness\n";
    return save_genome(options, source, status);
}

}  // namespace

CommandRunner add_replay_command(CLI::App& root) {
    auto options = std::make_shared<ReplayOptions>();
    CLI::App* app = root.add_subcommand(
        "replay", "Run a stored SNN agent again on its tasks, check its fitness, record observations, actions, "
                  "rewards and spikes (a benchmark run: evaluate the genome again and check its fitness)");
    app->add_option("file", options->path, "Results file of an `l2l run` (or give --genome-file instead)");
    CLI::Option* genome =
        app->add_option("--genome", options->genome, "best (the best ever), or G:I (generation:individual, from 0)")
            ->capture_default_str();
    app->add_option("--genome-file", options->genome_file,
                    "Replay the genome of this genome file (written by --save-genome) instead of one of a results file")
        ->excludes(genome);
    app->add_option("--save-genome", options->save_genome,
                    "Write the chosen genome, its gene names, fitness and the run's config to this genome file once "
                    "the replay reproduces its fitness (refused if it exists, unless --force)");
    app->add_option("--episodes", options->episodes,
                    "Episodes to run (default: the evaluation's tasks; more: further tasks of the same stream)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
    app->add_option("--record", options->record, "Write everything the agent did to this HDF5 file");
    app->add_flag("--force", options->force, "Overwrite the --record or --save-genome file if it exists");
    app->add_option("--environment", options->environment,
                    "SECTION.KEY=VALUE: change an environment parameter for the replay (e.g. held-out pole lengths "
                    "cartpole.length_min=1.2); the fitness check is then skipped");
    return [options]() -> int {
        try {
            return replay(*options);
        } catch (const ReplayError& e) {
            std::cerr << "l2l replay: error: " << e.what() << "\n";
            return 2;
        } catch (const ResultsFileError& e) {
            std::cerr << "l2l replay: error: " << e.what() << "\n";
            return 2;
        } catch (const ConfigError& e) {
            std::cerr << "l2l replay: error: the stored configuration is not usable: " << e.what() << "\n";
            return 2;
        } catch (const h5::Error& e) {
            std::cerr << "l2l replay: error: " << options->path << ": " << e.what() << "\n";
            return 2;
        } catch (const std::exception& e) {
            std::cerr << "l2l replay: error: " << e.what() << "\n";
            return 1;
        }
    };
}

}  // namespace l2l::cli
