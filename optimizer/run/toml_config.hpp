// TOML config files for CLI11: `[ga] crossover_prob = 0.7` sets the option
// `--ga.crossover_prob`, so every key of a config file can be overridden on the
// command line and `l2l run --help` documents them all.
//
// CLI11 2.1 maps TOML sections to subcommands only, so this formatter parses
// the file with toml++ and hands CLI11 flat `section.key` items, checking each
// key and value type against the app's options on the way.
#pragma once

#include <CLI/CLI.hpp>
#include <toml++/toml.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace l2l {

// A table's entries in the order the file lists them (toml++ iterates them by name).
std::vector<std::pair<std::string, const toml::node*>> in_source_order(const toml::table& table);

class TomlConfig final : public CLI::Config {
public:
    // `app` is the (sub)command whose options the file sets. Sections listed in
    // `raw_sections` are passed whole, as TOML text, to the option of that name
    // (structured data such as a network description).
    TomlConfig(const CLI::App* app, std::set<std::string> raw_sections = {});

    std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;

    // The effective configuration (every option, given or default) as TOML,
    // grouped in sections; readable back by from_config.
    std::string to_config(const CLI::App* app, bool default_also, bool write_description,
                          std::string prefix) const override;

    // to_config writes only these sections ("" the top level, "network" a raw
    // section); empty: all of them.
    void keep_sections(std::set<std::string> sections) { kept_sections_ = std::move(sections); }

private:
    const CLI::App* app_;
    std::set<std::string> raw_sections_;
    std::set<std::string> kept_sections_;
};

}  // namespace l2l
