#include "simulator/network.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace l2l::sim {

namespace {
std::size_t delay_in_steps(const ProjectionSpec& spec, double dt) {
    if (spec.delay == 0.0) return 1;
    const double steps = spec.delay / dt;
    const double rounded = std::round(steps);
    if (rounded < 1.0 || std::fabs(steps - rounded) > 1e-9 * std::max(1.0, steps)) {
        throw std::invalid_argument(fmt::format("projection '{}': delay = {} ms is not a positive multiple of dt = {} ms",
                                                spec.name, spec.delay, dt));
    }
    return static_cast<std::size_t>(rounded);
}
}  // namespace

Network::Network(const NetworkSpec& spec) : dt_(spec.dt) {
    populations_.reserve(spec.populations.size());
    for (const PopulationSpec& ps : spec.populations) {
        Population p;
        p.name = ps.name;
        p.model = ps.model;
        p.size = ps.size;
        switch (ps.model) {
            case NeuronModel::lif: p.neurons.emplace<LifNeurons>(ps.size, dt_); break;
            case NeuronModel::alif: p.neurons.emplace<AlifNeurons>(ps.size, dt_); break;
            case NeuronModel::spike_source: break;
        }
        p.external_current.assign(ps.size, 0.0);
        p.pending.assign(ps.size, 0);
        p.spikes.reserve(ps.size);
        populations_.push_back(std::move(p));
        const std::size_t index = populations_.size() - 1;
        for (const auto& [name, values] : ps.parameters) {
            if (values.size() != 1 && values.size() != ps.size) {
                throw std::invalid_argument(fmt::format("population '{}': parameter {} has {} values; need 1 or {}",
                                                        ps.name, name, values.size(), ps.size));
            }
            for (std::size_t i = 0; i < ps.size; ++i) {
                set_neuron_parameter(index, name, i, values.size() == 1 ? values[0] : values[i]);
            }
        }
    }
    std::vector<std::size_t> max_delay(populations_.size(), 1);
    projections_.reserve(spec.projections.size());
    for (const ProjectionSpec& js : spec.projections) {
        const std::size_t pre = population_index(js.from);
        const std::size_t post = population_index(js.to);
        const std::size_t delay = delay_in_steps(js, dt_);
        max_delay[post] = std::max(max_delay[post], delay);
        projections_.emplace_back(js, pre, post, populations_[pre].size, populations_[post].size, delay);
    }
    for (std::size_t p = 0; p < populations_.size(); ++p) {
        populations_[p].input = DelayRing(populations_[p].size, max_delay[p]);
    }
    if (std::string problem = inconsistency(); !problem.empty()) throw std::invalid_argument(problem);
    reset();
}

std::size_t Network::population_index(std::string_view name) const {
    for (std::size_t p = 0; p < populations_.size(); ++p) {
        if (populations_[p].name == name) return p;
    }
    throw std::invalid_argument(fmt::format("no population named '{}'", name));
}

std::size_t Network::projection_index(std::string_view name) const {
    for (std::size_t j = 0; j < projections_.size(); ++j) {
        if (projections_[j].name() == name) return j;
    }
    throw std::invalid_argument(fmt::format("no projection named '{}'", name));
}

double Network::neuron_parameter(std::size_t population, std::string_view name, std::size_t neuron) const {
    if (const LifNeurons* n = lif(population)) return n->parameter(name, neuron);
    if (const AlifNeurons* n = alif(population)) return n->parameter(name, neuron);
    throw std::invalid_argument(fmt::format("population '{}' is a spike source and has no parameter '{}'",
                                            populations_[population].name, name));
}

void Network::set_neuron_parameter(std::size_t population, std::string_view name, std::size_t neuron, double value) {
    if (LifNeurons* n = lif(population)) return n->set_parameter(name, neuron, value);
    if (AlifNeurons* n = alif(population)) return n->set_parameter(name, neuron, value);
    throw std::invalid_argument(fmt::format("population '{}' is a spike source and has no parameter '{}'",
                                            populations_[population].name, name));
}

std::string Network::inconsistency() const {
    for (std::size_t p = 0; p < populations_.size(); ++p) {
        std::string problem;
        if (const LifNeurons* n = lif(p)) problem = n->inconsistency();
        if (const AlifNeurons* n = alif(p)) problem = n->inconsistency();
        if (!problem.empty()) return fmt::format("population '{}': {}", populations_[p].name, problem);
    }
    return {};
}

std::span<const double> Network::pending_input(std::size_t population) {
    return populations_[population].input.slot(step_count_);
}

void Network::step() {
    for (Population& p : populations_) {
        const std::span<double> input = p.input.slot(step_count_);
        p.spikes.clear();
        if (LifNeurons* lif_neurons = std::get_if<LifNeurons>(&p.neurons)) {
            lif_neurons->step(input, p.external_current, p.spikes);
        } else if (AlifNeurons* alif_neurons = std::get_if<AlifNeurons>(&p.neurons)) {
            alif_neurons->step(input, p.external_current, p.spikes);
        } else {
            for (std::size_t i = 0; i < p.size; ++i) {
                if (p.pending[i] != 0) {
                    p.spikes.push_back(static_cast<std::uint32_t>(i));
                    p.pending[i] = 0;
                }
            }
        }
        std::fill(input.begin(), input.end(), 0.0);
        if (p.model != NeuronModel::spike_source) neuron_updates_ += p.size;
    }
    for (const Projection& projection : projections_) {
        Population& post = populations_[projection.post_population()];
        synaptic_events_ += projection.deliver(populations_[projection.pre_population()].spikes,
                                               post.input.slot(step_count_ + projection.delay_steps()));
    }
    // Plasticity phase (not implemented yet): per projection, on_spikes(pre spikes, post spikes, weights()).
    ++step_count_;
}

void Network::reset() {
    for (Population& p : populations_) {
        if (LifNeurons* n = std::get_if<LifNeurons>(&p.neurons)) n->reset();
        if (AlifNeurons* n = std::get_if<AlifNeurons>(&p.neurons)) n->reset();
        std::fill(p.external_current.begin(), p.external_current.end(), 0.0);
        std::fill(p.pending.begin(), p.pending.end(), std::uint8_t{0});
        p.spikes.clear();
        p.input.clear();
    }
    step_count_ = 0;
}

}  // namespace l2l::sim
