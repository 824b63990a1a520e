// Parser of a projection's `plasticity = { rule = "...", ... }` table (format: docs/simulator.md).
#pragma once

#include "simulator/network_spec.hpp"
#include "simulator/toml_reading.hpp"

namespace l2l::sim {

// `reader` reads the plasticity table (path network.projections[i].plasticity).
// Every parameter of the rule gets its value or its default; errors name the key
// path, the value and what is allowed.
PlasticitySpec parse_plasticity(const TomlReader& reader, double dt);

}  // namespace l2l::sim
