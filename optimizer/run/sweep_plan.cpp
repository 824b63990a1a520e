#include "optimizer/run/sweep_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/toml_integers.hpp"
#include "optimizer/run/experiment_config.hpp"
#include "optimizer/run/toml_config.hpp"

namespace l2l {
namespace {

// A scalar as `l2l run` reads it on the command line.
std::string value_text(const toml::node& node, const std::string& key) {
    if (const auto* s = node.as_string()) return s->get();
    if (const auto* i = node.as_integer()) return std::to_string(i->get());
    if (const auto* f = node.as_floating_point()) return fmt::format("{}", f->get());
    if (const auto* b = node.as_boolean()) return b->get() ? "true" : "false";
    throw ConfigError(fmt::format("[sweep] {}: the values must be numbers, strings or booleans", key));
}

void add_axes(const toml::table& table, const std::string& prefix, std::vector<SweepAxis>& axes) {
    for (const auto& [name, node] : in_source_order(table)) {
        const std::string key = prefix.empty() ? name : prefix + "." + name;
        if (const auto* sub = node->as_table()) {
            add_axes(*sub, key, axes);
            continue;
        }
        const auto* array = node->as_array();
        if (array == nullptr || array->empty()) {
            throw ConfigError(fmt::format("[sweep] {}: expected a non-empty array of values, e.g. {} = [1, 2]", key,
                                          key.find('.') == std::string::npos ? key : "\"" + key + "\""));
        }
        SweepAxis axis{key, {}};
        for (const toml::node& value : *array) axis.values.push_back(value_text(value, key));
        axes.push_back(std::move(axis));
    }
}

}  // namespace

SweepAxis parse_sweep_axis(const std::string& item) {
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
        throw ConfigError(fmt::format("--vary '{}': expected KEY=V1,V2,... (e.g. es.sigma=0.01,0.1)", item));
    }
    SweepAxis axis{item.substr(0, eq), {}};
    std::size_t begin = eq + 1;
    while (true) {
        const std::size_t comma = item.find(',', begin);
        const std::string value = item.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
        if (value.empty()) throw ConfigError(fmt::format("--vary '{}': an empty value", item));
        axis.values.push_back(value);
        if (comma == std::string::npos) break;
        begin = comma + 1;
    }
    return axis;
}

std::vector<SweepAxis> sweep_axes_from_toml(const std::string& config_text) {
    toml::table root;
    try {
        root = toml::parse(quote_huge_integers(config_text));
    } catch (const toml::parse_error& e) {
        throw ConfigError(fmt::format("config file is not valid TOML (line {}): {}", e.source().begin.line,
                                      e.description()));
    }
    std::vector<SweepAxis> axes;
    if (const toml::node* sweep = root.get("sweep")) {
        const auto* table = sweep->as_table();
        if (table == nullptr) throw ConfigError("sweep: expected a table [sweep] of key = [values]");
        add_axes(*table, "", axes);
    }
    return axes;
}

std::vector<SweepRun> expand_sweep(const std::vector<SweepAxis>& axes, std::size_t max_runs) {
    if (axes.empty()) throw ConfigError("nothing to sweep: give --vary KEY=V1,V2,... or a [sweep] table");
    std::size_t total = 1;
    for (const SweepAxis& axis : axes) {
        const auto same = std::count_if(axes.begin(), axes.end(), [&](const SweepAxis& a) { return a.key == axis.key; });
        if (same > 1) throw ConfigError(fmt::format("sweep: {} is listed twice; allowed: each key once", axis.key));
        if (total > max_runs / axis.values.size()) {
            throw ConfigError(fmt::format("sweep: more than {} combinations; allowed: at most {}", max_runs, max_runs));
        }
        total *= axis.values.size();
    }
    const int digits = static_cast<int>(std::to_string(std::max<std::size_t>(total - 1, 100)).size());
    std::vector<SweepRun> runs(total);
    for (std::size_t r = 0; r < total; ++r) {
        SweepRun& run = runs[r];
        run.index = r;
        run.name = fmt::format("run_{:0{}}", r, digits);
        run.settings.resize(axes.size());
        std::size_t rest = r;
        for (std::size_t a = axes.size(); a-- > 0;) {  // mixed radix, last axis fastest
            run.settings[a] = {axes[a].key, axes[a].values[rest % axes[a].values.size()]};
            rest /= axes[a].values.size();
        }
    }
    return runs;
}

}  // namespace l2l
