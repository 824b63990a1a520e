#include "simulator/network_config.hpp"

#include <cmath>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "simulator/plasticity_config.hpp"
#include "simulator/toml_reading.hpp"

namespace l2l::sim {
namespace {

constexpr double min_dt = 0.1;
constexpr double max_dt = 1.0;

bool is_plain_name(const std::string& name) {
    if (name.empty()) return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) return false;
    }
    return true;
}

// Each element of an array of tables, with its path "network.<key>[i]".
template <class Visit>
void for_each_table(const TomlReader& reader, std::string_view key, Visit visit) {
    const toml::array* array = reader.array(key);
    if (array == nullptr) return;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const std::string path = fmt::format("{}[{}]", reader.key_path(key), i);
        const toml::table* table = (*array)[i].as_table();
        if (table == nullptr) {
            throw std::invalid_argument(fmt::format("{} = {}: must be a table", path, toml_value_text((*array)[i])));
        }
        visit(TomlReader(*table, path));
    }
}

NeuronModel parse_model(const TomlReader& r) {
    const std::string model = r.text("model", "lif");
    if (model == "lif") return NeuronModel::lif;
    if (model == "alif") return NeuronModel::alif;
    if (model == "spike_source") return NeuronModel::spike_source;
    r.fail("model", "allowed: \"lif\", \"alif\", \"spike_source\"");
}

PopulationSpec parse_population(const TomlReader& r, const std::set<std::string>& taken) {
    r.allow_only({"name", "size", "model", "params"});
    PopulationSpec p;
    p.name = r.text("name");
    if (!is_plain_name(p.name)) r.fail("name", "must be a non-empty name of letters, digits and '_'");
    if (taken.contains(p.name)) r.fail("name", "must be unique among populations");
    const std::int64_t size = r.integer("size");
    if (size < 1 || size > 10'000'000) r.fail("size", "must be an integer in [1, 10000000]");
    p.size = static_cast<std::size_t>(size);
    p.model = parse_model(r);
    if (const toml::table* params = r.table("params")) {
        const TomlReader pr(*params, r.key_path("params"));
        if (p.model == NeuronModel::spike_source && !params->empty()) {
            r.fail("params", "a spike_source has no parameters");
        }
        for (const auto& [key, value] : *params) {
            const std::string name(key.str());
            const ParameterInfo* info = find_parameter(p.model, name);
            if (info == nullptr) {
                std::string allowed;
                for (const ParameterInfo& known : model_parameters(p.model)) {
                    allowed += (allowed.empty() ? "" : ", ") + std::string(known.name);
                }
                throw std::invalid_argument(fmt::format("{}: unknown parameter of model {}; allowed: {}",
                                                        pr.key_path(name), model_name(p.model), allowed));
            }
            std::vector<double> values = pr.numbers(name);
            if (values.size() != 1 && values.size() != p.size) {
                pr.fail(name, fmt::format("must be one number or an array of {} numbers (one per neuron)", p.size));
            }
            for (const double v : values) {
                if (!satisfies(info->rule, v)) pr.fail(name, fmt::format("must be {} ({})", rule_text(info->rule), info->unit));
            }
            p.parameters[name] = std::move(values);
        }
    }
    if (p.model == NeuronModel::lif) {
        auto value = [&p](std::string_view name, std::size_t i) {
            const auto it = p.parameters.find(name);
            if (it == p.parameters.end()) return find_parameter(NeuronModel::lif, name)->default_value;
            return it->second.size() == 1 ? it->second[0] : it->second[i];
        };
        for (std::size_t i = 0; i < p.size; ++i) {
            if (!(value("V_reset", i) < value("V_th", i))) {
                throw std::invalid_argument(fmt::format("{}.params: V_reset = {} mV must be below V_th = {} mV (neuron {})",
                                                        r.path(), value("V_reset", i), value("V_th", i), i));
            }
        }
    }
    return p;
}

ProjectionSpec parse_projection(const TomlReader& r, const NetworkSpec& spec, const std::set<std::string>& taken) {
    r.allow_only({"name", "from", "to", "connectivity", "probability", "autapses", "seed", "weight", "weight_std",
                  "delay", "storage", "plasticity"});
    ProjectionSpec j;
    j.from = r.text("from");
    j.to = r.text("to");
    const PopulationSpec* pre = spec.find_population(j.from);
    const PopulationSpec* post = spec.find_population(j.to);
    if (pre == nullptr) r.fail("from", "must name a population defined in network.populations");
    if (post == nullptr) r.fail("to", "must name a population defined in network.populations");
    if (post->model == NeuronModel::spike_source) r.fail("to", "must be a lif or alif population (spike sources take no input)");
    j.name = r.text("name", j.from + "->" + j.to);
    if (j.name.empty() || j.name.find_first_of(".[], ") != std::string::npos) {
        r.fail("name", "must be non-empty without '.', '[', ']', ',' or spaces");
    }
    if (taken.contains(j.name)) {
        r.fail(r.has("name") ? "name" : "to", fmt::format("projection name '{}' is already used; give this one a unique name", j.name));
    }

    const std::string connectivity = r.text("connectivity", "all_to_all");
    if (connectivity == "all_to_all") {
        j.connectivity = Connectivity::all_to_all;
    } else if (connectivity == "one_to_one") {
        j.connectivity = Connectivity::one_to_one;
        if (pre->size != post->size) {
            r.fail("connectivity", fmt::format("one_to_one needs equal sizes; '{}' has {}, '{}' has {}", j.from,
                                               pre->size, j.to, post->size));
        }
    } else if (connectivity == "fixed_probability") {
        j.connectivity = Connectivity::fixed_probability;
    } else {
        r.fail("connectivity", "allowed: \"all_to_all\", \"one_to_one\", \"fixed_probability\"");
    }
    if (j.connectivity == Connectivity::fixed_probability) {
        j.probability = r.number("probability");
        if (!(j.probability > 0.0 && j.probability <= 1.0)) r.fail("probability", "must be in (0, 1]");
    } else if (r.has("probability")) {
        r.fail("probability", "only allowed with connectivity = \"fixed_probability\"");
    }
    j.autapses = r.boolean("autapses", false);
    const std::int64_t seed = r.integer("seed", 0);
    if (seed < 0) r.fail("seed", "must be an integer >= 0");
    j.seed = static_cast<std::uint64_t>(seed);
    j.weight = r.number("weight", 0.0);
    j.weight_std = r.number("weight_std", 0.0);
    if (j.weight_std < 0.0) r.fail("weight_std", "must be >= 0 (pA)");

    r.duration_steps("delay", spec.dt, spec.dt, kMaxDelayMs,
                     "synaptic and axonal delays are 0.1-40 ms; every post neuron keeps one input slot per step of "
                     "its longest incoming delay");
    j.delay = r.number("delay", spec.dt);

    const std::string storage = r.text("storage", "auto");
    const bool full_matrix = j.connectivity == Connectivity::all_to_all && (j.from != j.to || j.autapses);
    if (storage == "auto") {
        j.storage = WeightStorage::automatic;
    } else if (storage == "dense") {
        if (!full_matrix) {
            r.fail("storage", "dense needs connectivity = \"all_to_all\" (and autapses = true when from == to)");
        }
        j.storage = WeightStorage::dense;
    } else if (storage == "sparse") {
        j.storage = WeightStorage::sparse;
    } else {
        r.fail("storage", "allowed: \"auto\", \"dense\", \"sparse\"");
    }
    if (const toml::table* plasticity = r.table("plasticity")) {
        j.plasticity = parse_plasticity(TomlReader(*plasticity, r.key_path("plasticity")), spec.dt);
    }
    return j;
}

GeneBlockSpec parse_gene_block(const TomlReader& r, const NetworkSpec& spec) {
    r.allow_only({"projection", "population", "parameter", "lower", "upper", "scale", "offset", "shared"});
    GeneBlockSpec g;
    if (r.has("projection")) {
        if (r.has("population")) {
            r.fail("projection", "a gene block sets a projection's weights or plasticity parameter (projection = ...) "
                                 "or a neuron parameter (population = ..., parameter = ...), not both");
        }
        g.projection = r.text("projection");
        const ProjectionSpec* j = spec.find_projection(g.projection);
        if (j == nullptr) r.fail("projection", "must name a projection of network.projections (default name \"from->to\")");
        g.parameter = r.text("parameter", "weight");
        if (g.parameter == "weight") {
            g.target = GeneBlockSpec::Target::weights;
        } else {
            g.target = GeneBlockSpec::Target::plasticity_parameter;
            if (j->plasticity.rule == PlasticityRule::none) {
                r.fail("parameter", fmt::format("projection '{}' has no plasticity rule; only \"weight\" (the default) "
                                                "is allowed", g.projection));
            }
            if (find_plasticity_parameter(j->plasticity.rule, g.parameter) == nullptr) {
                std::string allowed = "\"weight\"";
                for (const PlasticParameterInfo& known : plasticity_parameters(j->plasticity.rule)) {
                    allowed += ", " + std::string(known.name);
                }
                r.fail("parameter", fmt::format("must be \"weight\" or a parameter of rule {}: {}",
                                                rule_name(j->plasticity.rule), allowed));
            }
        }
    } else if (r.has("population")) {
        g.target = GeneBlockSpec::Target::neuron_parameter;
        g.population = r.text("population");
        const PopulationSpec* p = spec.find_population(g.population);
        if (p == nullptr) r.fail("population", "must name a population of network.populations");
        if (p->model == NeuronModel::spike_source) r.fail("population", "must be a lif or alif population");
        g.parameter = r.text("parameter");
        if (find_parameter(p->model, g.parameter) == nullptr) {
            std::string allowed;
            for (const ParameterInfo& known : model_parameters(p->model)) {
                allowed += (allowed.empty() ? "" : ", ") + std::string(known.name);
            }
            r.fail("parameter", fmt::format("must be a parameter of model {}: {}", model_name(p->model), allowed));
        }
    } else {
        throw std::invalid_argument(fmt::format("{}: needs projection = \"...\" (weights, or with parameter = \"...\" a "
                                                "plasticity parameter) or population = \"...\" with parameter = \"...\"",
                                                r.path()));
    }
    g.shared = r.boolean("shared", false);
    g.lower = r.number("lower");
    g.upper = r.number("upper");
    for (const char* key : {"lower", "upper"}) {
        const double bound = r.number(key);
        if (!(std::fabs(bound) <= kMaxGeneBound)) {
            r.fail(key, fmt::format("must be in [-{0:g}, {0:g}]: larger gene bounds overflow when an optimizer samples, "
                                    "mutates or takes variances of the genes (every evaluation would fail)",
                                    kMaxGeneBound));
        }
    }
    if (!(g.lower < g.upper)) r.fail("upper", fmt::format("must be greater than lower = {}", g.lower));
    g.scale = r.number("scale", 1.0);
    if (g.scale == 0.0) r.fail("scale", "must be a finite non-zero number");
    g.offset = r.number("offset", 0.0);
    return g;
}

}  // namespace

NetworkSpec parse_network_spec(const toml::table& network_section) {
    const TomlReader r(network_section, "network");
    r.allow_only({"dt", "populations", "projections", "genome"});
    NetworkSpec spec;
    spec.dt = r.number("dt", 1.0);
    if (!(spec.dt >= min_dt && spec.dt <= max_dt)) r.fail("dt", "must be in [0.1, 1] ms");

    std::set<std::string> names;
    if (!r.has("populations")) r.fail_missing("populations", "at least one [[network.populations]] is required");
    for_each_table(r, "populations", [&](const TomlReader& pr) {
        spec.populations.push_back(parse_population(pr, names));
        names.insert(spec.populations.back().name);
    });
    if (spec.populations.empty()) r.fail("populations", "at least one population is required");

    names.clear();
    for_each_table(r, "projections", [&](const TomlReader& pr) {
        spec.projections.push_back(parse_projection(pr, spec, names));
        names.insert(spec.projections.back().name);
    });
    for_each_table(r, "genome", [&](const TomlReader& gr) { spec.genome.push_back(parse_gene_block(gr, spec)); });
    return spec;
}

const PopulationSpec* NetworkSpec::find_population(std::string_view name) const {
    for (const PopulationSpec& p : populations) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

const ProjectionSpec* NetworkSpec::find_projection(std::string_view name) const {
    for (const ProjectionSpec& j : projections) {
        if (j.name == name) return &j;
    }
    return nullptr;
}

}  // namespace l2l::sim
