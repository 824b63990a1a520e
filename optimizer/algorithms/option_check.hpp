// Validation helpers for optimizer options: every message names the config key
// as it appears in the experiment file, the offending value and what is allowed.
#pragma once

#include <array>
#include <cstddef>
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

// One spelling of an enum-valued option: its config text and its value.
template <class Enum>
struct Choice {
    std::string_view name;
    Enum value;
};

// The value `text` names among `choices`; otherwise the require_option error
// for `key`, listing them ("\"clip\" or \"penalty\"").
template <class Enum, std::size_t N>
Enum parse_choice(std::string_view key, std::string_view text, const std::array<Choice<Enum>, N>& choices) {
    std::string allowed;
    for (std::size_t i = 0; i < N; ++i) {
        if (choices[i].name == text) return choices[i].value;
        allowed += fmt::format("{}\"{}\"", i == 0 ? "" : (i + 1 == N ? " or " : ", "), choices[i].name);
    }
    require_option(false, key, text, allowed);
    return choices.front().value;
}

// The config text of `value` (the first choice's for a value not listed).
template <class Enum, std::size_t N>
std::string choice_name(Enum value, const std::array<Choice<Enum>, N>& choices) {
    for (const auto& choice : choices) {
        if (choice.value == value) return std::string(choice.name);
    }
    return std::string(choices.front().name);
}

// Bounds must have matching, non-empty sizes and finite lower <= upper, each
// within +-kMaxGeneBound (common/gene_bound.hpp) so that genes stay finite.
void validate_bounds(const Bounds& bounds, std::string_view optimizer_name);

}  // namespace l2l
