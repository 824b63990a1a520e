// Plain description of a network: what parse_network_spec() reads from the
// [network] table and what Network and GenomeMap are built from. Values here are
// already validated (names resolve, sizes and rates are in range).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/gene_bound.hpp"
#include "simulator/neuron_parameters.hpp"
#include "simulator/plasticity_parameters.hpp"

namespace l2l::sim {

// Upper limits of the durations a network file gives in ms (each also a whole
// number of dt steps). Beyond them a value is no longer physiology but a typo or
// an overflow (step_duration = 1e9 ms: 5e9 steps per action, a run that never
// starts; 1e19 ms: a step count that wraps to 0).
inline constexpr double kMaxDelayMs = 100.0;  // synaptic + axonal delays: ~0.1-40 ms in cortex, 100 ms is generous
inline constexpr double kMaxStepDurationMs = 1000.0;        // one action per second of network time at the slowest
inline constexpr double kMaxPlasticityIntervalMs = 1000.0;  // rate rules' update interval of E (Delta tau)
// Gene bounds: l2l::kMaxGeneBound (common/gene_bound.hpp).

struct PopulationSpec {
    std::string name;
    std::size_t size = 0;
    NeuronModel model = NeuronModel::lif;
    // Overrides of the model defaults: one value for all neurons, or one per neuron.
    std::map<std::string, std::vector<double>, std::less<>> parameters;
};

enum class Connectivity {
    all_to_all,         // every pre to every post neuron (autapses excluded if pre == post and !autapses)
    one_to_one,         // pre i -> post i; sizes must match
    fixed_probability,  // each pair independently with `probability`, drawn from `seed`
};

enum class WeightStorage {
    automatic,  // dense for all_to_all, sparse otherwise
    dense,      // n_pre x n_post matrix, row per pre neuron
    sparse,     // compressed rows: per pre neuron its targets and weights
};

// A projection's plasticity rule: its parameters' starting values (every entry of
// plasticity_parameters(rule), defaults filled in; a per-synapse, per-neuron or
// matrix parameter starts with its one value everywhere) and, for the rate rules,
// the update interval.
struct PlasticitySpec {
    PlasticityRule rule = PlasticityRule::none;
    double interval = 10.0;  // ms, rate rules: E is updated every interval (Delta tau), a multiple of dt
    std::map<std::string, double, std::less<>> values;
};

struct ProjectionSpec {
    std::string name;  // default "from->to"
    std::string from;
    std::string to;
    Connectivity connectivity = Connectivity::all_to_all;
    double probability = 1.0;  // fixed_probability only
    bool autapses = false;     // only matters when from == to
    std::uint64_t seed = 0;    // connectivity and weight draws
    double weight = 0.0;       // pA, initial weight of every synapse
    double weight_std = 0.0;   // pA; > 0 adds a normal draw per synapse
    double delay = 0.0;        // ms; 0 in a spec means "one step"; a positive multiple of dt
    WeightStorage storage = WeightStorage::automatic;
    PlasticitySpec plasticity;
};

// One block of genes: `parameter = scale * gene + offset` for every synapse of a
// projection (target weights), every neuron of a population (a neuron parameter)
// or every value of a projection's plasticity parameter (one, per synapse, per
// pre neuron or per post pair). `shared`: one gene sets all of them.
struct GeneBlockSpec {
    enum class Target { weights, neuron_parameter, plasticity_parameter };
    Target target = Target::weights;
    std::string projection;  // weights, plasticity_parameter
    std::string population;  // neuron_parameter
    std::string parameter;   // a name of model_parameters() or of plasticity_parameters()
    bool shared = false;
    double lower = -1.0;     // gene bounds (advisory for optimizers)
    double upper = 1.0;
    double scale = 1.0;
    double offset = 0.0;
};

struct NetworkSpec {
    double dt = 1.0;  // ms, in [0.1, 1]
    std::vector<PopulationSpec> populations;
    std::vector<ProjectionSpec> projections;
    std::vector<GeneBlockSpec> genome;

    const PopulationSpec* find_population(std::string_view name) const;
    const ProjectionSpec* find_projection(std::string_view name) const;
};

}  // namespace l2l::sim
