#include "optimizer/run/resume_check.hpp"

#include <fmt/format.h>

#include <map>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "common/toml_integers.hpp"

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
        out[name] = value_text(node);
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

bool may_differ_on_resume(std::string_view key) {
    return key == "generations" || key == "checkpoint_every" || key == "checkpoint_seconds" || key == "eval_timeout" || key == "output" ||
           key.starts_with("farm.");
}

void check_resume_compatible(const Checkpoint& checkpoint, const ExperimentConfig& config,
                             const std::string& config_text) {
    ExperimentConfig saved;
    try {
        saved = deserialize_config(checkpoint.config);
    } catch (const std::exception& e) {
        throw CheckpointError(fmt::format("the checkpoint's config cannot be read ({}); it was written by l2l {} (git {})",
                                          e.what(), checkpoint.version, checkpoint.git_revision));
    }
    const auto before = flat_config(checkpoint.config_text, "checkpoint's");
    const auto now = flat_config(config_text, "given");
    std::set<std::string> keys;
    for (const auto& [key, value] : before) keys.insert(key);
    for (const auto& [key, value] : now) keys.insert(key);

    std::vector<std::string> differences;
    for (const std::string& key : keys) {
        if (may_differ_on_resume(key)) continue;
        const auto old_value = before.find(key);
        const auto new_value = now.find(key);
        const std::string a = old_value == before.end() ? "(not set)" : old_value->second;
        const std::string b = new_value == now.end() ? "(not set)" : new_value->second;
        if (a != b) differences.push_back(fmt::format("{} (checkpoint {}, now {})", key, shorten(a), shorten(b)));
    }
    // What the key comparison cannot see: a network file whose content changed.
    if (differences.empty() && (saved.snn.network != config.snn.network || saved.snn.agent != config.snn.agent)) {
        differences.push_back(fmt::format("the [network]/[agent] tables read from snn.network_file = {} (the file "
                                          "changed since the checkpoint)",
                                          config.snn.network_file));
    }
    if (differences.empty() && serialize_config(without_allowed_differences(config, saved)) != serialize_config(saved)) {
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
