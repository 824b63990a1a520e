#include "simulator/agent_config.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "simulator/toml_reading.hpp"

namespace l2l::sim {
namespace {

// A duration within the action window (spike_interval, duration): a whole
// number of steps (>= 1), at most the window of step_ms.
std::size_t steps_in_window(const TomlReader& r, std::string_view key, double dt, double fallback_ms, double step_ms) {
    return r.duration_steps(key, dt, fallback_ms, step_ms,
                            fmt::format("the action window, agent.step_duration = {} ms; spikes fall at window steps 0, "
                                        "k, 2k, ...",
                                        step_ms),
                            "");
}

const PopulationSpec& population_of(const TomlReader& r, const NetworkSpec& network, std::string& name) {
    name = r.text("population");
    const PopulationSpec* p = network.find_population(name);
    if (p == nullptr) r.fail("population", "must name a population of network.populations");
    return *p;
}

void require_model(const TomlReader& r, const PopulationSpec& p, bool spike_source, std::string_view why) {
    if ((p.model == NeuronModel::spike_source) != spike_source) {
        r.fail("population", fmt::format("is a {} population; {}", model_name(p.model), why));
    }
}

std::vector<std::size_t> components(const TomlReader& r, std::size_t expected) {
    std::vector<std::size_t> result;
    for (const double v : r.numbers("observation")) {
        if (v < 0.0 || v != std::floor(v) || v > 1e6) r.fail("observation", "must be observation component indices (integers >= 0)");
        result.push_back(static_cast<std::size_t>(v));
    }
    if (expected != 0 && result.size() != expected) {
        r.fail("observation", fmt::format("must be {} component index", expected));
    }
    return result;
}

EncoderSpec parse_encoder(const TomlReader& r, const NetworkSpec& network, double step_ms) {
    EncoderSpec e;
    const std::string type = r.text("type");
    const double dt = network.dt;
    if (type == "bin") {
        r.allow_only({"type", "population", "observation", "low", "high", "first_neuron", "bins", "drive", "current",
                      "spike_interval"});
        e.kind = EncoderSpec::Kind::bin;
        const PopulationSpec& p = population_of(r, network, e.population);
        e.observation = components(r, 1);
        e.low = {r.number("low")};
        e.high = {r.number("high")};
        if (!(e.low[0] < e.high[0])) r.fail("high", fmt::format("must be greater than low = {}", e.low[0]));
        const std::int64_t first = r.integer("first_neuron", 0);
        if (first < 0 || static_cast<std::size_t>(first) >= p.size) {
            r.fail("first_neuron", fmt::format("must be in [0, {}) (size of '{}')", p.size, p.name));
        }
        e.first_neuron = static_cast<std::size_t>(first);
        const std::int64_t bins = r.integer("bins", static_cast<std::int64_t>(p.size - e.first_neuron));
        if (bins < 1 || e.first_neuron + static_cast<std::size_t>(bins) > p.size) {
            r.fail("bins", fmt::format("must be in [1, {}] (neurons of '{}' from first_neuron on)", p.size - e.first_neuron, p.name));
        }
        e.bins = static_cast<std::size_t>(bins);
        const std::string drive = r.text("drive", "current");
        if (drive == "current") {
            e.drive = EncoderSpec::Drive::current;
            require_model(r, p, false, "drive = \"current\" needs a lif or alif population");
            e.current = r.number("current");
            if (r.has("spike_interval")) r.fail("spike_interval", "only allowed with drive = \"spikes\"");
        } else if (drive == "spikes") {
            e.drive = EncoderSpec::Drive::spikes;
            require_model(r, p, true, "drive = \"spikes\" needs a spike_source population");
            e.spike_interval = steps_in_window(r, "spike_interval", dt, dt, step_ms);
            if (r.has("current")) r.fail("current", "only allowed with drive = \"current\"");
        } else {
            r.fail("drive", "allowed: \"current\" (DC into the bin's neuron), \"spikes\" (the bin's neuron spikes every spike_interval)");
        }
    } else if (type == "gaussian") {
        r.allow_only({"type", "population", "observation", "low", "high", "grid", "sigma", "rate"});
        e.kind = EncoderSpec::Kind::gaussian;
        const PopulationSpec& p = population_of(r, network, e.population);
        require_model(r, p, true, "a gaussian encoder emits spikes and needs a spike_source population");
        e.observation = components(r, 0);
        const std::size_t d = e.observation.size();
        auto per_component = [&](std::string_view key) {
            std::vector<double> v = r.numbers(key);
            if (v.size() == 1) v.assign(d, v[0]);
            if (v.size() != d) r.fail(key, fmt::format("must be one number or {} numbers (one per observation component)", d));
            return v;
        };
        e.low = per_component("low");
        e.high = per_component("high");
        e.sigma = per_component("sigma");
        std::size_t product = 1;
        if (r.has("grid")) {
            for (const double g : r.numbers("grid")) {
                if (g < 1.0 || g != std::floor(g)) r.fail("grid", "must be integers >= 1 (centres per component)");
                e.grid.push_back(static_cast<std::size_t>(g));
                product *= e.grid.back();
            }
            if (e.grid.size() != d) r.fail("grid", fmt::format("must have {} entries (one per observation component)", d));
        } else {
            if (d != 1) r.fail_missing("grid", "needed with more than one observation component");
            e.grid = {p.size};
            product = p.size;
        }
        if (product != p.size) r.fail("grid", fmt::format("the product of grid ({}) must equal the size of '{}' ({})", product, p.name, p.size));
        for (std::size_t k = 0; k < d; ++k) {
            if (!(e.low[k] < e.high[k])) r.fail("high", "must be greater than low, per component");
            if (!(e.sigma[k] > 0.0)) r.fail("sigma", "must be > 0 (observation units)");
        }
        e.rate = r.number("rate");
        if (!(e.rate > 0.0 && e.rate * dt / 1000.0 <= 1.0)) r.fail("rate", fmt::format("must be in (0, {}] Hz (rate * dt <= 1)", 1000.0 / dt));
    } else if (type == "poisson") {
        r.allow_only({"type", "population", "rate"});
        e.kind = EncoderSpec::Kind::poisson;
        const PopulationSpec& p = population_of(r, network, e.population);
        require_model(r, p, true, "a poisson encoder needs a spike_source population");
        e.rate = r.number("rate");
        if (!(e.rate >= 0.0 && e.rate * dt / 1000.0 <= 1.0)) r.fail("rate", fmt::format("must be in [0, {}] Hz (rate * dt <= 1)", 1000.0 / dt));
    } else if (type == "passthrough") {
        r.allow_only({"type", "population", "observation"});
        e.kind = EncoderSpec::Kind::passthrough;
        const PopulationSpec& p = population_of(r, network, e.population);
        require_model(r, p, true, "a passthrough encoder needs a spike_source population");
        e.observation = r.has("observation") ? components(r, 1) : std::vector<std::size_t>{0};
    } else if (type == "current") {
        r.allow_only({"type", "population", "current", "observation", "gain"});
        e.kind = EncoderSpec::Kind::current;
        const PopulationSpec& p = population_of(r, network, e.population);
        require_model(r, p, false, "a current encoder needs a lif or alif population");
        e.current = r.number("current", 0.0);
        if (r.has("observation")) {
            e.observation = components(r, 1);
            e.gain = r.number("gain");
        } else if (r.has("gain")) {
            r.fail("gain", "needs observation = <component index>");
        }
    } else if (type == "reward") {
        r.allow_only({"type", "population", "spike_interval", "duration"});
        e.kind = EncoderSpec::Kind::reward;
        const PopulationSpec& p = population_of(r, network, e.population);
        require_model(r, p, true, "a reward encoder needs a spike_source population");
        if (p.size < 2) r.fail("population", "needs at least 2 neurons (0: reward > 0, 1: reward < 0)");
        e.spike_interval = steps_in_window(r, "spike_interval", dt, dt, step_ms);
        e.duration = steps_in_window(r, "duration", dt, step_ms, step_ms);
    } else {
        r.fail("type", "allowed: \"bin\", \"gaussian\", \"poisson\", \"passthrough\", \"current\", \"reward\"");
    }
    return e;
}

// Neurons per decoder group (key `key`, default 1): must divide the population.
std::size_t group_size(const TomlReader& r, std::string_view key, const PopulationSpec& p) {
    const std::int64_t per = r.integer(key, 1);
    if (per < 1 || p.size % static_cast<std::size_t>(per) != 0) {
        r.fail(key, fmt::format("must be >= 1 and divide the size of '{}' ({})", p.name, p.size));
    }
    return static_cast<std::size_t>(per);
}

DecoderSpec parse_decoder(const TomlReader& r, const NetworkSpec& network) {
    DecoderSpec d;
    const std::string type = r.text("type", "argmax");
    std::string name;
    if (type == "argmax") {
        r.allow_only({"type", "population", "neurons_per_action", "tie_action"});
        d.kind = DecoderSpec::Kind::argmax;
        const PopulationSpec& p = population_of(r, network, d.population);
        d.neurons_per_action = group_size(r, "neurons_per_action", p);
        const auto actions = static_cast<std::int64_t>(p.size / d.neurons_per_action);
        const std::int64_t tie = r.integer("tie_action", (actions - 1) / 2);
        if (tie < 0 || tie >= actions) r.fail("tie_action", fmt::format("must be an action index in [0, {})", actions));
        d.tie_action = static_cast<int>(tie);
    } else if (type == "population_vector") {
        r.allow_only({"type", "population", "dimensions", "gain", "low", "high"});
        d.kind = DecoderSpec::Kind::population_vector;
        const PopulationSpec& p = population_of(r, network, d.population);
        const std::int64_t dims = r.integer("dimensions", 1);
        if (dims < 1 || p.size % (2U * static_cast<std::size_t>(dims)) != 0) {
            r.fail("dimensions", fmt::format("must be >= 1 with 2 * dimensions dividing the size of '{}' ({})", p.name, p.size));
        }
        d.dimensions = static_cast<std::size_t>(dims);
        d.gain = r.number("gain", 1.0);
        if (r.has("low") != r.has("high")) r.fail(r.has("low") ? "low" : "high", "low and high must be given together");
        if (r.has("low")) {
            d.clip = true;
            d.low = r.number("low");
            d.high = r.number("high");
            if (!(d.low < d.high)) r.fail("high", fmt::format("must be greater than low = {}", d.low));
        }
    } else if (type == "spike_count") {
        r.allow_only({"type", "population", "neurons_per_output"});
        d.kind = DecoderSpec::Kind::spike_count;
        const PopulationSpec& p = population_of(r, network, d.population);
        d.neurons_per_action = group_size(r, "neurons_per_output", p);
    } else {
        r.fail("type", "allowed: \"argmax\", \"population_vector\", \"spike_count\"");
    }
    return d;
}

}  // namespace

AgentConfig parse_agent_config(const toml::table& agent_section, const NetworkSpec& network) {
    const TomlReader r(agent_section, "agent");
    r.allow_only({"step_duration", "reset", "plasticity_reset", "encoders", "decoder"});
    AgentConfig config;
    config.steps_per_action =
        r.duration_steps("step_duration", network.dt, 20.0, kMaxStepDurationMs,
                         "network time per environment step; the examples use 1-20 ms", "");
    const double step_ms = r.number("step_duration", 20.0);  // as written, for messages
    const std::string reset = r.text("reset", "episode");
    if (reset == "episode") {
        config.reset = ResetPolicy::episode;
    } else if (reset == "never") {
        config.reset = ResetPolicy::never;
    } else {
        r.fail("reset", "allowed: \"episode\" (network state reset at every episode), \"never\" (kept across episodes and tasks)");
    }
    const std::string plasticity_reset = r.text("plasticity_reset", reset);
    if (plasticity_reset == "episode") {
        config.plasticity_reset = ResetPolicy::episode;
    } else if (plasticity_reset == "never") {
        config.plasticity_reset = ResetPolicy::never;
    } else {
        r.fail("plasticity_reset", "allowed: \"episode\" (plastic weights and traces start from the genome at every "
                                   "episode), \"never\" (kept across the episodes and tasks of one evaluation)");
    }
    if (const toml::array* encoders = r.array("encoders")) {
        for (std::size_t i = 0; i < encoders->size(); ++i) {
            const std::string path = fmt::format("agent.encoders[{}]", i);
            const toml::table* t = (*encoders)[i].as_table();
            if (t == nullptr) throw std::invalid_argument(path + ": must be a table");
            config.encoders.push_back(parse_encoder(TomlReader(*t, path), network, step_ms));
        }
    }
    if (config.encoders.empty()) r.fail_missing("encoders", "at least one [[agent.encoders]] is required");
    const toml::table* decoder = r.table("decoder");
    if (decoder == nullptr) r.fail_missing("decoder", "an [agent.decoder] table is required");
    config.decoder = parse_decoder(TomlReader(*decoder, "agent.decoder"), network);
    return config;
}

}  // namespace l2l::sim
