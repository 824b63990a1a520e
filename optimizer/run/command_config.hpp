// `optimizee = "command"`: the [command] section. An external program (any
// language, any simulator) evaluates genomes: one process per evaluation
// (`mode = "process"`) or one long-lived server per worker speaking JSON lines
// (`mode = "server"`). The protocol is in README.md, "Your own model".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace l2l {

// One named gene of [command.genes]: `tau_m = [5.0, 50.0]`, or
// `tau_m = { lower = 5.0, upper = 50.0, log = true }` / `{ ..., scale = 1e-3 }`.
// The optimizer searches x in [t(lower), t(upper)] with t(v) = log10(v) (log)
// or v / scale; the command receives the value v = 10^x or x * scale.
struct CommandGene {
    std::string name;
    double lower = 0.0;
    double upper = 1.0;
    double scale = 1.0;
    bool log = false;

    // The optimizer's bounds of this gene, and the model value of an optimizer value.
    double search_lower() const;
    double search_upper() const;
    double model_value(double x) const;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & name & lower & upper & scale & log;
    }
};

// "NAME=SPEC" as given to --command.genes (and as a [command.genes] key turns
// into): SPEC is a TOML array [lower, upper] or inline table. Throws
// std::invalid_argument naming `command.genes.NAME`, the value and what is allowed.
CommandGene parse_command_gene(const std::string& item);
// The SPEC text of a gene, readable by parse_command_gene ("NAME=" + it).
std::string command_gene_spec(const CommandGene& gene);

struct CommandConfig {
    std::string mode = "process";   // process | server
    std::vector<std::string> argv;  // {workdir} {genome} {generation} {individual} {task} {seed} {config_dir} {<gene>}
    std::vector<CommandGene> genes; // in name order (--command.genes sorts them)
    std::size_t tasks = 1;          // evaluations of the command per genome, one seed each
    std::string aggregation = "mean";       // fitness from the per-task fitness: mean | min | median
    std::string task_seeds = "generation";  // generation | individual | fixed (as snn.task_seeds)
    // Values in each answer's "outputs" (per task; EvalResult::outputs is the
    // tasks' lists one after the other). 0: the outputs are the per-task fitness values.
    std::size_t outputs = 0;
    // The EnKF's target for one task's outputs (default: zeros, i.e. residuals).
    std::vector<double> target;
    // Best fitness any genome can reach (the EnKF's target with outputs = 0); unset: unknown.
    std::optional<double> best_fitness;
    bool keep_workdirs = false;  // keep <workdir>/g<G>/i<I>/t<T> after a successful evaluation
    std::string workdir;         // default: <output>.work
    std::size_t stderr_lines = 10;  // of a failed command's stderr, in the log and the results file
    // Not a key: the folder of the config file ({config_dir}), set by `l2l run`.
    std::string config_dir;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        bool has_best = best_fitness.has_value();
        double best = best_fitness.value_or(0.0);
        ar & mode & argv & genes & tasks & aggregation & task_seeds & outputs & target & has_best & best &
            keep_workdirs & workdir & stderr_lines & config_dir;
        if (has_best) {
            best_fitness = best;
        } else {
            best_fitness.reset();
        }
    }
};

// Checks of the section as a whole (argv given and its program found, genes
// given, target length); throws ConfigError naming the key, the value and what
// is allowed. `output`: the run's results file (the default workdir).
void validate_command(const CommandConfig& command);

// The folder the evaluations run in: command.workdir or <output>.work, absolute.
std::string command_workdir(const CommandConfig& command, const std::string& output);

}  // namespace l2l
