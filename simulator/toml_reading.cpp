#include "simulator/toml_reading.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace l2l::sim {

std::string toml_value_text(const toml::node& node) {
    std::ostringstream out;
    if (const auto* s = node.as_string()) {
        out << '"' << s->get() << '"';
    } else if (const auto* t = node.as_table()) {
        out << "{...}" << (t->empty() ? " (empty)" : "");
    } else if (const auto* a = node.as_array()) {
        out << *a;
    } else if (const auto* f = node.as_floating_point()) {
        // Shortest form that reads back (0.2, not 0.20000000000000001), still marked as a float.
        std::string text = fmt::format("{}", f->get());
        if (text.find_first_of(".eni") == std::string::npos) text += ".0";
        out << text;
    } else {
        node.visit([&out](const auto& value) { out << value; });
    }
    return out.str();
}

void TomlReader::allow_only(std::initializer_list<std::string_view> allowed) const {
    allow_only(std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

void TomlReader::allow_only(std::span<const std::string_view> allowed) const {
    for (const auto& [key, value] : table_) {
        bool known = false;
        for (std::string_view name : allowed) known = known || name == key.str();
        if (!known) {
            std::string list;
            for (std::string_view name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
            throw std::invalid_argument(fmt::format("{}: unknown key; allowed keys: {}", key_path(key.str()), list));
        }
    }
}

void TomlReader::fail(std::string_view key, std::string_view allowed) const {
    const toml::node* n = node(key);
    throw std::invalid_argument(
        fmt::format("{} = {}: {}", key_path(key), n != nullptr ? toml_value_text(*n) : "(missing)", allowed));
}

void TomlReader::fail_missing(std::string_view key, std::string_view allowed) const {
    throw std::invalid_argument(fmt::format("{} is missing: {}", key_path(key), allowed));
}

std::string TomlReader::text(std::string_view key) const {
    if (!has(key)) fail_missing(key, "a string is required");
    return text(key, "");
}

std::string TomlReader::text(std::string_view key, std::string_view fallback) const {
    const toml::node* n = node(key);
    if (n == nullptr) return std::string(fallback);
    if (const auto* s = n->as_string()) return s->get();
    fail(key, "must be a string");
}

double TomlReader::number(std::string_view key) const {
    if (!has(key)) fail_missing(key, "a number is required");
    return number(key, 0.0);
}

double TomlReader::number(std::string_view key, double fallback) const {
    const toml::node* n = node(key);
    if (n == nullptr) return fallback;
    std::optional<double> value;
    if (const auto* f = n->as_floating_point()) value = f->get();
    if (const auto* i = n->as_integer()) value = static_cast<double>(i->get());
    if (!value || !std::isfinite(*value)) fail(key, "must be a finite number");
    return *value;
}

std::int64_t TomlReader::integer(std::string_view key) const {
    if (!has(key)) fail_missing(key, "an integer is required");
    return integer(key, 0);
}

std::int64_t TomlReader::integer(std::string_view key, std::int64_t fallback) const {
    const toml::node* n = node(key);
    if (n == nullptr) return fallback;
    if (const auto* i = n->as_integer()) return i->get();
    fail(key, "must be an integer");
}

bool TomlReader::boolean(std::string_view key, bool fallback) const {
    const toml::node* n = node(key);
    if (n == nullptr) return fallback;
    if (const auto* b = n->as_boolean()) return b->get();
    fail(key, "must be true or false");
}

std::size_t TomlReader::duration_steps(std::string_view key, double dt, double fallback_ms, double max_ms,
                                       std::string_view limit, std::string_view multiple) const {
    const double ms = number(key, fallback_ms);
    // Range first: a huge value would pass the multiple-of-dt test within its rounding
    // and overflow the step count (1e19 ms -> 0 steps, a division by zero later).
    if (!(ms > 0.0) || ms > max_ms * (1.0 + 1e-12)) {
        fail(key, fmt::format("must be a positive multiple of dt = {} ms and at most {} ms ({} steps): {}", dt,
                              max_ms, std::llround(max_ms / dt), limit));
    }
    const double steps = ms / dt;
    if (std::round(steps) < 1.0 || std::fabs(steps - std::round(steps)) > 1e-9 * std::max(1.0, steps)) {
        fail(key, multiple.empty() ? fmt::format("must be a positive multiple of dt = {} ms", dt)
                                   : fmt::format("must be a positive multiple of dt = {} ms ({})", dt, multiple));
    }
    return static_cast<std::size_t>(std::round(steps));
}

std::vector<double> TomlReader::numbers(std::string_view key) const {
    const toml::node* n = node(key);
    if (n == nullptr) fail_missing(key, "a number or an array of numbers is required");
    if (const auto* a = n->as_array()) {
        std::vector<double> values;
        for (const toml::node& element : *a) {
            std::optional<double> value;
            if (const auto* f = element.as_floating_point()) value = f->get();
            if (const auto* i = element.as_integer()) value = static_cast<double>(i->get());
            if (!value || !std::isfinite(*value)) fail(key, "must be a finite number or an array of finite numbers");
            values.push_back(*value);
        }
        if (values.empty()) fail(key, "must be a finite number or a non-empty array of finite numbers");
        return values;
    }
    return {number(key, 0.0)};
}

const toml::table* TomlReader::table(std::string_view key) const {
    const toml::node* n = node(key);
    if (n == nullptr) return nullptr;
    if (const auto* t = n->as_table()) return t;
    fail(key, "must be a table");
}

const toml::array* TomlReader::array(std::string_view key) const {
    const toml::node* n = node(key);
    if (n == nullptr) return nullptr;
    if (const auto* a = n->as_array()) return a;
    fail(key, "must be an array");
}

}  // namespace l2l::sim
