// `l2l env list | replay | rollout`: a thin command-line face on environments/.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "environments/number_format.hpp"
#include "environments/policies.hpp"
#include "environments/registry.hpp"
#include "environments/task_evaluation.hpp"
#include "environments/trajectory_replay.hpp"
#include "optimizer/commands/commands.hpp"

namespace l2l::cli {

namespace {

struct EnvOptions {
    std::string env_name;
    std::string trajectory;
    std::string policy = "heuristic";
    std::string aggregation = "mean";
    std::size_t episodes = 10;
    std::uint64_t seed = 0;
    // "--section.key" values as typed; parsed by the registry.
    std::map<std::string, std::string> parameters;
    std::vector<std::string> extras;  // arguments CLI11 did not recognise
};

int list_environments() {
    for (const env::EnvironmentInfo& info : env::environment_registry()) {
        const std::unique_ptr<env::Environment> sample = info.make_family()->make(0);
        fmt::print("{}  [{}]\n  {}\n", info.name, info.section, info.description);
        fmt::print("  observation: {}\n  action:      {}\n  options:\n", sample->observation_space().describe(),
                   sample->action_space().describe());
        for (const env::ParameterSpec& p : info.parameters) {
            fmt::print("    --{}.{} ({}, default {}; {})\n        {}\n", info.section, p.key, to_string(p.kind),
                       env::format_parameter_value(p.default_value), p.allowed(), p.help);
        }
        fmt::print("\n");
    }
    return 0;
}

int replay(const EnvOptions& options) {
    const std::unique_ptr<env::Environment> environment = env::make_family(options.env_name)->make(0);
    std::ifstream in(options.trajectory);
    if (!in) throw std::invalid_argument(fmt::format("cannot read trajectory file '{}'", options.trajectory));
    std::ios::sync_with_stdio(false);
    env::replay_trajectory(*environment, in, std::cout);
    std::cout.flush();
    return std::cout ? 0 : 1;
}

// The options given for the chosen environment; options of other environments are an error.
env::ParameterValues chosen_parameters(const env::EnvironmentInfo& info, const EnvOptions& options) {
    env::ParameterValues values;
    for (const auto& [name, text] : options.parameters) {
        const std::size_t dot = name.find('.');
        const std::string section = name.substr(0, dot);
        const std::string key = name.substr(dot + 1);
        if (section != info.section) {
            throw std::invalid_argument(
                fmt::format("option --{} belongs to [{}], not to {} (its options are --{}.*)", name, section, info.name,
                            info.section));
        }
        values[key] = env::parse_parameter_value(info.section, *info.find_parameter(key), text);
    }
    return values;
}

// CLI11 would reject unknown options with its own exit code; we name what exists.
void reject_unknown_arguments(const std::vector<std::string>& extras) {
    if (extras.empty()) return;
    const std::string& first = extras.front();
    const std::string name = first.substr(first.find_first_not_of('-'));
    const std::string section = name.substr(0, name.find('.'));
    for (const env::EnvironmentInfo& info : env::environment_registry()) {
        if (info.section != section || name.find('.') == std::string::npos) continue;
        std::vector<std::string> keys;
        for (const env::ParameterSpec& p : info.parameters) keys.push_back(p.key);
        throw std::invalid_argument(fmt::format("unknown option {}; the options of [{}] are: {}", first, section,
                                                fmt::join(keys, ", ")));
    }
    throw std::invalid_argument(fmt::format("unexpected argument {}; see l2l env rollout --help", first));
}

int rollout(const EnvOptions& options) {
    reject_unknown_arguments(options.extras);
    const env::EnvironmentInfo& info = env::find_environment(options.env_name);
    const std::unique_ptr<env::TaskFamily> family = info.make_family(chosen_parameters(info, options));
    const env::Aggregation aggregation = env::parse_aggregation(options.aggregation);
    if (options.episodes == 0) throw std::invalid_argument("--episodes must be at least 1");

    fmt::print("# {} policy={} episodes={} seed={}\n", info.name, options.policy, options.episodes, options.seed);
    fmt::print("episode,task_seed,return,length,objective,summary\n");
    std::vector<double> objectives;
    double return_sum = 0.0;
    std::uint64_t steps = 0;
    const std::vector<std::uint64_t> seeds = env::task_seeds(options.seed, options.episodes);
    for (std::size_t i = 0; i < seeds.size(); ++i) {
        const std::unique_ptr<env::Environment> environment = family->make(seeds[i]);
        const std::unique_ptr<env::Policy> policy = env::make_policy(options.policy, *environment);
        const env::EpisodeOutcome outcome = env::run_episode(*environment, *policy, env::environment_reset_seed(seeds[i]),
                                                             env::policy_reset_seed(seeds[i]));
        fmt::print("{},{},{},{},{},{}\n", i, seeds[i], env::format_number(outcome.episode_return), outcome.length,
                   env::format_number(outcome.objective), environment->episode_summary());
        objectives.push_back(outcome.objective);
        return_sum += outcome.episode_return;
        steps += outcome.length;
    }
    fmt::print("# objective {}: {}  mean return: {}  mean length: {}\n", to_string(aggregation),
               env::aggregate(objectives, aggregation), return_sum / static_cast<double>(seeds.size()),
               static_cast<double>(steps) / static_cast<double>(seeds.size()));
    return 0;
}

}  // namespace

CommandRunner add_env_command(CLI::App& root) {
    auto options = std::make_shared<EnvOptions>();
    CLI::App* env_app = root.add_subcommand("env", "Built-in environments: list, replay a trajectory, roll out a policy");
    env_app->require_subcommand(1);

    CLI::App* list_app = env_app->add_subcommand("list", "Environments, their spaces and options");

    CLI::App* replay_app = env_app->add_subcommand(
        "replay", "Replay a trajectory CSV (golden format) and write the resulting trajectory to stdout");
    replay_app->add_option("--env", options->env_name, "Environment name")->required();
    replay_app->add_option("--trajectory", options->trajectory, "Trajectory CSV file")->required();

    CLI::App* rollout_app = env_app->add_subcommand("rollout", "Run a reference policy (random, heuristic; arena: oracle, memoryless); per-episode return");
    rollout_app->allow_extras();
    rollout_app->add_option("--env", options->env_name, "Environment name")->required();
    rollout_app->add_option("--policy", options->policy,
                           "random, heuristic, or for Arena oracle (knows the goal) and memoryless (border search "
                           "that forgets the goal; heuristic remembers it)")
        ->check(CLI::IsMember({"random", "heuristic", "oracle", "memoryless"}))
        ->capture_default_str();
    rollout_app->add_option("--episodes", options->episodes, "Episodes (one task each)")->capture_default_str();
    rollout_app->add_option("--seed", options->seed, "Seed of the task draw")->capture_default_str();
    rollout_app->add_option("--aggregate", options->aggregation, "mean, min or median")->capture_default_str();
    for (const env::EnvironmentInfo& info : env::environment_registry()) {
        for (const env::ParameterSpec& p : info.parameters) {
            const std::string name = fmt::format("{}.{}", info.section, p.key);
            rollout_app
                ->add_option_function<std::string>(
                    "--" + name, [options, name](const std::string& text) { options->parameters[name] = text; },
                    fmt::format("{} (default {}; {})", p.help, env::format_parameter_value(p.default_value), p.allowed()))
                ->group(info.name + " options");
        }
    }

    return [options, list_app, replay_app, rollout_app]() -> int {
        try {
            if (list_app->parsed()) return list_environments();
            if (replay_app->parsed()) return replay(*options);
            if (rollout_app->parsed()) {
                options->extras = rollout_app->remaining();
                return rollout(*options);
            }
        } catch (const std::exception& e) {
            fmt::print(stderr, "l2l env: error: {}\n", e.what());
            return 2;
        }
        return 2;
    };
}

}  // namespace l2l::cli
