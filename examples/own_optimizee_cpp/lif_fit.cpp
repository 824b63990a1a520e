#include "lif_fit.hpp"

#include <cmath>

#include "simulator/network.hpp"
#include "simulator/network_spec.hpp"

namespace {

constexpr double kDurationMs = 1000.0;
constexpr double kDt = 0.1;

// Spikes of one LIF neuron in kDurationMs under a constant current.
double spike_count(double tau_m, double c_m, double current, const l2l::EvalContext* context) {
    l2l::sim::NetworkSpec spec;
    spec.dt = kDt;
    l2l::sim::PopulationSpec neuron;
    neuron.name = "neuron";
    neuron.size = 1;
    neuron.model = l2l::sim::NeuronModel::lif;
    neuron.parameters["tau_m"] = {tau_m};
    neuron.parameters["C_m"] = {c_m};
    neuron.parameters["I_e"] = {current};
    spec.populations.push_back(neuron);
    l2l::sim::Network network(spec);
    const auto steps = static_cast<long>(std::lround(kDurationMs / kDt));
    double count = 0.0;
    for (long k = 0; k < steps; ++k) {
        if (context != nullptr && k % 1000 == 0) context->check_deadline();  // eval_timeout, stop signals
        network.step();
        count += static_cast<double>(network.spikes(0).size());
    }
    return count;
}

}  // namespace

LifFit::LifFit() {
    for (const double current : kCurrents) reference_counts_.push_back(spike_count(18.0, 220.0, current, nullptr));
}

// Lower bounds (tau_m ms, C_m pF), then upper bounds.
l2l::Bounds LifFit::bounds() const { return {{5.0, 100.0}, {50.0, 500.0}}; }

l2l::EvalResult LifFit::evaluate(std::span<const double> genome, const l2l::EvalContext& context) const {
    l2l::EvalResult result;
    double squared = 0.0;
    for (std::size_t i = 0; i < kCurrents.size(); ++i) {
        const double difference = spike_count(genome[0], genome[1], kCurrents[i], &context) - reference_counts_[i];
        result.outputs.push_back(difference);
        squared += difference * difference;
    }
    result.fitness = 0.0 - squared;  // higher is better; 0 (not -0): the reference's spike counts
    return result;
}
