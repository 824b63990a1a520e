// `optimizee = "command"`: an external program evaluates each genome, on
// `command.tasks` tasks with a seed each: one process per task evaluation in
// its own folder <workdir>/g<G>/i<I>/t<T> (mode process), or one request line
// to a JSON-lines server this process keeps running (mode server). Protocol
// pieces: child_process (spawn, poll, kill), command_protocol (JSON),
// command_server (the server's lifecycle).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "optimizer/farm/optimizee.hpp"
#include "optimizer/run/command_config.hpp"

namespace l2l {

class CommandServer;

class CommandOptimizee final : public Optimizee {
public:
    // Throws ConfigError if the program of command.argv is not found or the
    // aggregation is unknown. `output`: the run's results file (default workdir).
    CommandOptimizee(const CommandConfig& command, const std::string& output);
    ~CommandOptimizee() override;

    std::string_view name() const override { return "command"; }
    std::size_t genome_size() const override { return command_.genes.size(); }
    Bounds bounds() const override;
    std::vector<std::string> gene_names() const override;
    std::size_t output_size() const override;
    double best_possible_fitness() const override;
    std::string fitness_meaning() const override;
    std::vector<double> output_target() const override;

    // fitness = aggregate of the tasks' fitness; outputs = the tasks' outputs
    // one after the other (command.outputs > 0) or their fitness values;
    // info = per key, the mean over the tasks that report it.
    EvalResult evaluate(std::span<const double> genome, const EvalContext& context) const override;

    // The seed of each task of an evaluation in `context` (< 2^32).
    std::vector<std::uint64_t> task_seeds(const EvalContext& context) const;
    // The model values of a genome (log / scale applied).
    std::vector<double> model_values(std::span<const double> genome) const;
    const std::string& workdir() const { return workdir_; }
    const std::string& program() const { return program_; }

private:
    struct TaskAnswer;
    TaskAnswer run_process(const std::vector<double>& values, const EvalContext& context, std::uint64_t task,
                           std::uint64_t seed) const;
    TaskAnswer ask_server(const std::vector<double>& values, const EvalContext& context, std::uint64_t task,
                          std::uint64_t seed) const;

    CommandConfig command_;
    std::string workdir_;
    std::string program_;  // argv[0], found and absolute
    std::vector<std::string> names_;
    int aggregation_ = 0;  // env::Aggregation
    mutable std::unique_ptr<CommandServer> server_;  // mode server: started at the first evaluation
};

}  // namespace l2l
