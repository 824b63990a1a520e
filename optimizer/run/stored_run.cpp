#include "optimizer/run/stored_run.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <sstream>

#include "optimizer/run/experiment_config.hpp"
#include "optimizer/run/factory.hpp"
#include "optimizer/run/run_lock.hpp"
#include "optimizer/run/run_options.hpp"

namespace l2l {
namespace {

// The keys of an experiment file (as stored in the config attributes) read
// back the way `l2l run --config` reads them.
ExperimentConfig parse_stored_config(const std::string& text) {
    CLI::App app;
    ExperimentConfig config;
    RunFlags flags;
    add_run_options(app, config, flags);
    std::istringstream stream(text);
    app.parse_from_stream(stream);
    return config;
}

}  // namespace

SnnConfig stored_snn_config(hid_t f, const std::string& path) {
    const std::string optimizee = h5::has_attribute(f, "optimizee") ? h5::read_string_attribute(f, "optimizee") : "";
    if (!h5::has_attribute(f, "optimizee_config") || optimizee.rfind("snn:", 0) != 0) {
        throw ResultsFileError(fmt::format("{}: needs a run of an SNN agent (optimizee = snn); this file's "
                                           "optimizee is '{}'",
                                           path, optimizee.empty() ? "unknown" : optimizee));
    }
    return parse_stored_config(h5::read_string_attribute(f, "optimizee_config")).snn;
}

bool stored_run_is_snn(hid_t f) {
    return h5::has_attribute(f, "optimizee") && h5::read_string_attribute(f, "optimizee").rfind("snn:", 0) == 0;
}

std::unique_ptr<Optimizee> stored_optimizee(hid_t f, const std::string& path) {
    if (!h5::has_attribute(f, "config")) {
        throw ResultsFileError(fmt::format("{}: has no config attribute to rebuild its optimizee from", path));
    }
    return make_optimizee(parse_stored_config(h5::read_string_attribute(f, "config")));
}

std::vector<std::string> stored_gene_names(hid_t f, const std::string& path) {
    const std::size_t genes = h5::read_doubles(f, "/best/genome").size();
    if (h5::exists(f, "/best/gene_names")) {
        std::vector<std::string> names = h5::read_strings(f, "/best/gene_names");
        if (names.size() == genes && !names.front().empty()) return names;
    }
    const std::string optimizee = h5::has_attribute(f, "optimizee") ? h5::read_string_attribute(f, "optimizee") : "";
    std::vector<std::string> names;
    if (optimizee.rfind("snn:", 0) == 0) {
        names = SnnOptimizee(stored_snn_config(f, path)).gene_names();
    } else if (h5::has_attribute(f, "config")) {
        names = make_optimizee(parse_stored_config(h5::read_string_attribute(f, "config")))->gene_names();
    }
    if (names.size() != genes) {
        throw ResultsFileError(fmt::format("{}: the file has no gene names and its config does not rebuild them "
                                           "({} names for {} genes)",
                                           path, names.size(), genes));
    }
    return names;
}

bool left_by_killed_run(const std::string& status, const std::string& path) {
    return status == "running" && !RunLock::held(path);
}

}  // namespace l2l
