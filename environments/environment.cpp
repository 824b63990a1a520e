#include <fmt/format.h>

#include <stdexcept>

#include "environments/environment.hpp"

namespace l2l::env {

void Environment::set_state(std::span<const double> /*state*/) {
    throw std::logic_error(fmt::format("environment {} does not support set_state", name()));
}

}  // namespace l2l::env
