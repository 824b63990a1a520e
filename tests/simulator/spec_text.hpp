// Descriptions from TOML text for the configuration tests: parse them, edit
// them, and read the message of the error they are meant to raise.
#pragma once

#include <stdexcept>
#include <string>

#include <toml++/toml.h>

#include "simulator/network_config.hpp"

namespace l2l::sim::test {

// The [network] table of a TOML text, parsed.
inline NetworkSpec network_spec_of(const std::string& text) {
    const toml::table doc = toml::parse(text);
    return parse_network_spec(*doc["network"].as_table());
}

// `text` with the first `from` replaced by `to` (`from` must occur).
inline std::string replaced_once(std::string text, const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
    return text;
}

// The message of the std::invalid_argument that `parse` throws, or "(no error)".
template <class Parse>
std::string invalid_argument_message(Parse&& parse) {
    try {
        parse();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace l2l::sim::test
