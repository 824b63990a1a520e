// Parser of the [network] table of a network description (format: docs/simulator.md).
#pragma once

#include <toml++/toml.h>

#include "simulator/network_spec.hpp"

namespace l2l::sim {

// Throws std::invalid_argument naming the key path (e.g. network.projections[2].delay),
// the value found and what is allowed. Checks everything Network and GenomeMap need,
// so building from the result only fails for resource reasons.
NetworkSpec parse_network_spec(const toml::table& network_section);

}  // namespace l2l::sim
