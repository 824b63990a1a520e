// The config file and command line of `l2l run`: every error path names the
// key, the value and what is allowed.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "optimizer/run/run_options.hpp"
#include "optimizer/run/run_size.hpp"

using namespace l2l;

namespace {

struct Parsed {
    ExperimentConfig config;
    RunFlags flags;
    std::string error;  // empty when parsing and validation succeeded
    std::string effective;
};

std::string write_temp(const std::string& text) {
    static int counter = 0;
    const std::string path = "test_run_options_" + std::to_string(counter++) + ".toml";
    std::ofstream(path) << text;
    return path;
}

Parsed parse(std::vector<std::string> args, const std::string& toml = {}) {
    Parsed p;
    CLI::App app{"test", "l2l run"};
    add_run_options(app, p.config, p.flags);
    if (!toml.empty()) {
        args.insert(args.begin(), write_temp(toml));
        args.insert(args.begin(), "--config");
    }
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
        validate(p.config);
        p.effective = app.config_to_str(true, false);
    } catch (const CLI::ParseError& e) {
        p.error = e.what();
    } catch (const ConfigError& e) {
        p.error = e.what();
    }
    return p;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("config: defaults are the L2L GA settings") {
    const auto p = parse({});
    REQUIRE(p.error.empty());
    CHECK(p.config.population == 32);
    CHECK(p.config.ga.tournament_size == 4);
    CHECK(p.config.ga.crossover_prob == 0.7);
    CHECK(p.config.ga.blend_alpha == 0.5);
    CHECK(p.config.ga.mutation_prob == 0.7);
    CHECK(p.config.ga.gene_mutation_prob == 0.45);
    CHECK(p.config.ga.mutation_sigma == 1.0);
    CHECK(p.config.ga.elitism == 0);
}

TEST_CASE("config: file keys in sections set options; the command line overrides them") {
    const std::string toml = "seed = 7\npopulation = 50\n[ga]\ncrossover_prob = 0.5\n[benchmark]\nfunction = "
                             "\"rastrigin\"\ndimension = 3\n";
    auto p = parse({}, toml);
    REQUIRE(p.error.empty());
    CHECK(p.config.seed == 7);
    CHECK(p.config.population == 50);
    CHECK(p.config.ga.crossover_prob == 0.5);
    CHECK(p.config.benchmark.function == "rastrigin");
    CHECK(p.config.benchmark.dimension == 3);
    p = parse({"--ga.crossover_prob", "0.25", "--seed", "8"}, toml);
    REQUIRE(p.error.empty());
    CHECK(p.config.ga.crossover_prob == 0.25);
    CHECK(p.config.seed == 8);
}

TEST_CASE("config: the effective config text reads back to the same config") {
    const auto first = parse({"--seed", "99", "--ga.elitism", "3", "--benchmark.lower", "-2", "--output", "a \"b\".h5",
                              "--es.no-adam", "--es.fitness_shaping", "raw", "--enkf.noise_variance", "0.5", "2"});
    REQUIRE(first.error.empty());
    const auto second = parse({}, first.effective);
    REQUIRE(second.error.empty());
    CHECK(serialize_config(second.config) == serialize_config(first.config));
    CHECK(second.config.output == "a \"b\".h5");
    CHECK(second.config.benchmark.lower.value() == -2.0);
    CHECK_FALSE(second.config.es.adam);
    CHECK(second.config.es.fitness_shaping == FitnessShaping::raw);
    CHECK(second.config.enkf.noise_variance == std::vector<double>{0.5, 2.0});
}

TEST_CASE("config: every error names the key, the value and what is allowed") {
    struct Case {
        std::vector<std::string> args;
        std::string toml;
        std::vector<std::string> expected;
    };
    const std::vector<Case> cases{
        {{}, "[ga]\ncx_prob = 0.5\n", {"ga.cx_prob", "crossover_prob"}},      // unknown key lists the known ones
        {{}, "colour = 1\n", {"colour", "top-level keys", "seed"}},           // unknown top-level key
        {{}, "population = \"abc\"\n", {"population", "abc", "number"}},    // wrong type
        {{}, "[benchmark]\nfunction = 3\n", {"benchmark.function", "string"}},
        {{}, "population = -3\n", {"population", "-3", "[2, 1000000000]"}},  // out of range
        {{}, "population = 32.5\n", {"population", "32.5"}},
        {{}, "[ga]\ncrossover_prob = nan\n", {"crossover_prob", "nan", "[0, 1]"}},
        {{}, "[ga]\ncrossover_prob = 1.5\n", {"crossover_prob", "1.5", "[0, 1]"}},
        {{}, "[benchmark]\nfunction = \"foo\"\n", {"benchmark.function", "foo", "sphere, rastrigin"}},
        {{}, "population = [1, 2]\n", {"population"}},
        {{}, "[ga\n", {"not valid TOML", "line 1"}},
        {{}, "generations = 1e400\n", {"not valid TOML"}},
        {{"--seed", "-1"}, "", {"seed", "-1", "integer"}},
        {{"--ga.elitism", "32"}, "", {"ga.elitism", "32", "0 to 31"}},
        {{"--ga.tournament_size", "40"}, "", {"ga.tournament_size", "40", "1 to 32"}},
        {{"--benchmark.lower", "3", "--benchmark.upper", "1"}, "", {"benchmark.lower", "3", "benchmark.upper"}},
        {{"--optimizer", "sgd"}, "", {"optimizer", "sgd", "ga"}},
        {{"--config", "/nonexistent/folder/x.toml"}, "", {"/nonexistent/folder/x.toml"}},
        {{"--no-such-flag"}, "", {"--no-such-flag"}},
        {{}, "[es]\nadam = 1\n", {"es.adam", "true or false"}},
        {{}, "[es]\nfitness_shaping = \"ranks\"\n", {"fitness_shaping", "ranks"}},
        {{"--optimizer", "es", "--population", "3"}, "", {"es.population", "3"}},
        {{}, "[farm]\nsilence_warning = -1\n", {"farm.silence_warning", "-1", "[0, 1000000000]"}},
        {{}, "[farm]\nsilence_warning = nan\n", {"farm.silence_warning", "nan"}},
        {{}, "[farm]\nsilence_warning = inf\n", {"farm.silence_warning", "inf"}},
        {{"--farm.silence_warning", "-0.5"}, "", {"farm.silence_warning", "-0.5"}},
    };
    for (const auto& c : cases) {
        const auto p = parse(c.args, c.toml);
        INFO("toml: " << c.toml << " error: " << p.error);
        CHECK_FALSE(p.error.empty());
        for (const auto& part : c.expected) CHECK(contains(p.error, part));
    }
}

TEST_CASE("config: [command] with a [command.genes] table reads back from the effective config") {
    const std::string toml =
        "optimizee = \"command\"\n[command]\nmode = \"server\"\nargv = [\"/bin/sh\", \"-c\", \"echo {x}\"]\n"
        "tasks = 2\noutputs = 1\ntarget = [0.5]\n[command.genes]\nx = [-1.5, 2]\ntau = { lower = 1, upper = 100, log = "
        "true }\nw = { lower = 0.001, upper = 0.005, scale = 0.001 }\n";
    const auto first = parse({}, toml);
    REQUIRE(first.error.empty());
    const CommandConfig& command = first.config.command;
    CHECK(command.mode == "server");
    CHECK(command.argv == std::vector<std::string>{"/bin/sh", "-c", "echo {x}"});
    REQUIRE(command.genes.size() == 3);  // in name order
    CHECK(command.genes[0].name == "tau");
    CHECK(command.genes[0].log);
    CHECK(command.genes[1].name == "w");
    CHECK(command.genes[1].scale == 0.001);
    CHECK(command.genes[2].lower == -1.5);
    CHECK(command.target == std::vector<double>{0.5});
    const auto second = parse({}, first.effective);
    REQUIRE(second.error.empty());
    CHECK(serialize_config(second.config) == serialize_config(first.config));

    CHECK(contains(parse({}, "optimizee = \"command\"\n[command]\nargv = [\"sh\"]\n[command.genes]\nx = [2, 1]\n").error,
                   "command.genes.x = [2, 1]: lower must be smaller than upper"));
    CHECK(contains(parse({}, "optimizee = \"command\"\n[command]\nargv = [\"sh\"]\n").error, "needs genes"));
    CHECK(contains(parse({"--optimizee", "command", "--command.argv", "sh", "--command.genes", "x=[0,1]",
                          "--command.outputs", "2", "--command.target", "1"})
                       .error,
                   "command.target has 1 values, but command.outputs = 2"));
    CHECK(contains(parse({"--command.mode", "daemon"}).error, "allowed: process, server"));
}

TEST_CASE("config: record.policy auto is full up to record.full_limit_mb of genomes per generation, else every") {
    auto p = parse({"--population", "31"});  // GA: 32 individuals counted (as for an ES with its mean)
    REQUIRE(p.error.empty());
    CHECK(p.config.record.policy == "auto");
    CHECK(resolve_record_policy(p.config, 7812).kind == RecordKind::full);   // 32 x 7812 x 8 = 1.9998 MB
    CHECK(resolve_record_policy(p.config, 7813).kind == RecordKind::every);  // 2.0001 MB
    CHECK(resolve_record_policy(p.config, 7813).every == 10);
    p = parse({"--record.policy", "best_and_state", "--record.every", "3"});
    REQUIRE(p.error.empty());
    CHECK(resolve_record_policy(p.config, 10).kind == RecordKind::best_and_state);
    p = parse({}, "[record]\npolicy = \"every\"\nevery = 4\ndeflate = 1\n");
    REQUIRE(p.error.empty());
    const RecordPolicy every = resolve_record_policy(p.config, 10);
    CHECK(every.kind == RecordKind::every);
    CHECK(every.population_at(8));
    CHECK_FALSE(every.population_at(9));
    CHECK(every.deflate == 1);
    CHECK(contains(record_policy_line(every, p.config, 10, 0), "every 4 generations"));
    CHECK(contains(parse({"--record.policy", "some"}).error, "record.policy"));
}
