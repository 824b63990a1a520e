#include "optimizer/run/resume_check.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "common/toml_integers.hpp"
#include "optimizer/run/run_options.hpp"

namespace l2l {
namespace {

// Shortest forms (0.1, not 0.10000000000000001), strings in double quotes.
std::string value_text(const toml::node& node) {
    if (const auto* f = node.as_floating_point()) return fmt::format("{}", f->get());
    if (const auto* s = node.as_string()) return fmt::format("\"{}\"", s->get());
    std::ostringstream text;
    text << toml::toml_formatter(node);
    return text.str();
}

// key path -> value as TOML text; nested tables ([grid.points], [network]...) flattened.
void flatten(const toml::table& table, const std::string& prefix, std::map<std::string, std::string>& out) {
    for (const auto& [key, node] : table) {
        const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        if (const toml::table* sub = node.as_table()) {
            flatten(*sub, name, out);
            continue;
        }
        // A list of one is its value: `noise_variance = [1]` (a default) and `= 1` (as read back) are alike.
        const toml::array* array = node.as_array();
        out[name] = array != nullptr && array->size() == 1 ? value_text(*array->get(0)) : value_text(node);
    }
}

std::map<std::string, std::string> flat_config(const std::string& text, const char* whose) {
    std::map<std::string, std::string> flat;
    try {
        flatten(toml::parse(quote_huge_integers(text)), "", flat);  // a seed >= 2^63 in either form
    } catch (const toml::parse_error& e) {
        throw CheckpointError(fmt::format("the {} config is not valid TOML: {}", whose, e.description()));
    }
    return flat;
}

// The section of a flattened key: "es.sigma" -> "es", "network.populations..." -> "network", "seed" -> "".
std::string section_of_key(const std::string& key) {
    const auto dot = key.find('.');
    return dot == std::string::npos ? (key == "network" || key == "agent" ? key : std::string{}) : key.substr(0, dot);
}

// Every key at its default, as `l2l run` writes the effective config.
const std::map<std::string, std::string>& default_config() {
    static const std::map<std::string, std::string> defaults = [] {
        CLI::App app;
        ExperimentConfig config;
        RunFlags flags;
        add_run_options(app, config, flags);
        app.parse(std::vector<std::string>{});
        return flat_config(app.config_to_str(true, false), "default");
    }();
    return defaults;
}

// The config with every key that may differ set to the checkpoint's value.
ExperimentConfig without_allowed_differences(ExperimentConfig config, const ExperimentConfig& reference) {
    config.generations = reference.generations;
    config.checkpoint_every = reference.checkpoint_every;
    config.checkpoint_seconds = reference.checkpoint_seconds;
    config.eval_timeout = reference.eval_timeout;
    config.output = reference.output;
    config.farm = reference.farm;
    return config;
}

std::string shorten(const std::string& value) {
    return value.size() <= 60 ? value : value.substr(0, 57) + "...";
}

}  // namespace

ExperimentConfig checkpoint_config(const Checkpoint& checkpoint) {
    try {
        return deserialize_config(checkpoint.config);
    } catch (const std::exception& e) {
        throw CheckpointError(fmt::format("the checkpoint's config cannot be read ({}); it was written by l2l {} (git {})",
                                          e.what(), checkpoint.version, checkpoint.git_revision));
    }
}

std::string upgraded_config_text(const Checkpoint& checkpoint) {
    const auto flat = flat_config(checkpoint.config_text, "checkpoint's");
    if (flat.contains("record.outputs")) return checkpoint.config_text;
    const ExperimentConfig saved = checkpoint_config(checkpoint);
    const std::string outputs = fmt::format("outputs = \"{}\"\n", saved.record.outputs);
    const bool has_record = std::any_of(flat.begin(), flat.end(), [](const auto& entry) {
        return entry.first.starts_with("record.");
    });
    if (!has_record) {
        // Appended as a table of its own: the text may end inside [network.*] tables.
        return fmt::format("{}\n[record]\npolicy = \"{}\"\n{}", checkpoint.config_text, saved.record.policy, outputs);
    }
    // Config versions 1-2: a [record] table without `outputs`; TOML allows a
    // table only once, so the key goes into it.
    std::string text = "\n" + checkpoint.config_text;
    const std::string header = "\n[record]\n";
    const auto at = text.find(header);
    if (at == std::string::npos) {
        throw CheckpointError("the checkpoint's config has record.* keys outside a [record] table; it was not "
                              "written by l2l");
    }
    text.insert(at + header.size(), outputs);
    return text.substr(1);
}

bool may_differ_on_resume(std::string_view key) {
    return key == "generations" || key == "checkpoint_every" || key == "checkpoint_seconds" || key == "eval_timeout" ||
           key == "output" || key.starts_with("farm.");
}

void check_resume_compatible(const Checkpoint& checkpoint, const ExperimentConfig& config,
                             const std::string& config_text) {
    const ExperimentConfig saved = checkpoint_config(checkpoint);
    const auto before = flat_config(upgraded_config_text(checkpoint), "checkpoint's");
    const auto now = flat_config(config_text, "given");
    const std::set<std::string> used = used_sections(config);
    std::set<std::string> keys;
    for (const auto& [key, value] : before) keys.insert(key);
    for (const auto& [key, value] : now) keys.insert(key);

    // A key one side lacks: a section only the other stores (a run before
    // sections were left out), or a key added by a later l2l: at its default.
    auto value_of = [](const std::map<std::string, std::string>& side, const std::string& key) -> std::string {
        if (const auto found = side.find(key); found != side.end()) return found->second;
        const auto& defaults = default_config();
        const auto fallback = defaults.find(key);
        return fallback == defaults.end() ? "(not set)" : fallback->second;
    };
    std::vector<std::string> differences;
    for (const std::string& key : keys) {
        if (may_differ_on_resume(key) || !used.contains(section_of_key(key))) continue;
        const std::string a = value_of(before, key);
        const std::string b = value_of(now, key);
        if (a != b) differences.push_back(fmt::format("{} (checkpoint {}, now {})", key, shorten(a), shorten(b)));
    }
    // What the key comparison cannot see: a network file whose content changed.
    if (differences.empty() && (saved.snn.network != config.snn.network || saved.snn.agent != config.snn.agent)) {
        differences.push_back(fmt::format("the [network]/[agent] tables read from snn.network_file = {} (the file "
                                          "changed since the checkpoint)",
                                          config.snn.network_file));
    }
    if (differences.empty() && serialize_config(without_unused_sections(without_allowed_differences(config, saved))) !=
                                   serialize_config(without_unused_sections(saved))) {
        differences.push_back("a value the effective config does not show (run `l2l inspect` on the results file "
                              "for the run's config)");
    }
    if (differences.empty()) return;
    std::string list;
    for (const auto& d : differences) list += (list.empty() ? "" : "; ") + d;
    throw ConfigError(fmt::format(
        "--resume: the config differs from the checkpoint's where it changes the results: {}. Resume with the run's "
        "config (the `config` attribute of the results file, `l2l inspect`), or start a new run with another "
        "--output. Allowed to change: generations, checkpoint_every, checkpoint_seconds, eval_timeout, output, farm.*",
        list));
}

}  // namespace l2l
