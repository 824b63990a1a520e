// Issue 15's validation gaps, where the logic lives: gene bounds every
// optimizer can sample, the network size check (dense projections), seeds
// beyond TOML's integers in configs, and the shape checks of results files
// that inspect, compare and replay share.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "common/toml_integers.hpp"
#include "optimizer/algorithms/cma_es.hpp"
#include "optimizer/algorithms/ensemble_kalman.hpp"
#include "optimizer/algorithms/evolution_strategies.hpp"
#include "optimizer/algorithms/genetic_algorithm.hpp"
#include "optimizer/algorithms/random_search.hpp"
#include "optimizer/results/results_reader.hpp"
#include "optimizer/run/run_options.hpp"
#include "optimizer/run/run_size.hpp"
#include "simulator/network_config.hpp"

using namespace l2l;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

Bounds bounds_of(double lower, double upper, std::size_t genes = 3) {
    return {std::vector<double>(genes, lower), std::vector<double>(genes, upper)};
}

// The message a constructor throws (std::invalid_argument), or "" if none.
template <class Make>
std::string error_of(Make make) {
    try {
        make();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

std::vector<std::string> optimizer_errors(const Bounds& b) {
    std::vector<std::string> errors;
    GaOptions ga;
    ga.population = 4;
    errors.push_back(error_of([&] { GeneticAlgorithm(ga, b, 1); }));
    EvolutionStrategiesOptions es;
    es.population = 4;
    errors.push_back(error_of([&] { EvolutionStrategiesOptimizer(es, b, 1); }));
    EnsembleKalmanOptions enkf;
    enkf.ensemble_size = 4;
    errors.push_back(error_of([&] { EnsembleKalmanOptimizer(enkf, b, {0.0}, 1); }));
    errors.push_back(error_of([&] { CmaEsOptimizer(CmaEsOptions{}, b, 1); }));
    RandomSearchOptions random;
    random.population = 4;
    errors.push_back(error_of([&] { RandomSearchOptimizer(random, b, 1); }));
    return errors;
}

sim::NetworkSpec network_of(const std::string& text) {
    const toml::table doc = toml::parse(text);
    return sim::parse_network_spec(*doc["network"].as_table());
}

std::string network_size_error(const std::string& text) {
    try {
        check_network_size(network_of(text));
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("gene bounds: every optimizer refuses bounds beyond +-1e100 (inf genes), naming the gene and the limit") {
    for (const std::string& e : optimizer_errors(bounds_of(-1e308, 1e308))) {
        CHECK(contains(e, "bounds of gene 0 are [-1e+308, 1e+308]: must be within [-1e+100, 1e+100]"));
    }
    for (const std::string& e : optimizer_errors(bounds_of(0.0, 2e100))) CHECK(contains(e, "must be within"));
    for (const std::string& e : optimizer_errors(bounds_of(-1e100, 1e100))) CHECK(e.empty());
    // The limit keeps what the optimizers sample finite: genes from +-1e100 bounds.
    GaOptions ga;
    ga.population = 8;
    GeneticAlgorithm widest(ga, bounds_of(-1e100, 1e100), 3);
    for (const Genome& genome : widest.ask()) {
        for (const double gene : genome) CHECK(std::isfinite(gene));
    }
}

TEST_CASE("network size: a dense 1e5 x 1e5 projection is refused before anything is allocated") {
    const std::string populations = R"(
[network]
dt = 1.0
[[network.populations]]
name = "in"
size = 100000
model = "spike_source"
[[network.populations]]
name = "out"
size = 100000
)";
    const std::string e = network_size_error(populations + "[[network.projections]]\nfrom = \"in\"\nto = \"out\"\n");
    CHECK(contains(e, "network.projections[0] (in -> out, dense 100000 x 100000, 1e+10 synapses): the network needs "
                      "about 149 GiB of memory"));
    CHECK(contains(e, "this machine (or this process's limit) has"));
    // 1e10 synapses drawn sparsely need 12 bytes each, and more than 32-bit indices hold.
    const std::string sparse = network_size_error(
        populations + "[[network.projections]]\nfrom = \"in\"\nto = \"out\"\nconnectivity = \"fixed_probability\"\n"
                      "probability = 0.5\n");
    CHECK(contains(sparse, "network.projections[0] (in -> out, sparse 100000 x 100000, 5e+09 synapses): a sparse "
                           "projection holds at most 4294967295 synapses"));
    // Small networks pass; one_to_one of the same populations is 1e5 synapses.
    CHECK(network_size_error(populations + "[[network.projections]]\nfrom = \"in\"\nto = \"out\"\nconnectivity = "
                                           "\"one_to_one\"\n") == "");
    // Plastic state: STDP keeps per-synapse state only; NDP rules a post x post W_m (8e10 bytes here, twice).
    const std::string sparse_stdp = populations + "[[network.projections]]\nfrom = \"in\"\nto = \"out\"\n"
                                                  "connectivity = \"fixed_probability\"\nprobability = 0.0001\n";
    CHECK(network_size_error(sparse_stdp + "plasticity = { rule = \"stdp\", w_max = 10.0 }\n") == "");
    CHECK(contains(network_size_error(sparse_stdp + "plasticity = { rule = \"ndp_oja\", eta = 0.02, e_max = 1.0 }\n"),
                   "network.projections[0] (in -> out, sparse 100000 x 100000, 1e+06 synapses): the network needs"));
    CHECK(available_memory_bytes() > 0.0);
}

TEST_CASE("seeds >= 2^63: beyond TOML's integers, stored as a string, read back in both forms") {
    CHECK_FALSE(beyond_toml_integer("9223372036854775807"));
    CHECK(beyond_toml_integer("9223372036854775808"));
    CHECK(beyond_toml_integer("18446744073709551615"));
    CHECK(beyond_toml_integer("184467440737095516150"));
    CHECK_FALSE(beyond_toml_integer("00042"));
    CHECK_FALSE(beyond_toml_integer("-9223372036854775809"));
    CHECK(quote_huge_integers("seed = 18446744073709551615\npopulation = 4\n") ==
          "seed = \"18446744073709551615\"\npopulation = 4\n");
    CHECK(quote_huge_integers("seed=18446744073709551615 # a comment") == "seed=\"18446744073709551615\" # a comment");
    CHECK(quote_huge_integers("seed = 42\nname = \"18446744073709551615\"\nx = [18446744073709551615]") ==
          "seed = 42\nname = \"18446744073709551615\"\nx = [18446744073709551615]");

    // The effective config (what the results file and the checkpoint store) is TOML and reads back.
    for (const std::string seed : {"18446744073709551615", "9223372036854775808", "9223372036854775807", "0"}) {
        CLI::App app{"test", "l2l run"};
        ExperimentConfig config;
        RunFlags flags;
        add_run_options(app, config, flags);
        app.parse(std::vector<std::string>{seed, "--seed"});
        const std::string text = app.config_to_str(true, false);
        CHECK_NOTHROW(toml::parse(text));
        CHECK(contains(text, beyond_toml_integer(seed) ? "seed = '" + seed + "'" : "seed = " + seed + "\n"));
        std::ofstream("test_validation_seed.toml") << text;
        CLI::App again{"test", "l2l run"};
        ExperimentConfig read;
        add_run_options(again, read, flags);
        again.parse(std::vector<std::string>{"test_validation_seed.toml", "--config"});
        CHECK(std::to_string(read.seed) == seed);
    }
    // In a config file: bare (not TOML, accepted) and quoted; a quoted small integer and 2^64 are refused.
    auto parse_file = [](const std::string& text) -> std::string {
        std::ofstream("test_validation_seed.toml") << text;
        CLI::App app{"test", "l2l run"};
        ExperimentConfig config;
        RunFlags flags;
        add_run_options(app, config, flags);
        try {
            app.parse(std::vector<std::string>{"test_validation_seed.toml", "--config"});
        } catch (const CLI::ParseError& e) {
            return std::string("error: ") + e.what();
        }
        return std::to_string(config.seed);
    };
    CHECK(parse_file("seed = 18446744073709551615\n") == "18446744073709551615");
    CHECK(parse_file("seed = \"18446744073709551615\"\n") == "18446744073709551615");
    CHECK(contains(parse_file("seed = \"42\"\n"), "a quoted integer is allowed only above 9223372036854775807"));
    CHECK(contains(parse_file("seed = 18446744073709551616\n"), "value 18446744073709551616 is not allowed"));
    CHECK(contains(parse_file("population = \"99999999999999999999\"\n"), "population"));
    std::filesystem::remove("test_validation_seed.toml");
}

namespace {

// A results file with the layout of `l2l run` (G generations, P individuals,
// D genes), then `edit` to break it.
std::string results_file(const std::string& name, std::size_t g, std::size_t p, std::size_t d,
                         const std::function<void(hid_t)>& edit = {}) {
    h5::Handle file = h5::file(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create " + name);
    const hid_t f = file.get();
    h5::write_attribute(f, "optimizer", std::string("ga"));
    h5::write_attribute(f, "status", std::string("finished"));
    h5::write_doubles(f, "/best/genome", std::vector<double>(d, 0.5));
    h5::write_doubles(f, "/best/fitness", std::vector<double>{1.0});
    h5::write_ints(f, "/best/generation", std::vector<std::int64_t>{0});
    h5::write_doubles(f, "/generations/fitness", std::vector<double>(g * p, 1.0), {g, p});
    h5::write_doubles(f, "/generations/genomes", std::vector<double>(g * p * d, 0.5), {g, p, d});
    h5::write_ints(f, "/generations/failures", std::vector<std::int64_t>(g * p, 0), {g, p});
    for (const char* series : {"best", "mean", "std", "wall_time", "eval_time"}) {
        h5::write_doubles(f, std::string("/generations/") + series, std::vector<double>(g, 1.0));
    }
    h5::write_ints(f, "/generations/evaluations", std::vector<std::int64_t>(g, static_cast<std::int64_t>(p)));
    if (edit) edit(f);
    return name;
}

std::string layout_error(const std::string& path) {
    try {
        h5::Handle file = open_results(path);
    } catch (const ResultsFileError& e) {
        return e.what();
    }
    return "";
}

void replace_doubles(hid_t f, const std::string& path, std::vector<hsize_t> shape) {
    H5Ldelete(f, path.c_str(), H5P_DEFAULT);
    std::size_t count = 1;
    for (const hsize_t n : shape) count *= n;
    h5::write_doubles(f, path, std::vector<double>(count, 0.0), std::move(shape));
}

}  // namespace

TEST_CASE("results files: every dataset's shape is checked in one place, naming the file, the dataset and the shape") {
    const std::string good = results_file("layout_good.h5", 3, 4, 2);
    CHECK(layout_error(good) == "");
    {
        h5::Handle file = open_results(good);
        const ResultsLayout layout = check_results_layout(file.get(), good);
        CHECK(layout.generations == 3);
        CHECK(layout.population == 4);
        CHECK(layout.genes == 2);
        CHECK(layout.outputs == 0);
    }
    CHECK(layout_error(results_file("layout_fitness_1d.h5", 3, 4, 2, [](hid_t f) {
              replace_doubles(f, "/generations/fitness", {12});
          })) == "layout_fitness_1d.h5: dataset /generations/fitness has shape [12] (1-D); expected 2-D [generations, "
                 "population]");
    CHECK(layout_error(results_file("layout_genomes_2d.h5", 3, 4, 2, [](hid_t f) {
              replace_doubles(f, "/generations/genomes", {3, 8});
          })) == "layout_genomes_2d.h5: dataset /generations/genomes has shape [3, 8] (2-D); expected 3-D "
                 "[generations, population, genes]");
    CHECK(contains(layout_error(results_file("layout_genes.h5", 3, 4, 2, [](hid_t f) {
                       replace_doubles(f, "/generations/genomes", {3, 4, 5});
                   })),
                   "dataset /generations/genomes has shape [3, 4, 5]; expected [generations, population, genes] "
                   "with 2 genes (as /best/genome)"));
    CHECK(contains(layout_error(results_file("layout_population.h5", 3, 4, 2, [](hid_t f) {
                       replace_doubles(f, "/generations/genomes", {3, 5, 2});
                   })),
                   "dataset /generations/genomes has shape [3, 5, 2]; expected [generations, population, genes] with "
                   "population 4 (as /generations/fitness [3, 4])"));
    CHECK(layout_error(results_file("layout_generations.h5", 3, 4, 2, [](hid_t f) {
              replace_doubles(f, "/generations/best", {7});
          })) == "layout_generations.h5: dataset /generations/best holds 7 generations but /generations/fitness holds "
                 "3; every per-generation dataset must hold the same number");
    CHECK(contains(layout_error(results_file("layout_missing.h5", 3, 4, 2,
                                             [](hid_t f) { H5Ldelete(f, "/generations/failures", H5P_DEFAULT); })),
                   "dataset /generations/failures is missing"));
    CHECK(contains(layout_error(results_file("layout_best.h5", 3, 4, 2, [](hid_t f) {
                       replace_doubles(f, "/best/fitness", {2});
                   })),
                   "dataset /best/fitness has shape [2]; expected one value"));
    // A running job may be one generation ahead in the dataset it appends first.
    const std::string running = results_file("layout_running.h5", 3, 4, 2, [](hid_t f) {
        h5::write_attribute(f, "status", std::string("running"));
        replace_doubles(f, "/generations/best", {2});
    });
    CHECK(layout_error(running) == "");
    {
        h5::Handle file = open_results(running);
        CHECK(check_results_layout(file.get(), running).generations == 2);
        // select_individual stays within what every dataset holds.
        CHECK_THROWS_WITH_AS(select_individual(file.get(), "2:0", running),
                             doctest::Contains("--genome 2:0: out of range"), ResultsFileError);
    }
    for (const char* name : {"layout_good.h5", "layout_fitness_1d.h5", "layout_genomes_2d.h5", "layout_genes.h5",
                             "layout_population.h5", "layout_generations.h5", "layout_missing.h5", "layout_best.h5",
                             "layout_running.h5"}) {
        std::filesystem::remove(name);
    }
}
