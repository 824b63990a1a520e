// Typed configuration parameters of an environment, described as data so the
// application layer can turn them into `--section.key` command-line options and
// TOML keys without the environments knowing either.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace l2l::env {

enum class ParameterKind { real, integer, boolean, choice };

// real -> double, integer -> std::int64_t, boolean -> bool, choice -> std::string.
using ParameterValue = std::variant<double, std::int64_t, bool, std::string>;

// Values by key; an absent key takes the parameter's default.
using ParameterValues = std::map<std::string, ParameterValue, std::less<>>;

struct ParameterSpec {
    std::string key;
    ParameterKind kind = ParameterKind::real;
    ParameterValue default_value;
    double min = -std::numeric_limits<double>::infinity();  // real and integer, inclusive
    double max = std::numeric_limits<double>::infinity();
    std::vector<std::string> choices;  // choice only
    std::string help;

    // What is allowed, for messages and listings: "a real number in [0, 1]".
    std::string allowed() const;
};

std::string_view to_string(ParameterKind kind);
// "9.8", "500", "true", "return".
std::string format_parameter_value(const ParameterValue& value);

// Parses text (from a command line or a config file) as `spec` asks and checks
// the range or choices. Throws std::invalid_argument naming `section.key`.
ParameterValue parse_parameter_value(std::string_view section, const ParameterSpec& spec, std::string_view text);

// A checked, complete set of values: every key known, every value of the
// right kind and in range, defaults filled in for absent keys.
class ValidatedParameters {
public:
    // Throws std::invalid_argument naming `section.key`, the value and what is
    // allowed; an unknown key lists the keys that exist.
    ValidatedParameters(std::string section, const std::vector<ParameterSpec>& specs, const ParameterValues& values);

    double real(std::string_view key) const;
    std::int64_t integer(std::string_view key) const;
    std::uint64_t count(std::string_view key) const;  // a nonnegative integer
    bool boolean(std::string_view key) const;
    const std::string& choice(std::string_view key) const;
    // True when the caller gave the key (false when it holds the default).
    bool is_set(std::string_view key) const;

    // For checks that span several keys: throws std::invalid_argument
    // "section.key = value: message".
    [[noreturn]] void fail(std::string_view key, std::string_view message) const;

    const std::string& section() const { return section_; }

private:
    const ParameterValue& value(std::string_view key) const;

    std::string section_;
    ParameterValues values_;
    std::vector<std::string> given_;
};

}  // namespace l2l::env
