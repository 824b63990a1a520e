// Small network specs for tests.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "simulator/network_spec.hpp"

namespace l2l::sim::test {

inline PopulationSpec population(std::string name, std::size_t size, NeuronModel model,
                                 std::vector<std::pair<std::string, double>> params = {}) {
    PopulationSpec p;
    p.name = std::move(name);
    p.size = size;
    p.model = model;
    for (auto& [key, value] : params) p.parameters[key] = {value};
    return p;
}

inline ProjectionSpec projection(std::string from, std::string to, double weight, double delay) {
    ProjectionSpec j;
    j.from = std::move(from);
    j.to = std::move(to);
    j.name = j.from + "->" + j.to;
    j.weight = weight;
    j.delay = delay;
    return j;
}

}  // namespace l2l::sim::test
