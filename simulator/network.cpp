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
        p.pending_spikes.reserve(ps.size);
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
        if (populations_[post].model == NeuronModel::spike_source) {
            throw std::invalid_argument(fmt::format("projection '{}': to = '{}' is a spike source, which takes no input",
                                                    js.name, js.to));
        }
        const std::size_t delay = delay_in_steps(js, dt_);
        max_delay[post] = std::max(max_delay[post], delay);
        populations_[post].receives_input = true;
        projections_.emplace_back(js, pre, post, populations_[pre].size, populations_[post].size, delay);
        const Projection& projection = projections_.back();
        if (js.plasticity.rule == PlasticityRule::stdp || js.plasticity.rule == PlasticityRule::reward_stdp) {
            plasticity_.emplace_back(std::in_place_type<Stdp>, js.plasticity, projection, dt_);
        } else if (is_rate_rule(js.plasticity.rule)) {
            plasticity_.emplace_back(std::in_place_type<RatePlasticity>, js.plasticity, projection, dt_);
        } else {
            plasticity_.emplace_back();
        }
    }
    for (std::size_t p = 0; p < populations_.size(); ++p) {
        populations_[p].input = DelayRing(populations_[p].size, max_delay[p]);
        if (populations_[p].model != NeuronModel::spike_source) neurons_per_step_ += populations_[p].size;
    }
    has_plasticity_ = std::any_of(plasticity_.begin(), plasticity_.end(),
                                  [](const Plasticity& rule) { return !std::holds_alternative<std::monostate>(rule); });
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
    for (std::size_t j = 0; j < projections_.size(); ++j) {
        if (const Stdp* rule = stdp(j)) {
            if (std::string problem = rule->inconsistency(); !problem.empty()) {
                return fmt::format("projection '{}': {}", projections_[j].name(), problem);
            }
        }
    }
    return {};
}

PlasticityRule Network::plasticity_rule(std::size_t projection) const {
    if (const Stdp* rule = stdp(projection)) {
        return rule->reward_modulated() ? PlasticityRule::reward_stdp : PlasticityRule::stdp;
    }
    if (const RatePlasticity* rule = rate_plasticity(projection)) return rule->rule();
    return PlasticityRule::none;
}

std::size_t Network::plasticity_parameter_size(std::size_t projection, std::string_view name) const {
    if (const Stdp* rule = stdp(projection)) {
        rule->parameter(name);  // throws for an unknown name
        return 1;
    }
    if (const RatePlasticity* rule = rate_plasticity(projection)) return rule->parameter_size(name);
    throw std::invalid_argument(
        fmt::format("projection '{}' has no plasticity rule, so no parameter '{}'", projections_[projection].name(), name));
}

double Network::plasticity_parameter(std::size_t projection, std::string_view name, std::size_t element) const {
    if (const Stdp* rule = stdp(projection)) return rule->parameter(name);
    if (const RatePlasticity* rule = rate_plasticity(projection)) return rule->parameter(name, element);
    throw std::invalid_argument(
        fmt::format("projection '{}' has no plasticity rule, so no parameter '{}'", projections_[projection].name(), name));
}

void Network::set_plasticity_parameter(std::size_t projection, std::string_view name, std::size_t element,
                                       double value) {
    if (Stdp* rule = stdp(projection)) return rule->set_parameter(name, value);
    if (RatePlasticity* rule = rate_plasticity(projection)) return rule->set_parameter(name, element, value);
    throw std::invalid_argument(
        fmt::format("projection '{}' has no plasticity rule, so no parameter '{}'", projections_[projection].name(), name));
}

double Network::transmitted_weight(std::size_t projection, std::size_t synapse) const {
    if (const Stdp* rule = stdp(projection)) return rule->weights()[synapse];
    if (const RatePlasticity* rule = rate_plasticity(projection)) {
        return rule->effective_weight(projections_[projection], synapse);
    }
    return projections_[projection].weights()[synapse];
}

std::span<const double> Network::pending_input(std::size_t population) {
    return populations_[population].input.current();
}

void Network::step() {
    for (Population& p : populations_) {
        p.spikes.clear();
        if (p.model == NeuronModel::spike_source) {
            // Ascending, as every population's spikes: encoders inject in order, but
            // two encoders on one population may not.
            if (!std::is_sorted(p.pending_spikes.begin(), p.pending_spikes.end())) {
                std::sort(p.pending_spikes.begin(), p.pending_spikes.end());
            }
            for (const std::uint32_t i : p.pending_spikes) p.pending[i] = 0;
            p.spikes.swap(p.pending_spikes);  // leaves pending_spikes empty, both keep their capacity
            continue;  // no projection ends at a spike source (checked when built): no input
        }
        const std::span<double> input = p.input.current();
        const std::span<const double> external =
            p.has_external_current ? std::span<const double>(p.external_current) : std::span<const double>();
        if (p.model == NeuronModel::lif) {
            std::get_if<LifNeurons>(&p.neurons)->step(input, external, p.spikes);
        } else {
            std::get_if<AlifNeurons>(&p.neurons)->step(input, external, p.spikes);
        }
        if (p.receives_input) std::fill(input.begin(), input.end(), 0.0);
    }
    neuron_updates_ += neurons_per_step_;
    for (std::size_t j = 0; j < projections_.size(); ++j) {
        const Projection& projection = projections_[j];
        const std::span<const std::uint32_t> pre_spikes = populations_[projection.pre_population()].spikes;
        if (pre_spikes.empty()) continue;
        const std::span<double> input = populations_[projection.post_population()].input.ahead(projection.delay_steps());
        if (const Stdp* rule = std::get_if<Stdp>(&plasticity_[j])) {
            synaptic_events_ += projection.deliver_weights(pre_spikes, input, rule->weights().data());
        } else if (const RatePlasticity* rate_rule = std::get_if<RatePlasticity>(&plasticity_[j])) {
            synaptic_events_ += rate_rule->deliver(projection, pre_spikes, input);
        } else {
            synaptic_events_ += projection.deliver(pre_spikes, input);
        }
    }
    if (has_plasticity_) {
        for (std::size_t j = 0; j < projections_.size(); ++j) {
            const Projection& projection = projections_[j];
            const std::span<const std::uint32_t> pre_spikes = populations_[projection.pre_population()].spikes;
            const std::span<const std::uint32_t> post_spikes = populations_[projection.post_population()].spikes;
            if (Stdp* rule = std::get_if<Stdp>(&plasticity_[j])) {
                if (has_reward_) rule->apply_reward(reward_);
                rule->step(projection, pre_spikes, post_spikes);
            } else if (RatePlasticity* rate_rule = std::get_if<RatePlasticity>(&plasticity_[j])) {
                rate_rule->step(projection, pre_spikes, post_spikes);
            }
        }
    }
    for (Population& p : populations_) p.input.advance();
    reward_ = 0.0;
    has_reward_ = false;
    ++step_count_;
}

void Network::reset() {
    reset_activity();
    reset_plasticity();
}

void Network::reset_activity() {
    for (Population& p : populations_) {
        if (LifNeurons* n = std::get_if<LifNeurons>(&p.neurons)) n->reset();
        if (AlifNeurons* n = std::get_if<AlifNeurons>(&p.neurons)) n->reset();
        std::fill(p.external_current.begin(), p.external_current.end(), 0.0);
        std::fill(p.pending.begin(), p.pending.end(), std::uint8_t{0});
        p.pending_spikes.clear();
        p.spikes.clear();
        p.input.clear();
    }
    for (Plasticity& plasticity : plasticity_) {
        if (Stdp* rule = std::get_if<Stdp>(&plasticity)) rule->reset_activity();
        if (RatePlasticity* rule = std::get_if<RatePlasticity>(&plasticity)) rule->reset_activity();
    }
    reward_ = 0.0;
    has_reward_ = false;
    step_count_ = 0;
}

void Network::reset_plasticity() {
    for (std::size_t j = 0; j < projections_.size(); ++j) {
        if (Stdp* rule = stdp(j)) rule->reset_plasticity(projections_[j]);
        if (RatePlasticity* rule = rate_plasticity(j)) rule->reset_plasticity();
    }
}

}  // namespace l2l::sim
