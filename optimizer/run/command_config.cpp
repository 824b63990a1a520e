#include "optimizer/run/command_config.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <toml++/toml.h>

#include "optimizer/run/experiment_config.hpp"

namespace l2l {
namespace {

constexpr const char* kAllowedSpec =
    "[lower, upper], or { lower = L, upper = U, log = true|false, scale = S } (log and scale exclude each other)";

bool valid_gene_name(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '.' || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::string toml_text(const toml::node& node) {
    std::ostringstream out;
    if (const auto* text = node.as_string()) {
        out << '"' << text->get() << '"';
    } else {
        out << toml::toml_formatter(node);
    }
    return out.str();
}

double number_of(const toml::node& node, const std::string& key, const std::string& spec) {
    if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
    if (const auto* f = node.as_floating_point()) return f->get();
    throw std::invalid_argument(fmt::format("{} = {}: {} is not a number; allowed: {}", key, spec, toml_text(node), kAllowedSpec));
}

}  // namespace

double CommandGene::search_lower() const { return log ? std::log10(lower) : lower / scale; }
double CommandGene::search_upper() const { return log ? std::log10(upper) : upper / scale; }
double CommandGene::model_value(double x) const { return log ? std::pow(10.0, x) : x * scale; }

CommandGene parse_command_gene(const std::string& item) {
    const std::size_t eq = item.find('=');
    const std::string name = eq == std::string::npos ? item : item.substr(0, eq);
    const std::string spec = eq == std::string::npos ? std::string{} : item.substr(eq + 1);
    if (!valid_gene_name(name)) {
        throw std::invalid_argument(fmt::format("command.genes: gene name '{}' is not allowed; allowed: 1 to 64 of "
                                                "A-Z a-z 0-9 _ . - (as NAME=SPEC on the command line)",
                                                name));
    }
    const std::string key = "command.genes." + name;
    if (spec.empty()) throw std::invalid_argument(fmt::format("{}: no bounds; allowed: {}", key, kAllowedSpec));
    toml::table parsed;
    try {
        parsed = toml::parse("gene = " + spec);
    } catch (const toml::parse_error& e) {
        throw std::invalid_argument(
            fmt::format("{} = {}: not a TOML array or inline table ({}); allowed: {}", key, spec, e.description(), kAllowedSpec));
    }
    CommandGene gene;
    gene.name = name;
    const toml::node& node = *parsed.get("gene");
    bool has_scale = false;
    if (const auto* array = node.as_array()) {
        if (array->size() != 2) {
            throw std::invalid_argument(fmt::format("{} = {}: {} values; allowed: {}", key, spec, array->size(), kAllowedSpec));
        }
        gene.lower = number_of(*array->get(0), key, spec);
        gene.upper = number_of(*array->get(1), key, spec);
    } else if (const auto* table = node.as_table()) {
        bool has_lower = false;
        bool has_upper = false;
        for (const auto& [sub, value] : *table) {
            const std::string field{sub.str()};
            if (field == "lower") {
                gene.lower = number_of(value, key, spec);
                has_lower = true;
            } else if (field == "upper") {
                gene.upper = number_of(value, key, spec);
                has_upper = true;
            } else if (field == "scale") {
                gene.scale = number_of(value, key, spec);
                has_scale = true;
            } else if (field == "log") {
                const auto* flag = value.as_boolean();
                if (flag == nullptr) {
                    throw std::invalid_argument(fmt::format("{} = {}: log must be true or false", key, spec));
                }
                gene.log = flag->get();
            } else {
                throw std::invalid_argument(
                    fmt::format("{} = {}: unknown field '{}'; allowed: lower, upper, log, scale", key, spec, field));
            }
        }
        if (!has_lower || !has_upper) {
            throw std::invalid_argument(fmt::format("{} = {}: lower and upper are required; allowed: {}", key, spec, kAllowedSpec));
        }
    } else {
        throw std::invalid_argument(fmt::format("{} = {}: not bounds; allowed: {}", key, spec, kAllowedSpec));
    }
    if (!std::isfinite(gene.lower) || !std::isfinite(gene.upper) || !(gene.lower < gene.upper)) {
        throw std::invalid_argument(
            fmt::format("{} = {}: lower must be smaller than upper, both finite", key, spec));
    }
    if (gene.log && has_scale) {
        throw std::invalid_argument(fmt::format("{} = {}: log and scale exclude each other", key, spec));
    }
    if (gene.log && !(gene.lower > 0.0)) {
        throw std::invalid_argument(fmt::format("{} = {}: log = true needs lower > 0", key, spec));
    }
    if (!std::isfinite(gene.scale) || !(gene.scale > 0.0)) {
        throw std::invalid_argument(fmt::format("{} = {}: scale must be a finite number > 0", key, spec));
    }
    return gene;
}

std::string command_gene_spec(const CommandGene& gene) {
    if (gene.log) return fmt::format("{{ lower = {}, upper = {}, log = true }}", gene.lower, gene.upper);
    if (gene.scale != 1.0) return fmt::format("{{ lower = {}, upper = {}, scale = {} }}", gene.lower, gene.upper, gene.scale);
    return fmt::format("[{}, {}]", gene.lower, gene.upper);
}

void validate_command(const CommandConfig& command) {
    if (command.argv.empty()) {
        throw ConfigError("optimizee = command needs command.argv: the program and its arguments, e.g. "
                          "argv = [\"/usr/bin/python3\", \"{config_dir}/model.py\"]");
    }
    if (command.genes.empty()) {
        throw ConfigError("optimizee = command needs genes: a [command.genes] table, e.g. tau_m = [5.0, 50.0]");
    }
    for (std::size_t i = 0; i < command.genes.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (command.genes[i].name == command.genes[j].name) {
                throw ConfigError(fmt::format("command.genes: gene '{}' is given twice", command.genes[i].name));
            }
        }
    }
    if (!command.target.empty() && command.target.size() != command.outputs) {
        throw ConfigError(fmt::format("command.target has {} values, but command.outputs = {}; allowed: {} values "
                                      "(one per output of a task)",
                                      command.target.size(), command.outputs, command.outputs));
    }
    const std::string& program = command.argv.front();
    if (program.empty()) throw ConfigError("command.argv[0] = \"\": the program is required");
    if (program.find('{') != std::string::npos && program.find("{config_dir}") == std::string::npos) {
        throw ConfigError(fmt::format("command.argv[0] = {}: only {{config_dir}} may be substituted in the program",
                                      program));
    }
}

std::string command_workdir(const CommandConfig& command, const std::string& output) {
    const std::string folder = command.workdir.empty() ? output + ".work" : command.workdir;
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::absolute(folder, error);
    return error ? folder : absolute.lexically_normal().string();
}

}  // namespace l2l
