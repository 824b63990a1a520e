// Validation helpers for optimizer options: every message names the config key
// as it appears in the experiment file, the offending value and what is allowed.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "optimizer/algorithms/genome.hpp"

namespace l2l {

// Throws std::invalid_argument("<key> = <value> is invalid: must be <allowed>").
template <class Value>
void require_option(bool ok, std::string_view key, const Value& value, std::string_view allowed) {
    if (!ok) {
        throw std::invalid_argument(
            fmt::format("{} = {} is invalid: must be {}", key, value, allowed));
    }
}

// Bounds must have matching, non-empty sizes and finite lower <= upper, each
// within +-kMaxGeneBound (common/gene_bound.hpp) so that genes stay finite.
void validate_bounds(const Bounds& bounds, std::string_view optimizer_name);

}  // namespace l2l
