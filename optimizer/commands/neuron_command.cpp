// `l2l neuron`: one neuron under constant current; prints its spike times (ms,
// one per line) or, with --trace, its state per step as CSV. Spike times sit on
// the step grid as in NEST: a spike found in step k is reported at (k + 1) * dt.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "optimizer/commands/commands.hpp"
#include "simulator/network.hpp"
#include "simulator/network_spec.hpp"
#include "simulator/neuron_parameters.hpp"

namespace l2l::cli {
namespace {

struct NeuronOptions {
    std::string model = "lif";
    std::string duration = "100";
    std::string dt = "0.1";
    bool trace = false;
    std::map<std::string, std::string> parameters;  // option name without dashes -> text, if given
};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

double parse_number(const std::string& option, const std::string& text) {
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || errno != 0 || !std::isfinite(value)) {
        throw UsageError(fmt::format("--{} = '{}': must be a finite number", option, text));
    }
    return value;
}

// Decimals needed to print multiples of dt exactly (0.1 -> 1, 0.25 -> 2).
int decimals_of(double dt) {
    for (int d = 0; d < 9; ++d) {
        const double scaled = dt * std::pow(10.0, d);
        if (std::fabs(scaled - std::round(scaled)) < 1e-9 * std::max(1.0, scaled)) return d;
    }
    return 9;
}

int run_neuron(const NeuronOptions& options) {
    sim::NetworkSpec spec;
    sim::PopulationSpec population;
    population.name = "neuron";
    population.size = 1;
    if (options.model == "lif") {
        population.model = sim::NeuronModel::lif;
    } else if (options.model == "alif") {
        population.model = sim::NeuronModel::alif;
    } else {
        throw UsageError(fmt::format("--model = '{}': allowed: lif, alif", options.model));
    }
    spec.dt = parse_number("dt", options.dt);
    if (!(spec.dt >= 0.1 && spec.dt <= 1.0)) throw UsageError(fmt::format("--dt = {}: must be in [0.1, 1] ms", options.dt));
    const double duration = parse_number("duration", options.duration);
    if (!(duration > 0.0 && duration <= 1.0e7)) {
        throw UsageError(fmt::format("--duration = {}: must be in (0, 1e7] ms", options.duration));
    }
    for (const auto& [name, text] : options.parameters) {
        const sim::ParameterInfo* info = sim::find_parameter(population.model, name);
        if (info == nullptr) {
            std::string allowed;
            for (const sim::ParameterInfo& p : sim::model_parameters(population.model)) {
                allowed += (allowed.empty() ? "--" : ", --") + std::string(p.name);
            }
            throw UsageError(fmt::format("--{} = {}: not a parameter of model {}; its parameters: {}", name, text,
                                         options.model, allowed));
        }
        const double value = parse_number(name, text);
        if (!sim::satisfies(info->rule, value)) {
            throw UsageError(fmt::format("--{} = {}: must be {} ({})", name, text, sim::rule_text(info->rule), info->unit));
        }
        population.parameters[name] = {value};
    }
    // A LIF starts at rest unless told otherwise: V_init follows E_L.
    if (population.model == sim::NeuronModel::lif && !population.parameters.contains("V_init")) {
        const auto e_l = population.parameters.find("E_L");
        if (e_l != population.parameters.end()) population.parameters["V_init"] = e_l->second;
    }
    spec.populations.push_back(population);

    std::unique_ptr<sim::Network> network;
    try {
        network = std::make_unique<sim::Network>(spec);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    const auto steps = static_cast<std::uint64_t>(std::llround(duration / spec.dt));
    const int decimals = decimals_of(spec.dt);
    const sim::LifNeurons* lif = network->lif(0);
    const sim::AlifNeurons* alif = network->alif(0);
    if (options.trace) {
        std::fputs(lif != nullptr ? "t_ms,V_m_mV,I_syn_pA,spike\n" : "t_ms,v_mV,threshold_mV,spike\n", stdout);
    }
    for (std::uint64_t k = 0; k < steps; ++k) {
        network->step();
        const double t = static_cast<double>(k + 1) * spec.dt;
        const bool spiked = !network->spikes(0).empty();
        if (options.trace) {
            double v = 0.0;
            double other = 0.0;
            if (lif != nullptr) {
                v = lif->membrane_potential(0);
                other = lif->synaptic_current(0);
            } else if (alif != nullptr) {
                v = alif->membrane_potential(0);
                other = alif->threshold(0);
            }
            fmt::print("{:.{}f},{:.6f},{:.6f},{}\n", t, decimals, v, other, spiked ? 1 : 0);
        } else if (spiked) {
            fmt::print("{:.{}f}\n", t, decimals);
        }
    }
    return 0;
}

// "lif default 10, alif default 20", "alif only, default 15" or "default 0 for lif and alif".
std::string parameter_defaults(const std::string& name) {
    const sim::ParameterInfo* lif = sim::find_parameter(sim::NeuronModel::lif, name);
    const sim::ParameterInfo* alif = sim::find_parameter(sim::NeuronModel::alif, name);
    if (lif != nullptr && alif != nullptr) {
        if (lif->default_value == alif->default_value) return fmt::format("default {} for lif and alif", lif->default_value);
        return fmt::format("lif default {}, alif default {}", lif->default_value, alif->default_value);
    }
    if (lif != nullptr) return fmt::format("lif only, default {}", lif->default_value);
    return fmt::format("alif only, default {}", alif->default_value);
}

}  // namespace

CommandRunner add_neuron_command(CLI::App& root) {
    auto options = std::make_shared<NeuronOptions>();
    CLI::App* command = root.add_subcommand(
        "neuron", "Simulate one neuron under constant current; print spike times (ms) or, with --trace, a CSV trace");
    command->add_option("--model", options->model, "lif (NEST iaf_psc_exp, exact) or alif (LSNN adaptive LIF)")
        ->capture_default_str();
    command->add_option("--duration", options->duration, "simulated time in ms")
        ->type_name("FLOAT")
        ->capture_default_str();
    command->add_option("--dt", options->dt, "resolution in ms, 0.1 to 1")->type_name("FLOAT")->capture_default_str();
    command->add_flag("--trace", options->trace, "print t_ms, membrane, I_syn (lif) or threshold (alif), spike as CSV");
    // One option per parameter name of either model; each defaults to the model's default.
    for (const sim::NeuronModel model : {sim::NeuronModel::lif, sim::NeuronModel::alif}) {
        for (const sim::ParameterInfo& info : sim::model_parameters(model)) {
            const std::string name(info.name);
            if (command->get_option_no_throw("--" + name) != nullptr) continue;
            command
                ->add_option_function<std::string>(
                    "--" + name, [options, name](const std::string& text) { options->parameters[name] = text; },
                    fmt::format("{} ({}; {})", info.meaning, info.unit, parameter_defaults(name)))
                ->type_name("FLOAT");
        }
    }
    return [options] {
        try {
            return run_neuron(*options);
        } catch (const UsageError& e) {
            std::fprintf(stderr, "l2l neuron: %s\n", e.what());
            return 2;
        }
    };
}

}  // namespace l2l::cli
