#include "optimizer/run/toml_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>
#include <toml++/toml.h>

#include "common/toml_integers.hpp"

namespace l2l {
namespace {

bool is_numeric_type(const std::string& type_name) {
    return type_name.rfind("INT", 0) == 0 || type_name.rfind("UINT", 0) == 0 || type_name.rfind("FLOAT", 0) == 0 ||
           type_name.rfind("NUMBER", 0) == 0;
}

bool is_text_type(const std::string& type_name) { return type_name.rfind("TEXT", 0) == 0; }

bool is_integer_type(const std::string& type_name) {
    return type_name.rfind("INT", 0) == 0 || type_name.rfind("UINT", 0) == 0;
}

// Numbers, booleans, inf and nan are written bare; anything else (choices such
// as "centred_ranks") as a quoted string.
bool looks_like_toml_scalar(const std::string& value) {
    if (value == "true" || value == "false" || value == "inf" || value == "-inf" || value == "nan") return true;
    char* end = nullptr;
    std::strtod(value.c_str(), &end);
    return !value.empty() && end == value.c_str() + value.size();
}

// A TOML string literal; toml++ escapes quotes and control characters.
std::string toml_string(const std::string& text) {
    std::ostringstream out;
    out << toml::value<std::string>(text);
    return out.str();
}

std::string describe_node(const toml::node& node) {
    std::ostringstream out;
    if (node.is_string()) {
        out << '"' << node.as_string()->get() << '"';
    } else {
        out << toml::toml_formatter(node);
    }
    return out.str();
}

// A scalar as the text CLI11 converts (strings unquoted, numbers as written).
std::string scalar_text(const toml::node& node) {
    if (const auto* s = node.as_string()) return s->get();
    if (const auto* i = node.as_integer()) return std::to_string(i->get());
    if (const auto* f = node.as_floating_point()) return fmt::format("{}", f->get());
    if (const auto* b = node.as_boolean()) return b->get() ? "true" : "false";
    std::ostringstream out;
    out << toml::toml_formatter(node);
    return out.str();
}

// An array or table whose elements are all values (no nesting).
bool is_flat_container(const toml::node& node) {
    bool flat = node.is_array() || node.is_table();
    if (const auto* array = node.as_array()) {
        for (const auto& element : *array) flat = flat && element.is_value();
    } else if (const auto* table = node.as_table()) {
        for (const auto& [key, element] : *table) flat = flat && element.is_value();
    }
    return flat;
}

// A value, or a flat array or table on one line: [1, 2], { lower = 1, log = true }.
std::string inline_text(const toml::node& node) {
    auto value_text = [](const toml::node& element) {
        return element.is_string() ? toml_string(element.as_string()->get()) : scalar_text(element);
    };
    if (const auto* array = node.as_array()) {
        std::string text;
        for (const auto& element : *array) text += (text.empty() ? "" : ", ") + value_text(element);
        return "[" + text + "]";
    }
    if (const auto* table = node.as_table()) {
        std::string text;
        for (const auto& [key, element] : *table) {
            text += (text.empty() ? "" : ", ") + std::string(key.str()) + " = " + value_text(element);
        }
        return "{ " + text + " }";
    }
    return scalar_text(node);
}

std::string section_of(const std::string& name) {
    const auto dot = name.find('.');
    return dot == std::string::npos ? std::string{} : name.substr(0, dot);
}

std::string key_of(const std::string& name) {
    const auto dot = name.find('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

std::string known_keys(const CLI::App& app, const std::string& section) {
    std::string list;
    for (const CLI::Option* option : app.get_options()) {
        const std::string& name = option->get_lnames().empty() ? std::string{} : option->get_lnames().front();
        if (name.empty() || !option->get_configurable() || name == "help") continue;
        if (section_of(name) != section) continue;
        if (!list.empty()) list += ", ";
        list += key_of(name);
    }
    return list;
}

// ": `population = 999...`": line `number` (from 1) of `text`, cut to 120 characters.
std::string quoted_line(const std::string& text, std::size_t number) {
    std::size_t begin = 0;
    for (std::size_t line = 1; line < number && begin != std::string::npos; ++line) {
        begin = text.find('\n', begin);
        if (begin != std::string::npos) ++begin;
    }
    if (begin == std::string::npos || begin >= text.size()) return {};
    std::string line = text.substr(begin, std::min(text.find('\n', begin), text.size()) - begin);
    if (line.size() > 120) line = line.substr(0, 120) + "...";
    for (char& c : line) {
        if (static_cast<unsigned char>(c) < 0x20) c = '?';  // no control characters on a terminal
    }
    return fmt::format(": `{}`", line);
}

// A raw section's text as a table under its own name, so that nested tables
// come out as [name.sub] and [[name.list]] and read back in place.
std::string raw_section_text(const std::string& name, const std::string& text) {
    if (text.empty()) return {};
    toml::table root;
    try {
        root.insert(name, toml::parse(text));
    } catch (const toml::parse_error& e) {
        throw CLI::ConfigError(fmt::format("--{}: not valid TOML: {}", name, e.description()));
    }
    std::ostringstream out;
    out << "\n" << toml::toml_formatter(root) << "\n";
    return out.str();
}

}  // namespace

// `[grid.points]` axes are applied in the order listed.
std::vector<std::pair<std::string, const toml::node*>> in_source_order(const toml::table& table) {
    std::vector<std::pair<std::string, const toml::node*>> entries;
    for (const auto& [key, node] : table) entries.emplace_back(std::string(key.str()), &node);
    auto position = [](const toml::node* node) {
        const toml::source_position& begin = node->source().begin;
        return std::pair{begin.line, begin.column};
    };
    std::stable_sort(entries.begin(), entries.end(),
                     [&](const auto& a, const auto& b) { return position(a.second) < position(b.second); });
    return entries;
}

TomlConfig::TomlConfig(const CLI::App* app, std::set<std::string> raw_sections)
    : app_(app), raw_sections_(std::move(raw_sections)) {}

std::vector<CLI::ConfigItem> TomlConfig::from_config(std::istream& input) const {
    toml::table root;
    // Read whole, so that a syntax error can quote its line (which names the key).
    std::ostringstream whole;
    whole << input.rdbuf();
    const std::string source = whole.str();
    try {
        // `seed = 18446744073709551615` is beyond TOML's integers: read as the string form.
        root = toml::parse(quote_huge_integers(source));
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        throw CLI::ConfigError(fmt::format("config file is not valid TOML (line {}, column {}): {}{}", where.line,
                                           where.column, e.description(), quoted_line(source, where.line)));
    }

    std::vector<CLI::ConfigItem> parsed;
    auto add_item = [&](const std::string& key, const toml::node& node) {
        const CLI::Option* option = app_->get_option_no_throw("--" + key);
        if (option == nullptr || !option->get_configurable()) {
            const auto dot = key.find('.');
            const std::string section = dot == std::string::npos ? std::string{} : key.substr(0, dot);
            const std::string keys = known_keys(*app_, section);
            throw CLI::ConfigError(fmt::format("unknown config key '{}'; {} are: {}", key,
                                               section.empty() ? "top-level keys" : "keys of [" + section + "]",
                                               keys.empty() ? "(none)" : keys));
        }
        CLI::ConfigItem item;
        item.name = key;
        const std::string type = option->get_type_name();
        // A table of free-form keys (gene names) for a list option: items "key=value"
        // (a value may be an array or inline table of values: command.genes).
        if (const auto* table = node.as_table(); table != nullptr && option->get_items_expected_max() > 1) {
            for (const auto& [sub_key, sub_node] : in_source_order(*table)) {
                if (!sub_node->is_value() && !is_flat_container(*sub_node)) {
                    throw CLI::ConfigError(fmt::format("config key '{}.{}' must be a value", key, sub_key));
                }
                item.inputs.push_back(sub_key + "=" + inline_text(*sub_node));
            }
            parsed.push_back(std::move(item));
            return;
        }
        auto check_type = [&](const toml::node& value) {
            // An integer beyond TOML's signed 64 bits (a seed >= 2^63) comes as a string of digits.
            const bool huge_integer =
                is_integer_type(type) && value.is_string() && beyond_toml_integer(value.as_string()->get());
            if (is_numeric_type(type) && !(value.is_integer() || value.is_floating_point() || huge_integer)) {
                throw CLI::ConfigError(fmt::format(
                    "config key '{}' = {}: expected a number ({}){}", key, describe_node(value), type,
                    is_integer_type(type) && value.is_string()
                        ? "; a quoted integer is allowed only above 9223372036854775807, TOML's largest integer"
                        : ""));
            }
            if (is_text_type(type) && !value.is_string()) {
                throw CLI::ConfigError(
                    fmt::format("config key '{}' = {}: expected a string", key, describe_node(value)));
            }
            if (option->get_expected_min() == 0 && !value.is_boolean()) {
                throw CLI::ConfigError(
                    fmt::format("config key '{}' = {}: expected true or false", key, describe_node(value)));
            }
            if (value.is_table()) {
                throw CLI::ConfigError(fmt::format("config key '{}' is a table; expected a value", key));
            }
        };
        if (const auto* array = node.as_array()) {
            if (option->get_items_expected_max() <= 1) {
                throw CLI::ConfigError(fmt::format("config key '{}' = {}: expected a single value ({}), not an array",
                                                   key, describe_node(node), type));
            }
            for (const auto& element : *array) {
                check_type(element);
                item.inputs.push_back(scalar_text(element));
            }
        } else {
            check_type(node);
            item.inputs.push_back(scalar_text(node));
        }
        parsed.push_back(std::move(item));
    };

    for (const auto& [key, node] : root) {
        const std::string name{key.str()};
        if (name == "sweep" && node.is_table()) continue;  // the lists `l2l sweep` expands; a run takes the base values
        if (raw_sections_.contains(name) && node.is_table()) {
            std::ostringstream text;
            text << toml::toml_formatter(*node.as_table());
            CLI::ConfigItem item;
            item.name = name;
            item.inputs.push_back(text.str());
            parsed.push_back(std::move(item));
        } else if (const auto* table = node.as_table()) {
            for (const auto& [sub_key, sub_node] : *table) {
                add_item(name + "." + std::string{sub_key.str()}, sub_node);
            }
        } else {
            add_item(name, node);
        }
    }
    return parsed;
}

std::string TomlConfig::to_config(const CLI::App* app, bool default_also, bool write_description,
                                  std::string /*prefix*/) const {
    // section -> lines; "" is the top level, written first.
    std::map<std::string, std::string> sections;
    std::string raw_tables;  // written last, whole
    for (const CLI::Option* option : app->get_options()) {
        if (option->get_lnames().empty() || !option->get_configurable()) continue;
        const std::string& name = option->get_lnames().front();
        if (!kept_sections_.empty() && !kept_sections_.contains(raw_sections_.contains(name) ? name : section_of(name))) {
            continue;
        }
        const bool flag = option->get_expected_min() == 0;
        std::string value;
        if (flag) {
            // Flags (and their negations) are written as TOML booleans.
            value = option->count() > 0 ? (option->as<bool>() ? "true" : "false") : option->get_default_str();
        } else if (option->count() > 0 && option->results().size() > 1) {
            std::string array;  // a TOML array: numbers bare, anything else quoted
            for (const auto& r : option->results()) {
                array += array.empty() ? "" : ", ";
                array += is_text_type(option->get_type_name()) || !looks_like_toml_scalar(r) || beyond_toml_integer(r)
                             ? toml_string(r)
                             : r;
            }
            sections[section_of(name)] += fmt::format("{} = [{}]\n", key_of(name), array);
            continue;
        } else if (option->count() > 0) {
            value = option->results().front();
        } else if (default_also) {
            value = option->get_default_str();
        }
        if (value.empty() && !is_text_type(option->get_type_name())) continue;  // no value, no default
        if (value.empty() && option->get_items_expected_max() > 1) continue;    // an empty list (command.argv)
        const std::string section = section_of(name);
        const std::string key = key_of(name);
        if (raw_sections_.contains(name)) {
            raw_tables += raw_section_text(name, value);
            continue;
        }
        std::string& out = sections[section];
        if (write_description && !option->get_description().empty()) out += "# " + option->get_description() + "\n";
        if (value.size() >= 2 && value.front() == '[' && value.back() == ']' && option->get_items_expected_max() > 1) {
            out += fmt::format("{} = {}\n", key, value);  // a list default as CLI11 prints it: "[1]"
        } else if (is_text_type(option->get_type_name()) || !looks_like_toml_scalar(value) ||
                   beyond_toml_integer(value)) {
            // Strings, and integers TOML cannot hold (seed >= 2^63) as a string of digits.
            out += fmt::format("{} = {}\n", key, toml_string(value));
        } else {
            out += fmt::format("{} = {}\n", key, value);  // numbers, booleans, inf and nan read back as TOML
        }
    }
    std::string text = sections[""];
    for (const auto& [section, body] : sections) {
        if (section.empty()) continue;
        text += fmt::format("\n[{}]\n{}", section, body);
    }
    return text + raw_tables;
}

}  // namespace l2l
