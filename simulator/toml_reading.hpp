// Reading one TOML table with errors that name the full key path, the value found
// and what is allowed, e.g.
//   network.projections[2].delay = 0.05: must be a positive multiple of dt = 0.1 ms
// Used by the network and agent description parsers.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace l2l::sim {

// The value as written in TOML (strings quoted), for messages.
std::string toml_value_text(const toml::node& node);

class TomlReader {
public:
    TomlReader(const toml::table& table, std::string path) : table_(table), path_(std::move(path)) {}

    const std::string& path() const { return path_; }
    std::string key_path(std::string_view key) const { return path_ + "." + std::string(key); }
    bool has(std::string_view key) const { return table_.contains(key); }
    const toml::node* node(std::string_view key) const { return table_.get(key); }

    // Throws for any key not in `allowed`.
    void allow_only(std::initializer_list<std::string_view> allowed) const;
    void allow_only(std::span<const std::string_view> allowed) const;

    std::string text(std::string_view key) const;  // required string
    std::string text(std::string_view key, std::string_view fallback) const;
    double number(std::string_view key) const;  // required; integers accepted
    double number(std::string_view key, double fallback) const;
    std::int64_t integer(std::string_view key, std::int64_t fallback) const;
    std::int64_t integer(std::string_view key) const;
    bool boolean(std::string_view key, bool fallback) const;
    // A duration in ms (default `fallback_ms`) that must be a whole number of
    // steps of `dt`, at least one and at most `max_ms`; returns the steps.
    // `limit` says why max_ms in the message; `multiple`, when not empty, is
    // added in parentheses to the message for a value that is not a multiple of dt.
    std::size_t duration_steps(std::string_view key, double dt, double fallback_ms, double max_ms,
                               std::string_view limit, std::string_view multiple = "at least one step") const;
    // A number or an array of numbers (for per-neuron or per-component values).
    std::vector<double> numbers(std::string_view key) const;
    const toml::table* table(std::string_view key) const;  // nullptr when absent
    const toml::array* array(std::string_view key) const;  // nullptr when absent

    // Throws std::invalid_argument "<path>.<key> = <value>: <allowed>".
    [[noreturn]] void fail(std::string_view key, std::string_view allowed) const;
    [[noreturn]] void fail_missing(std::string_view key, std::string_view allowed) const;

private:
    const toml::table& table_;
    std::string path_;
};

}  // namespace l2l::sim
