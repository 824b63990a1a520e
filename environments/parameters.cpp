#include "environments/parameters.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "environments/number_format.hpp"

namespace l2l::env {

namespace {

std::string qualified(std::string_view section, std::string_view key) { return fmt::format("{}.{}", section, key); }

[[noreturn]] void reject(std::string_view section, const ParameterSpec& spec, std::string_view shown_value) {
    throw std::invalid_argument(fmt::format("{} = {}: expected {}", qualified(section, spec.key), shown_value,
                                            spec.allowed()));
}

std::string bound_text(double bound, ParameterKind kind) {
    if (kind == ParameterKind::integer) return fmt::format("{}", static_cast<std::int64_t>(bound));
    return format_parameter_value(bound);
}

// Converts a value of a compatible kind (integer given for a real, integral real
// given for an integer) and checks range and choices.
ParameterValue checked(std::string_view section, const ParameterSpec& spec, const ParameterValue& given) {
    const std::string shown = format_parameter_value(given);
    switch (spec.kind) {
        case ParameterKind::real: {
            double v = 0.0;
            if (const auto* d = std::get_if<double>(&given)) {
                v = *d;
            } else if (const auto* i = std::get_if<std::int64_t>(&given)) {
                v = static_cast<double>(*i);
            } else {
                reject(section, spec, shown);
            }
            if (!std::isfinite(v) || v < spec.min || v > spec.max) reject(section, spec, shown);
            return v;
        }
        case ParameterKind::integer: {
            std::int64_t v = 0;
            if (const auto* i = std::get_if<std::int64_t>(&given)) {
                v = *i;
            } else if (const auto* d = std::get_if<double>(&given);
                       d != nullptr && std::isfinite(*d) && std::trunc(*d) == *d && std::fabs(*d) < 9.0e18) {
                v = static_cast<std::int64_t>(*d);
            } else {
                reject(section, spec, shown);
            }
            if (static_cast<double>(v) < spec.min || static_cast<double>(v) > spec.max) reject(section, spec, shown);
            return v;
        }
        case ParameterKind::boolean:
            if (!std::holds_alternative<bool>(given)) reject(section, spec, shown);
            return given;
        case ParameterKind::choice: {
            const auto* s = std::get_if<std::string>(&given);
            if (s == nullptr || std::find(spec.choices.begin(), spec.choices.end(), *s) == spec.choices.end()) {
                reject(section, spec, shown);
            }
            return given;
        }
    }
    reject(section, spec, shown);
}

}  // namespace

std::string ParameterSpec::allowed() const {
    const bool bounded_below = std::isfinite(min);
    const bool bounded_above = std::isfinite(max);
    std::string range;
    if (bounded_below && bounded_above) {
        range = fmt::format(" in [{}, {}]", bound_text(min, kind), bound_text(max, kind));
    } else if (bounded_below) {
        range = fmt::format(" >= {}", bound_text(min, kind));
    } else if (bounded_above) {
        range = fmt::format(" <= {}", bound_text(max, kind));
    }
    switch (kind) {
        case ParameterKind::real:
            return "a real number" + range;
        case ParameterKind::integer:
            return "an integer" + range;
        case ParameterKind::boolean:
            return "true or false";
        case ParameterKind::choice:
            return fmt::format("one of {}", fmt::join(choices, ", "));
    }
    return {};
}

std::string_view to_string(ParameterKind kind) {
    switch (kind) {
        case ParameterKind::real:
            return "real";
        case ParameterKind::integer:
            return "integer";
        case ParameterKind::boolean:
            return "boolean";
        case ParameterKind::choice:
            return "choice";
    }
    return "?";
}

std::string format_parameter_value(const ParameterValue& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>) {
                return v ? "true" : "false";
            } else if constexpr (std::is_same_v<T, std::string>) {
                return v;
            } else if constexpr (std::is_same_v<T, double>) {
                return format_number(v);
            } else {
                return fmt::format("{}", v);
            }
        },
        value);
}

ParameterValue parse_parameter_value(std::string_view section, const ParameterSpec& spec, std::string_view text) {
    switch (spec.kind) {
        case ParameterKind::real: {
            // strtod accepts what people write (1e-3, .5); it needs a terminated string.
            const std::string buffer(text);
            char* end = nullptr;
            const double v = std::strtod(buffer.c_str(), &end);
            if (buffer.empty() || end != buffer.c_str() + buffer.size()) reject(section, spec, text);
            return checked(section, spec, v);
        }
        case ParameterKind::integer: {
            std::int64_t v = 0;
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (error != std::errc{} || end != text.data() + text.size()) reject(section, spec, text);
            return checked(section, spec, v);
        }
        case ParameterKind::boolean:
            if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
            if (text == "false" || text == "0" || text == "no" || text == "off") return false;
            reject(section, spec, text);
        case ParameterKind::choice:
            return checked(section, spec, std::string(text));
    }
    reject(section, spec, text);
}

ValidatedParameters::ValidatedParameters(std::string section, const std::vector<ParameterSpec>& specs,
                                         const ParameterValues& values)
    : section_(std::move(section)) {
    for (const auto& [key, given] : values) {
        const auto spec = std::find_if(specs.begin(), specs.end(), [&](const ParameterSpec& s) { return s.key == key; });
        if (spec == specs.end()) {
            std::vector<std::string_view> keys;
            for (const ParameterSpec& s : specs) keys.push_back(s.key);
            throw std::invalid_argument(fmt::format("unknown option {}; the options of [{}] are: {}",
                                                    qualified(section_, key), section_, fmt::join(keys, ", ")));
        }
        values_[key] = checked(section_, *spec, given);
        given_.push_back(key);
    }
    for (const ParameterSpec& spec : specs) values_.try_emplace(spec.key, spec.default_value);
}

const ParameterValue& ValidatedParameters::value(std::string_view key) const {
    const auto it = values_.find(key);
    if (it == values_.end()) {
        throw std::logic_error(fmt::format("{}: no such parameter declared", qualified(section_, key)));
    }
    return it->second;
}

double ValidatedParameters::real(std::string_view key) const { return std::get<double>(value(key)); }
std::int64_t ValidatedParameters::integer(std::string_view key) const { return std::get<std::int64_t>(value(key)); }
std::uint64_t ValidatedParameters::count(std::string_view key) const {
    const std::int64_t v = integer(key);
    if (v < 0) fail(key, "must not be negative");
    return static_cast<std::uint64_t>(v);
}
bool ValidatedParameters::boolean(std::string_view key) const { return std::get<bool>(value(key)); }
const std::string& ValidatedParameters::choice(std::string_view key) const { return std::get<std::string>(value(key)); }

bool ValidatedParameters::is_set(std::string_view key) const {
    return std::find(given_.begin(), given_.end(), key) != given_.end();
}

void ValidatedParameters::fail(std::string_view key, std::string_view message) const {
    throw std::invalid_argument(
        fmt::format("{} = {}: {}", qualified(section_, key), format_parameter_value(value(key)), message));
}

}  // namespace l2l::env
