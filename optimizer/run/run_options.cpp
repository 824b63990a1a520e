#include "optimizer/run/run_options.hpp"

#include "optimizer/run/run_size.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include "common/gene_bound.hpp"
#include "environments/registry.hpp"
#include "optimizer/run/benchmark_functions.hpp"
#include "optimizer/run/optimizee_registry.hpp"
#include "optimizer/run/toml_config.hpp"

namespace l2l {
namespace {

// CLI11's Range lets NaN through (every comparison with NaN is false).
CLI::Validator finite_in(double lo, double hi) {
    return CLI::Validator(
        [lo, hi](std::string& text) -> std::string {
            double value = 0.0;
            if (!CLI::detail::lexical_cast(text, value)) return fmt::format("value {} is not a number", text);
            if (!std::isfinite(value) || value < lo || value > hi) {
                return fmt::format("value {} is not allowed; allowed: a finite number in [{}, {}]", text, lo, hi);
            }
            return {};
        },
        fmt::format("FLOAT in [{}, {}]", lo, hi));
}

// A number or +-inf, never NaN (which compares false with everything).
CLI::Validator not_nan() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            double value = 0.0;
            if (!CLI::detail::lexical_cast(text, value)) return fmt::format("value {} is not a number", text);
            if (std::isnan(value)) return fmt::format("value {} is not allowed; allowed: a number, or inf", text);
            return {};
        },
        "FLOAT or inf");
}

// A config file must be a regular file: /dev/zero or a FIFO would be read forever.
CLI::Validator regular_file() {
    return CLI::Validator(
        [](std::string& path) -> std::string {
            std::error_code error;
            if (!std::filesystem::exists(path, error)) return fmt::format("file '{}' does not exist", path);
            if (!std::filesystem::is_regular_file(path, error)) return fmt::format("'{}' is not a regular file", path);
            return {};
        },
        "FILE");
}

// A plain decimal integer within 64 bits (from_chars refuses an overflow,
// which strtoull, under CLI11's lexical_cast, would saturate to 2^64-1).
bool parse_uint64(const std::string& text, std::uint64_t& value) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size();
}

// Unsigned integers: CLI11 would wrap "-1" to 2^64-1.
CLI::Validator count_in(std::uint64_t lo, std::uint64_t hi) {
    return CLI::Validator(
        [lo, hi](std::string& text) -> std::string {
            std::uint64_t value = 0;
            if (!parse_uint64(text, value) || value < lo || value > hi) {
                return fmt::format("value {} is not allowed; allowed: an integer in [{}, {}]", text, lo, hi);
            }
            return {};
        },
        fmt::format("INT in [{}, {}]", lo, hi));
}

CLI::Validator one_of(std::vector<std::string> choices) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    return CLI::Validator(
        [choices, list](std::string& text) -> std::string {
            for (const auto& c : choices) {
                if (text == c) return {};
            }
            return fmt::format("value '{}' is not allowed; allowed: {}", text, list);
        },
        "one of: " + list);
}

std::vector<std::string> benchmark_names() {
    std::vector<std::string> names;
    for (const auto& f : benchmark_functions()) names.emplace_back(f.name);
    return names;
}

constexpr std::uint64_t kMaxCount = 1'000'000'000ULL;

// "gene=value" items (gene names may contain '=' only before the last one).
std::vector<std::pair<std::string, std::string>> split_assignments(const std::vector<std::string>& items,
                                                                   const std::string& option) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const std::string& item : items) {
        const std::size_t eq = item.rfind('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
            throw CLI::ValidationError("--" + option, fmt::format("'{}' is not GENE=VALUE", item));
        }
        pairs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
    return pairs;
}

std::size_t parse_count(const std::string& text, const std::string& key) {
    std::size_t value = 0;
    if (text.find_first_not_of("0123456789") != std::string::npos || !CLI::detail::lexical_cast(text, value) ||
        value < 1 || value > kMaxCount) {
        throw CLI::ValidationError(key, fmt::format("value {} is not allowed; allowed: an integer in [1, {}]", text, kMaxCount));
    }
    return value;
}

double parse_finite(const std::string& text, const std::string& key) {
    double value = 0.0;
    if (!CLI::detail::lexical_cast(text, value) || !std::isfinite(value)) {
        throw CLI::ValidationError(key, fmt::format("value {} is not allowed; allowed: a finite number", text));
    }
    return value;
}

std::string type_name_of(env::ParameterKind kind) {
    switch (kind) {
        case env::ParameterKind::real: return "FLOAT";
        case env::ParameterKind::integer: return "INT";
        case env::ParameterKind::boolean: return "BOOLEAN";
        case env::ParameterKind::choice: return "CHOICE";
    }
    return "VALUE";
}

// [snn], the [network] and [agent] tables, and one section per environment
// with its parameters (`--mountaincar.max_steps`), checked by the registry.
void add_snn_options(CLI::App& run, SnnConfig& snn) {
    run.add_option("--snn.environment", snn.environment,
                   "Environment the agent is evaluated in, by config section or name (l2l env list)")
        ->check(CLI::Validator(
            [](std::string& text) -> std::string {
                try {
                    env::find_environment(text);
                } catch (const std::invalid_argument& e) {
                    return e.what();
                }
                return {};
            },
            "ENVIRONMENT"))
        ->capture_default_str();
    run.add_option("--snn.tasks", snn.tasks, "Tasks (episodes) per evaluation")
        ->check(count_in(1, 1'000'000))
        ->capture_default_str();
    run.add_option("--snn.aggregation", snn.aggregation, "Fitness from the per-task objectives: mean, min or median")
        ->check(one_of({"mean", "min", "median"}))
        ->capture_default_str();
    run.add_option("--snn.task_seeds", snn.task_seeds,
                   "Tasks of an evaluation: generation (shared by the generation), individual, or fixed (whole run)")
        ->check(one_of({"generation", "individual", "fixed"}))
        ->capture_default_str();
    run.add_option("--snn.network_file", snn.network_file,
                   "TOML file with the [network] and [agent] tables (relative to the config file's folder); "
                   "default: those sections of the config file");
    run.add_option("--network", snn.network, "The [network] table as TOML text (usually a section of the config file)")
        ->group("SNN tables");
    run.add_option("--agent", snn.agent, "The [agent] table as TOML text (usually a section of the config file)")
        ->group("SNN tables");
    for (const env::EnvironmentInfo& info : env::environment_registry()) {
        for (const env::ParameterSpec& spec : info.parameters) {
            const std::string name = info.section + "." + spec.key;
            run.add_option_function<std::string>(
                   "--" + name, [&snn, name](const std::string& text) { snn.environment_parameters[name] = text; },
                   fmt::format("{} (default {}; {})", spec.help, env::format_parameter_value(spec.default_value),
                               spec.allowed()))
                ->type_name(type_name_of(spec.kind))
                ->check(CLI::Validator(
                    [section = info.section, spec](std::string& text) -> std::string {
                        try {
                            env::parse_parameter_value(section, spec, text);
                        } catch (const std::invalid_argument& e) {
                            return e.what();
                        }
                        return {};
                    },
                    spec.allowed()))
                ->group(info.name + " (optimizee snn)");
        }
    }
}

// [command]: an external program as the optimizee. Genes are free-form keys
// like grid.points: `[command.genes] tau_m = [5.0, 50.0]` in a file,
// `--command.genes tau_m=[5,50]` on the command line.
void add_command_options(CLI::App& run, CommandConfig& command) {
    const std::string group = "External command (optimizee command)";
    run.add_option("--command.mode", command.mode,
                   "process: one process per evaluation in <workdir>/g<G>/i<I>/t<T>; server: one process per rank "
                   "answering JSON lines")
        ->check(one_of({"process", "server"}))
        ->capture_default_str()
        ->group(group);
    run.add_option("--command.argv", command.argv,
                   "The program and its arguments; substituted: {workdir} {genome} {generation} {individual} {task} "
                   "{seed} {config_dir} {GENE}")
        ->group(group);
    run.add_option_function<std::vector<std::string>>(
           "--command.genes",
           [&command](const std::vector<std::string>& items) {
               command.genes.clear();
               for (const std::string& item : items) {
                   try {
                       command.genes.push_back(parse_command_gene(item));
                   } catch (const std::invalid_argument& e) {
                       throw CLI::ValidationError("--command.genes", e.what());
                   }
               }
               // In name order, however listed (the genome's order; grid axes keep theirs).
               std::stable_sort(command.genes.begin(), command.genes.end(),
                                [](const CommandGene& a, const CommandGene& b) { return a.name < b.name; });
           },
           "Named genes: NAME=[LOWER,UPPER] or NAME={lower=L,upper=U,log=true} / {...,scale=S} (ordered by name)")
        ->type_name("NAME=BOUNDS")
        ->group(group);
    run.add_option("--command.tasks", command.tasks, "Tasks (runs of the command, one seed each) per evaluation")
        ->check(count_in(1, 1'000'000))
        ->capture_default_str()
        ->group(group);
    run.add_option("--command.aggregation", command.aggregation, "Fitness from the per-task fitness: mean, min or median")
        ->check(one_of({"mean", "min", "median"}))
        ->capture_default_str()
        ->group(group);
    run.add_option("--command.task_seeds", command.task_seeds,
                   "Task seeds of an evaluation: generation (shared by the generation), individual, or fixed")
        ->check(one_of({"generation", "individual", "fixed"}))
        ->capture_default_str()
        ->group(group);
    run.add_option("--command.outputs", command.outputs,
                   "Values in each answer's \"outputs\" (per task; the EnKF's observations); 0: the outputs are the "
                   "per-task fitness values")
        ->check(count_in(0, 1'000'000))
        ->capture_default_str()
        ->group(group);
    run.add_option("--command.target", command.target,
                   "The EnKF's target for one task's outputs (command.outputs values; default zeros: residuals)")
        ->check(finite_in(-1e300, 1e300))
        ->group(group);
    run.add_option("--command.best_fitness", command.best_fitness,
                   "Best fitness a genome can reach (the EnKF's target when command.outputs = 0)")
        ->check(finite_in(-1e300, 1e300))
        ->group(group);
    run.add_flag("--command.keep_workdirs,!--command.no-keep_workdirs", command.keep_workdirs,
                 "Keep each evaluation's working folder after success (failed ones are always kept)")
        ->default_str("false")
        ->group(group);
    run.add_option("--command.workdir", command.workdir, "Folder of the working folders (default: <output>.work)")
        ->group(group);
    run.add_option("--command.stderr_lines", command.stderr_lines,
                   "Last lines of a failed command's stderr in the log and the results file")
        ->check(count_in(0, 1000))
        ->capture_default_str()
        ->group(group);
}

}  // namespace

void add_run_options(CLI::App& run, ExperimentConfig& c, RunFlags& flags) {
    // [network] and [agent] are structured tables: handed whole to --network / --agent.
    run.config_formatter(std::make_shared<TomlConfig>(&run, std::set<std::string>{"network", "agent"}));
    run.set_config("--config", "", "TOML experiment file; command-line options override its keys")
        ->check(regular_file());
    run.add_flag("--force", flags.force, "Overwrite the output file if it exists")->configurable(false);
    run.add_flag("--resume", flags.resume,
                 "Continue the run of --output from its checkpoint <output>.ckpt, with the config stored there "
                 "(options given anyway must match it; generations, checkpoint_every, checkpoint_seconds, "
                 "eval_timeout and farm.* may change)")
        ->configurable(false)
        ->excludes("--force");
    run.add_flag("-q,--quiet", flags.quiet, "Log warnings and errors only")->configurable(false);
    run.add_flag("-v,--verbose", flags.verbose, "Log debug messages too")->configurable(false);

    // Top level.
    run.add_option("--seed", c.seed, "Run seed: the same seed and config give bit-identical results")
        ->check(count_in(0, std::numeric_limits<std::uint64_t>::max()))
        ->capture_default_str();
    run.add_option("--generations", c.generations, "Number of generations to run")
        ->check(count_in(1, kMaxCount))
        ->capture_default_str();
    run.add_option("--population", c.population,
                   "Individuals per generation (CMA-ES: lambda, default 4 + floor(3 ln n) when not set; grid: at most "
                   "this many grid points per generation)")
        ->check(count_in(2, kMaxCount))
        ->capture_default_str();
    run.add_option("--optimizer", c.optimizer, "Outer-loop optimizer")->check(one_of({"ga", "es", "enkf", "cmaes", "snes", "sepcma", "openai_es", "random", "grid"}))->capture_default_str();
    std::string optimizee_help = "What is optimised: a benchmark function, a spiking-network agent, or an external command";
    for (const std::string& name : optimizee_names()) {
        if (const RegisteredOptimizee* registered = find_registered_optimizee(name)) {
            optimizee_help += fmt::format("; {}: {}", name, registered->description);
        }
    }
    run.add_option("--optimizee", c.optimizee, optimizee_help)
        ->check(one_of(optimizee_names()))
        ->capture_default_str();
    run.add_option("-o,--output", c.output, "HDF5 results file (refused if it exists, unless --force)")
        ->capture_default_str();
    run.add_option("--target_fitness", c.target_fitness,
                   "Stop once a generation's best fitness reaches this value (inf: never)")
        ->check(not_nan())
        ->capture_default_str();
    run.add_option("--failure_fitness", c.failure_fitness,
                   "Fitness given to an evaluation that throws or returns NaN/inf")
        ->check(finite_in(-std::numeric_limits<double>::max(), std::numeric_limits<double>::max()))
        ->capture_default_str();
    run.add_option("--eval_timeout", c.eval_timeout,
                   "Seconds an evaluation may take; a slower one fails (status timeout, fitness failure_fitness), "
                   "and rank 0 gives up on a worker whose batch of n is not back within n x eval_timeout + 10 % + 2 s "
                   "(its individuals go to the other workers). 0: no limit")
        ->check(finite_in(0.0, 1e9))
        ->capture_default_str();
    run.add_option("--noise_table_size", c.noise_table_size,
                   "Doubles in the shared noise table of snes, sepcma and openai_es (8 bytes each, built in every "
                   "process; at least the number of genes)")
        ->check(count_in(1, std::uint64_t{1} << 34U))
        ->capture_default_str();
    run.add_option("--checkpoint_every", c.checkpoint_every,
                   "Generations between checkpoints <output>.ckpt (also written when the run ends or is interrupted)")
        ->check(count_in(1, kMaxCount))
        ->capture_default_str();
    run.add_option("--checkpoint_seconds", c.checkpoint_seconds,
                   "Seconds between checkpoints at least: one is written when checkpoint_every generations and "
                   "checkpoint_seconds have passed, whichever comes later (0: every checkpoint_every generations)")
        ->check(finite_in(0.0, 1e9))
        ->capture_default_str();
    run.add_option("--initial_genome", c.initial_genome,
                   "Genome file (l2l replay --save-genome) to start from: the initial mean of es, cmaes, snes, sepcma "
                   "and openai_es; for ga the first individual, the rest of generation 0 mutated copies of it. A "
                   "relative path is taken from the config file's folder. Empty: the optimizer's own start")
        ->capture_default_str();

    // [ga]
    auto* ga = &c.ga;
    run.add_option("--ga.tournament_size", ga->tournament_size, "Aspirants per tournament (selection pressure)")
        ->check(count_in(1, kMaxCount))
        ->capture_default_str();
    run.add_option("--ga.crossover_prob", ga->crossover_prob, "Probability that a pair of offspring is blended")
        ->check(finite_in(0.0, 1.0))
        ->capture_default_str();
    run.add_option("--ga.blend_alpha", ga->blend_alpha, "Alpha of the blend crossover (BLX-alpha)")
        ->check(finite_in(0.0, 10.0))
        ->capture_default_str();
    run.add_option("--ga.mutation_prob", ga->mutation_prob, "Probability that an offspring is mutated")
        ->check(finite_in(0.0, 1.0))
        ->capture_default_str();
    run.add_option("--ga.gene_mutation_prob", ga->gene_mutation_prob, "Probability that a gene of a mutant mutates")
        ->check(finite_in(0.0, 1.0))
        ->capture_default_str();
    run.add_option("--ga.mutation_sigma", ga->mutation_sigma, "Standard deviation of the Gaussian mutation")
        ->check(finite_in(0.0, 1e12))
        ->capture_default_str();
    run.add_option("--ga.elitism", ga->elitism, "Best individuals copied unchanged into the next generation")
        ->check(count_in(0, kMaxCount))
        ->capture_default_str();

    // [es] (population: the top-level key)
    auto* es = &c.es;
    run.add_flag("--es.mirrored,!--es.no-mirrored", es->mirrored, "Antithetic pairs theta +- sigma eps")
        ->default_str("true");
    run.add_flag("--es.evaluate_mean,!--es.no-evaluate_mean", es->evaluate_mean,
                 "Also evaluate the mean (as genome 0; monitoring only)")
        ->default_str("true");
    run.add_option("--es.sigma", es->sigma, "Perturbation standard deviation")
        ->check(finite_in(1e-300, 1e300))->capture_default_str();
    run.add_option("--es.sigma_decay", es->sigma_decay, "sigma *= decay after every generation")
        ->check(finite_in(1e-300, 1.0))->capture_default_str();
    run.add_option("--es.sigma_min", es->sigma_min, "Floor of the sigma decay")
        ->check(finite_in(0.0, 1e300))->capture_default_str();
    run.add_option("--es.learning_rate", es->learning_rate, "Step size alpha")
        ->check(finite_in(1e-300, 1e300))->capture_default_str();
    run.add_option("--es.learning_rate_decay", es->learning_rate_decay, "alpha *= decay after every generation")
        ->check(finite_in(1e-300, 1.0))->capture_default_str();
    // Choices are bound through a callback so the effective config keeps the word, not the enum value.
    run.add_option_function<std::string>(
           "--es.fitness_shaping", [es](const std::string& v) { es->fitness_shaping = parse_fitness_shaping(v); },
           "Fitness shaping: centred_ranks or raw")
        ->check(one_of({"centred_ranks", "raw"}))
        ->default_str("centred_ranks");
    run.add_flag("--es.adam,!--es.no-adam", es->adam, "Adam on the gradient estimate instead of plain ascent")
        ->default_str("true");
    run.add_option("--es.adam_beta1", es->adam_beta1, "Adam beta1")->check(finite_in(0.0, 0.999999999))->capture_default_str();
    run.add_option("--es.adam_beta2", es->adam_beta2, "Adam beta2")->check(finite_in(0.0, 0.999999999))->capture_default_str();
    run.add_option("--es.adam_epsilon", es->adam_epsilon, "Adam epsilon")->check(finite_in(1e-300, 1.0))->capture_default_str();
    run.add_option("--es.weight_decay", es->weight_decay, "L2 weight decay on the mean")
        ->check(finite_in(0.0, 1e300))->capture_default_str();

    // [enkf] (ensemble size: the top-level population)
    auto* enkf = &c.enkf;
    run.add_option("--enkf.noise_variance", enkf->noise_variance,
                   "Diagonal of Gamma: one value (times I) or one per output")
        ->check(finite_in(1e-300, 1e300))->capture_default_str();
    run.add_option("--enkf.dt", enkf->dt, "Kalman step Delta t")->check(finite_in(1e-300, 1e300))->capture_default_str();
    run.add_flag("--enkf.perturbed_observations,!--enkf.plain_observations", enkf->perturbed_observations,
                 "Perturb the target per member (y + eta_j) or use plain y")
        ->default_str("true");
    run.add_option("--enkf.covariance_inflation", enkf->covariance_inflation, "Ensemble covariance factor after each update")
        ->check(finite_in(1.0, 1e6))->capture_default_str();
    run.add_option_function<std::string>(
           "--enkf.bound_handling",
           [enkf](const std::string& v) { enkf->bound_handling = parse_enkf_bound_handling(v); },
           "Bound handling: clip or none")
        ->check(one_of({"clip", "none"}))
        ->default_str("clip");
    run.add_option("--enkf.min_spread", enkf->min_spread, "Stop once the ensemble spread falls below (0: never)")
        ->check(finite_in(0.0, 1e300))->capture_default_str();

    // [cmaes]
    auto* cmaes = &c.cmaes;
    run.add_option("--cmaes.population", cmaes->population,
                   "lambda (the top-level population sets it too); 0 = population if set, else 4 + floor(3 ln n)")
        ->check(count_in(0, kMaxCount))->capture_default_str();
    run.add_option("--cmaes.sigma0", cmaes->sigma0, "Initial step as a fraction of each gene's bound width")
        ->check(finite_in(1e-300, 1e300))->capture_default_str();
    run.add_flag("--cmaes.active,!--cmaes.no-active", cmaes->active, "Active CMA (negative weights)")
        ->default_str("true");
    run.add_option_function<std::string>(
           "--cmaes.bound_handling",
           [cmaes](const std::string& v) { cmaes->bound_handling = parse_cma_bound_handling(v); },
           "Bound handling: clip or penalty")
        ->check(one_of({"clip", "penalty"}))
        ->default_str("clip");
    run.add_option("--cmaes.penalty_weight", cmaes->penalty_weight, "Penalty per squared normalised distance")
        ->check(finite_in(0.0, 1e300))->capture_default_str();
    run.add_flag("--cmaes.ipop,!--cmaes.no-ipop", cmaes->ipop,
                 "IPOP: restart with a larger population when a stop criterion fires")
        ->default_str("false");
    run.add_option("--cmaes.max_restarts", cmaes->max_restarts, "IPOP restarts before the run stops")
        ->check(count_in(0, 1000))->capture_default_str();
    run.add_option("--cmaes.ipop_factor", cmaes->ipop_factor, "IPOP population multiplier per restart")
        ->check(finite_in(1.0, 100.0))->capture_default_str();
    run.add_option("--cmaes.tol_fun", cmaes->tol_fun, "TolFun stop criterion")->check(finite_in(0.0, 1e300))->capture_default_str();
    run.add_option("--cmaes.tol_x", cmaes->tol_x, "TolX stop criterion (units of sigma0)")
        ->check(finite_in(0.0, 1e300))->capture_default_str();
    run.add_option("--cmaes.max_condition", cmaes->max_condition, "ConditionCov stop criterion")
        ->check(finite_in(1.0, 1e300))->capture_default_str();

    // [snes]
    auto* snes = &c.snes;
    run.add_option("--snes.population", snes->population, "lambda; 0 = 4 + floor(3 ln n)")
        ->check(count_in(0, kMaxCount))->capture_default_str();
    run.add_option("--snes.sigma0", snes->sigma0, "Initial sigma of every gene as a fraction of its bound width")
        ->check(finite_in(1e-300, 1e300))->capture_default_str();
    run.add_option("--snes.learning_rate_mean", snes->learning_rate_mean, "eta_mu, learning rate of the mean")
        ->check(finite_in(1e-300, 1e300))->capture_default_str();
    run.add_option("--snes.learning_rate_sigma", snes->learning_rate_sigma,
                   "eta_sigma, learning rate of the per-gene sigma; 0 = (3 + ln n) / (5 sqrt n)")
        ->check(finite_in(0.0, 1e300))->capture_default_str();
    run.add_flag("--snes.mirrored,!--snes.no-mirrored", snes->mirrored, "Antithetic pairs mu +- sigma z")
        ->default_str("false");

    // [sepcma]
    auto* sepcma = &c.sepcma;
    run.add_option("--sepcma.population", sepcma->population, "lambda; 0 = 4 + floor(3 ln n)")
        ->check(count_in(0, kMaxCount))->capture_default_str();
    run.add_option("--sepcma.sigma0", sepcma->sigma0, "Initial step as a fraction of each gene's bound width")
        ->check(finite_in(1e-300, 1e300))->capture_default_str();

    // [openai_es] (population: the top-level key, even)
    auto* openai = &c.openai_es;
    run.add_option("--openai_es.sigma", openai->sigma, "Perturbation standard deviation (genome units)")
        ->check(finite_in(1e-300, 1e300))->capture_default_str();
    run.add_option("--openai_es.learning_rate", openai->learning_rate, "Adam step size")
        ->check(finite_in(1e-300, 1e300))->capture_default_str();
    run.add_option("--openai_es.adam_beta1", openai->adam_beta1, "Adam beta1")
        ->check(finite_in(0.0, 0.999999999))->capture_default_str();
    run.add_option("--openai_es.adam_beta2", openai->adam_beta2, "Adam beta2")
        ->check(finite_in(0.0, 0.999999999))->capture_default_str();
    run.add_option("--openai_es.adam_epsilon", openai->adam_epsilon, "Adam epsilon")
        ->check(finite_in(1e-300, 1.0))->capture_default_str();
    run.add_option("--openai_es.weight_decay", openai->weight_decay, "L2 coefficient on the mean (0: none)")
        ->check(finite_in(0.0, 1e300))->capture_default_str();
    run.add_flag("--openai_es.evaluate_mean,!--openai_es.no-evaluate_mean", openai->evaluate_mean,
                 "Also evaluate the mean (as genome 0; monitoring only)")
        ->default_str("true");

    // [grid] (genes per ask(): the top-level population). Gene names are free-form
    // keys: `[grid.points] x0 = 5` in a file, `--grid.points x0=5` on the command line.
    run.add_option_function<std::vector<std::string>>(
           "--grid.points",
           [&c](const std::vector<std::string>& items) {
               c.grid.axes.clear();
               for (const auto& [gene, value] : split_assignments(items, "grid.points")) {
                   c.grid.axes.push_back({gene, parse_count(value, "grid.points." + gene)});
               }
           },
           "Grid axes: GENE=POINTS (evenly spaced over the gene's bounds, ends included)")
        ->type_name("GENE=INT");
    run.add_option_function<std::vector<std::string>>(
           "--grid.fixed",
           [&c](const std::vector<std::string>& items) {
               c.grid.fixed.clear();
               for (const auto& [gene, value] : split_assignments(items, "grid.fixed")) {
                   c.grid.fixed.emplace_back(gene, parse_finite(value, "grid.fixed." + gene));
               }
           },
           "Genes off the grid: GENE=VALUE (default: the middle of the gene's bounds)")
        ->type_name("GENE=FLOAT");

    // [benchmark]
    run.add_option("--benchmark.function", c.benchmark.function, "Benchmark function (fitness = -f(x))")
        ->check(one_of(benchmark_names()))
        ->capture_default_str();
    run.add_option("--benchmark.dimension", c.benchmark.dimension, "Number of genes")
        ->check(count_in(1, 100'000'000))
        ->capture_default_str();
    run.add_option("--benchmark.lower", c.benchmark.lower,
                   "Lower bound of every gene (default: the function's domain: sphere/rastrigin -5.12, "
                   "ackley -32.768, rosenbrock -5)")
        ->check(finite_in(-kMaxGeneBound, kMaxGeneBound));
    run.add_option("--benchmark.upper", c.benchmark.upper,
                   "Upper bound of every gene (default: sphere/rastrigin 5.12, ackley 32.768, rosenbrock 10)")
        ->check(finite_in(-kMaxGeneBound, kMaxGeneBound));
    run.add_option("--benchmark.eval_seconds", c.benchmark.eval_seconds,
                   "Seconds each evaluation takes on top of the function (farm and scale measurements)")
        ->check(finite_in(0.0, 3600.0))
        ->capture_default_str();
    run.add_option("--benchmark.eval_cost", c.benchmark.eval_cost,
                   "How benchmark.eval_seconds is spent: sleep (frees the core, as waiting for I/O) or busy (a "
                   "busy-wait, as computing)")
        ->check(one_of({"sleep", "busy"}))
        ->capture_default_str();

    add_snn_options(run, c.snn);
    add_command_options(run, c.command);

    // [record]
    run.add_option("--record.policy", c.record.policy,
                   "What the results file keeps of each generation: full (every genome), every (the population every "
                   "record.every generations; the best individual and the optimizer's state of all), best_and_state, "
                   "none (fitness only), or auto (full while a generation's genomes take at most "
                   "record.full_limit_mb, else every)")
        ->check(one_of({"auto", "full", "every", "best_and_state", "none"}))
        ->capture_default_str();
    run.add_option("--record.every", c.record.every, "Generations between stored populations (record.policy every, auto)")
        ->check(count_in(1, kMaxCount))
        ->capture_default_str();
    run.add_option("--record.full_limit_mb", c.record.full_limit_mb,
                   "record.policy auto: full populations while a generation's genomes take at most this many MB")
        ->check(finite_in(0.0, 1e12))
        ->capture_default_str();
    run.add_option("--record.deflate", c.record.deflate,
                   "gzip level (after the shuffle filter) of the genome datasets; 0: not compressed")
        ->check(CLI::Range(0, 9))
        ->capture_default_str();
    run.add_option("--record.outputs", c.record.outputs,
                   "/generations/outputs: all (every individual's outputs), auto (when the optimizer uses them, "
                   "enkf, or they are per-task results: snn, command; not a benchmark's residuals), none")
        ->check(one_of({"all", "auto", "none"}))
        ->capture_default_str();

    // [farm]
    run.add_option("--farm.mode", c.farm.mode,
                   "auto: MPI when started by mpirun/srun, else serial; serial; mpi (requires a launcher)")
        ->check(one_of({"auto", "serial", "mpi"}))
        ->capture_default_str();
    run.add_option("--farm.tasks_in_flight", c.farm.options.tasks_in_flight, "Messages (batches of individuals) queued per worker")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    run.add_option("--farm.batch_size", c.farm.options.batch_size,
                   "Individuals per message (0: automatic, from the message latency measured on the first batches and "
                   "the evaluation time: latency at most 5 % of a batch, at least 8 messages per worker and generation)")
        ->check(CLI::Range(0, 1'000'000))
        ->capture_default_str();
    run.add_option("--farm.spin_us", c.farm.options.spin_us, "Microseconds a waiting rank polls before sleeping")
        ->check(CLI::Range(0, 1'000'000))
        ->capture_default_str();
    run.add_option("--farm.max_sleep_us", c.farm.options.max_sleep_us, "Longest sleep of a waiting rank (us)")
        ->check(CLI::Range(1, 1'000'000))
        ->capture_default_str();
    run.add_flag("--farm.population_encoding,!--farm.no-population_encoding", c.farm.options.population_encoding,
                 "snes, sepcma, openai_es under MPI: send each worker the generation's mean and scale once and then a "
                 "noise-table offset and sign per individual (false: whole genomes)")
        ->default_str("true");
    run.add_option("--farm.silence_warning", c.farm.options.silence_warning,
                   "Seconds a worker may owe results without sending any before rank 0 warns, naming it (once per "
                   "silence; with eval_timeout a worker silent for its batch x eval_timeout + 10 % + 2 s is given up "
                   "and its individuals go to the others). 0: no warning")
        ->check(finite_in(0.0, 1e9))
        ->capture_default_str();
    run.add_flag("--farm.master_evaluates,!--farm.no-master_evaluates", c.farm.options.master_evaluates,
                 "Rank 0 evaluates individuals too whenever no result is waiting (for few ranks or a small "
                 "population: its core is otherwise idle); results are the same")
        ->default_str("false");
}

void apply_given_population(CLI::App& run, ExperimentConfig& config) {
    std::size_t* own = own_population(config);
    if (own == nullptr || run.get_option("--population")->count() == 0) return;
    if (*own != 0 && *own != config.population) {
        throw ConfigError(fmt::format("population = {} and {}.population = {} are both set and differ; {} takes its "
                                      "population from either: set one (or both the same)",
                                      config.population, config.optimizer, *own, config.optimizer));
    }
    *own = config.population;
    // The stored config text (and so a later --resume) says so too: it is written from the options.
    CLI::Option* option = run.get_option(fmt::format("--{}.population", config.optimizer));
    option->clear();
    option->add_result(std::to_string(config.population));
}

}  // namespace l2l
