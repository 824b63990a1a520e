#include "environments/classic_control.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace l2l::env {

void check_state_size(std::string_view environment, std::size_t expected, std::size_t got) {
    if (got != expected) {
        throw std::invalid_argument(fmt::format("{} state has {} components, got {}", environment, expected, got));
    }
}

}  // namespace l2l::env
