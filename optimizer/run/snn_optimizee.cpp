#include "optimizer/run/snn_optimizee.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "common/random.hpp"
#include "optimizer/run/run_size.hpp"
#include "simulator/agent_config.hpp"
#include "simulator/network_config.hpp"

namespace l2l {
namespace {

// Seed stream of the tasks, apart from the optimizer's and anything else drawn from the run seed.
constexpr std::uint64_t kTaskStream = 0x7461736b73ULL;  // "tasks"

std::string table_text(const toml::table& table) {
    std::ostringstream out;
    out << toml::toml_formatter(table);
    return out.str();
}

toml::table parse_table(const std::string& text, const std::string& what) {
    try {
        return toml::parse(text);
    } catch (const toml::parse_error& e) {
        throw ConfigError(fmt::format("{}: not valid TOML (line {}): {}", what, e.source().begin.line, e.description()));
    }
}

// The values given for the chosen environment; keys of other environments are an error.
env::ParameterValues chosen_parameters(const env::EnvironmentInfo& info, const SnnConfig& snn) {
    env::ParameterValues values;
    for (const auto& [name, text] : snn.environment_parameters) {
        const std::size_t dot = name.find('.');
        const std::string section = name.substr(0, dot);
        const std::string key = dot == std::string::npos ? std::string{} : name.substr(dot + 1);
        if (section != info.section) {
            throw ConfigError(fmt::format("{} = {} is set, but snn.environment = {}: only [{}] keys apply", name, text,
                                          snn.environment, info.section));
        }
        const env::ParameterSpec* spec = info.find_parameter(key);
        if (spec == nullptr) throw ConfigError(fmt::format("{}: unknown key of [{}]", name, section));
        values[key] = env::parse_parameter_value(info.section, *spec, text);
    }
    return values;
}

// The decoder must produce the environment's actions, and every encoder must
// read observation components that exist: one probe step shows both.
void check_agent_fits(const sim::AgentSpec& spec, env::Environment& environment, const std::string& environment_name) {
    const env::Space& actions = environment.action_space();
    const sim::DecoderSpec& decoder = spec.agent_config().decoder;
    const sim::PopulationSpec* population = spec.network_spec().find_population(decoder.population);
    if (decoder.kind == sim::DecoderSpec::Kind::argmax) {
        const std::size_t n = population->size / decoder.neurons_per_action;
        if (actions.kind != env::Space::Kind::discrete || n != actions.n) {
            throw ConfigError(fmt::format(
                "agent.decoder: argmax over population '{}' gives {} actions, but {} takes {}; allowed: a population "
                "of {} x neurons_per_action neurons",
                decoder.population, n, environment_name, actions.describe(), actions.n));
        }
    } else if (decoder.kind == sim::DecoderSpec::Kind::spike_count) {
        const std::size_t n = population->size / decoder.neurons_per_action;
        if (actions.kind == env::Space::Kind::discrete || n != actions.n) {
            throw ConfigError(fmt::format("agent.decoder: spike_count over population '{}' gives {} component(s), but {} "
                                          "takes {}",
                                          decoder.population, n, environment_name, actions.describe()));
        }
    } else if (actions.kind != env::Space::Kind::box || decoder.dimensions != actions.n) {
        throw ConfigError(fmt::format("agent.decoder: population_vector gives {} dimension(s), but {} takes {}",
                                      decoder.dimensions, environment_name, actions.describe()));
    }
    const sim::GeneBounds bounds = spec.bounds();
    std::vector<double> middle(spec.genome_size());
    for (std::size_t i = 0; i < middle.size(); ++i) middle[i] = 0.5 * (bounds.lower[i] + bounds.upper[i]);
    const std::unique_ptr<sim::Agent> agent = spec.build(middle);
    environment.reset(0);
    agent->reset(0);
    // The first kCheckEvery steps of a window show whether the encoders fit; a
    // longer window (step_duration) is cut there, so start-up never waits for it.
    struct ProbeDone {};
    agent->set_window_check([] { throw ProbeDone{}; });
    try {
        agent->act(environment.observation(), 0.0);
    } catch (const ProbeDone&) {
    } catch (const std::invalid_argument& e) {
        throw ConfigError(fmt::format("agent.encoders do not fit {} (observation {}): {}", environment_name,
                                      environment.observation_space().describe(), e.what()));
    }
}

// The agent, checking the evaluation's deadline (eval_timeout) and, on the
// master, the stop flag at every environment step; evaluate() also has the
// agent check them every Agent::kCheckEvery simulation steps inside a long
// action window. The environments know nothing of it.
class DeadlinePolicy final : public env::Policy {
public:
    DeadlinePolicy(env::Policy& agent, const EvalContext& context) : agent_(agent), context_(context) {}
    void reset(std::uint64_t seed) override { agent_.reset(seed); }
    const env::Action& act(std::span<const double> observation, double reward) override {
        context_.check_deadline();
        return agent_.act(observation, reward);
    }

private:
    env::Policy& agent_;
    const EvalContext& context_;
};

}  // namespace

void load_network_file(SnnConfig& snn, const std::filesystem::path& config_folder) {
    if (snn.network_file.empty()) return;
    if (!snn.network.empty() || !snn.agent.empty()) {
        throw ConfigError(fmt::format("snn.network_file = {} and inline [network]/[agent] sections are both given; "
                                      "allowed: one of them",
                                      snn.network_file));
    }
    std::filesystem::path path(snn.network_file);
    if (path.is_relative()) path = config_folder / path;
    std::error_code error;
    if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error)) {
        // A folder, or /dev/zero (read forever).
        throw ConfigError(fmt::format("snn.network_file = {}: '{}' is not a regular file", snn.network_file,
                                      path.string()));
    }
    std::ifstream in(path);
    if (!in) {
        throw ConfigError(fmt::format("snn.network_file = {}: cannot read '{}'", snn.network_file, path.string()));
    }
    std::ostringstream text;
    text << in.rdbuf();
    const toml::table document = parse_table(text.str(), fmt::format("snn.network_file = {}", snn.network_file));
    try {
        sim::check_network_document(document);
    } catch (const std::invalid_argument& e) {
        throw ConfigError(fmt::format("snn.network_file = {}: {}", snn.network_file, e.what()));
    }
    const toml::table* network = document["network"].as_table();
    const toml::table* agent = document["agent"].as_table();
    if (network == nullptr || agent == nullptr) {
        throw ConfigError(fmt::format("snn.network_file = {}: needs a [network] and an [agent] table",
                                      snn.network_file));
    }
    snn.network = table_text(*network);
    snn.agent = table_text(*agent);
}

SnnOptimizee::SnnOptimizee(const SnnConfig& snn) : snn_(snn) {
    try {
        environment_ = &env::find_environment(snn.environment);  // a config section or a registry name
        parameters_ = chosen_parameters(*environment_, snn);
        family_ = environment_->make_family(parameters_);
        best_objective_ = environment_->best_objective_of(parameters_);
        aggregation_ = env::parse_aggregation(snn.aggregation);
    } catch (const std::invalid_argument& e) {
        throw ConfigError(e.what());
    }
    if (snn.network.empty() || snn.agent.empty()) {
        throw ConfigError("optimizee = snn needs a network: a [network] and an [agent] section in the config file, "
                          "or snn.network_file");
    }
    // Errors in the tables say which file they sit in.
    const std::string where =
        snn.network_file.empty() ? std::string{} : fmt::format("snn.network_file = {}: ", snn.network_file);
    const toml::table network = parse_table(snn.network, "[network]");
    const toml::table agent = parse_table(snn.agent, "[agent]");
    try {
        sim::NetworkSpec network_spec = sim::parse_network_spec(network);
        // Before anything is allocated: a dense 1e5 x 1e5 projection is 75 GiB.
        check_network_size(network_spec);
        sim::AgentConfig agent_config = sim::parse_agent_config(agent, network_spec);
        spec_ = std::make_unique<sim::AgentSpec>(std::move(network_spec), std::move(agent_config));
    } catch (const std::invalid_argument& e) {
        throw ConfigError(where + e.what());
    } catch (const ConfigError& e) {
        throw ConfigError(where + e.what());
    }
    if (spec_->genome_size() == 0) throw ConfigError("[network]: the genome map sets no parameter ([[network.genome]])");
    check_agent_fits(*spec_, *family_->make(0), environment_->name);
    name_ = "snn:" + environment_->name;
}

Bounds SnnOptimizee::bounds() const {
    sim::GeneBounds b = spec_->bounds();
    return {std::move(b.lower), std::move(b.upper)};
}

std::vector<double> SnnOptimizee::output_target() const { return std::vector<double>(snn_.tasks, best_objective_); }

std::vector<std::uint64_t> SnnOptimizee::task_seeds(const EvalContext& context, std::size_t count) const {
    std::uint64_t seed = 0;
    if (snn_.task_seeds == "generation") {
        seed = derive_seed({context.run_seed, kTaskStream, context.generation});
    } else if (snn_.task_seeds == "individual") {
        seed = derive_seed({context.run_seed, kTaskStream, context.generation, context.individual});
    } else {
        seed = derive_seed({context.run_seed, kTaskStream});
    }
    return env::task_seeds(seed, count);
}

EvalResult SnnOptimizee::evaluate(std::span<const double> genome, const EvalContext& context) const {
    const std::unique_ptr<sim::Agent> agent = spec_->build(genome);
    agent->set_window_check([&context] { context.check_deadline(); });
    const std::vector<std::uint64_t> seeds = task_seeds(context);
    DeadlinePolicy policy(*agent, context);
    const env::TaskEvaluation evaluation = env::evaluate_on_tasks(*family_, policy, seeds, aggregation_);
    EvalResult result;
    result.fitness = evaluation.aggregate;
    result.outputs = evaluation.objectives;
    result.steps = evaluation.total_steps;
    return result;
}

std::string SnnOptimizee::fitness_meaning() const {
    const auto objective = parameters_.find("objective");
    const std::string which = objective == parameters_.end()
                                  ? std::string{}
                                  : fmt::format(" ({}.objective = {})", snn_.environment,
                                                env::format_parameter_value(objective->second));
    return fmt::format("{} over {} task(s) of the {} episode objective{}", env::to_string(aggregation_), snn_.tasks,
                       environment_->name, which);
}

std::string SnnOptimizee::description() const {
    toml::table snn{{"environment", environment_->section},
                    {"tasks", static_cast<std::int64_t>(snn_.tasks)},
                    {"aggregation", snn_.aggregation},
                    {"task_seeds", snn_.task_seeds}};
    // Only the parameters the run set: writing defaults out would turn them into
    // given values, and presets that defer to unset keys (tmaze.noise) would change.
    toml::table parameters;
    for (const auto& [key, value] : parameters_) {
        std::visit([&, k = key](const auto& v) { parameters.insert(k, v); }, value);
    }
    toml::table document;
    document.insert("optimizee", "snn");
    document.insert("snn", std::move(snn));
    document.insert(environment_->section, std::move(parameters));
    document.insert("network", parse_table(snn_.network, "[network]"));
    document.insert("agent", parse_table(snn_.agent, "[agent]"));
    return table_text(document);
}

}  // namespace l2l
