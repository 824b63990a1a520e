// A spiking-network agent as an optimizee: the genome sets the network's
// parameters through the genome map (simulator/), the agent runs one episode
// on each of `snn.tasks` tasks of a built-in environment's task family
// (environments/), and the fitness is the aggregate of the per-task objectives.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "environments/parameters.hpp"
#include "environments/registry.hpp"
#include "environments/task_evaluation.hpp"
#include "optimizer/run/experiment_config.hpp"
#include "optimizer/farm/optimizee.hpp"
#include "simulator/agent.hpp"

namespace l2l {

// Fills snn.network and snn.agent from snn.network_file (a relative path is
// taken from `config_folder`, the folder of the experiment file). Throws
// ConfigError if the file is missing or unreadable, or if both a file and
// inline [network]/[agent] sections are given.
void load_network_file(SnnConfig& snn, const std::filesystem::path& config_folder);

class SnnOptimizee final : public Optimizee {
public:
    // Throws ConfigError naming the key for anything wrong in `snn` (unknown
    // environment, bad parameter, network or agent description).
    explicit SnnOptimizee(const SnnConfig& snn);

    std::string_view name() const override { return name_; }
    std::size_t genome_size() const override { return spec_->genome_size(); }
    Bounds bounds() const override;
    std::vector<std::string> gene_names() const override { return spec_->gene_names(); }
    std::size_t output_size() const override { return snn_.tasks; }
    double best_possible_fitness() const override { return best_objective_; }
    std::string fitness_meaning() const override;
    std::vector<double> output_target() const override;
    std::string description() const override;

    // fitness = aggregate of the objectives, outputs = per-task objectives in task order.
    EvalResult evaluate(std::span<const double> genome, const EvalContext& context) const override;

    // The task seeds an evaluation in `context` runs on (see SnnConfig::task_seeds).
    std::vector<std::uint64_t> task_seeds(const EvalContext& context) const { return task_seeds(context, snn_.tasks); }
    // The first `count` tasks of the same stream: a prefix-stable extension
    // (the first snn.tasks of them are the evaluation's).
    std::vector<std::uint64_t> task_seeds(const EvalContext& context, std::size_t count) const;
    env::Aggregation aggregation() const { return aggregation_; }
    std::size_t tasks() const { return snn_.tasks; }
    // What a replay needs: the agent for a genome and the task family.
    std::unique_ptr<sim::Agent> build_agent(std::span<const double> genome) const { return spec_->build(genome); }
    const env::TaskFamily& family() const { return *family_; }
    const env::EnvironmentInfo& environment() const { return *environment_; }

private:
    SnnConfig snn_;
    const env::EnvironmentInfo* environment_ = nullptr;
    env::ParameterValues parameters_;
    std::unique_ptr<env::TaskFamily> family_;
    std::unique_ptr<sim::AgentSpec> spec_;
    env::Aggregation aggregation_ = env::Aggregation::mean;
    double best_objective_ = 0.0;
    std::string name_;
};

}  // namespace l2l
