// The checkpoint file and the checkpointer: a round trip gives back every
// field and an optimizer that continues bit for bit; foreign, truncated and
// corrupt files are told apart; files are written atomically and only every
// K generations; the resume check names the keys that may not change.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "optimizer/results/atomic_file.hpp"
#include "optimizer/results/checkpoint.hpp"
#include "optimizer/results/checkpointer.hpp"
#include "optimizer/farm/farm.hpp"
#include "optimizer/algorithms/genetic_algorithm.hpp"
#include "optimizer/farm/optimizee.hpp"
#include "optimizer/run/resume_check.hpp"

using namespace l2l;

namespace {

Checkpoint sample_checkpoint() {
    Checkpoint c;
    c.progress.generations = 17;
    c.progress.evaluations = 544;
    c.progress.failures = 3;
    c.progress.best_fitness = -0.125;
    c.progress.best_generation = 11;
    c.progress.best_genome = {1.5, -2.25, std::numeric_limits<double>::denorm_min()};
    c.progress.stopped_by = "optimizer converged";
    c.results_width = 32;
    c.optimizer = "ga";
    c.optimizer_state = std::string("\0\1\2state", 8);
    ExperimentConfig config;
    config.seed = 99;
    c.config = serialize_config(config);
    c.config_text = "seed = 99\n";
    c.version = "0.1.0";
    c.git_revision = "abc";
    return c;
}

std::string decode_error(const std::string& bytes) {
    try {
        decode_checkpoint(bytes, "test.ckpt");
    } catch (const CheckpointError& e) {
        return e.what();
    }
    return "(decoded)";
}

GaOptions ga_options() {
    GaOptions options;
    options.population = 8;
    return options;
}

Bounds unit_bounds(std::size_t n) { return {std::vector<double>(n, -1.0), std::vector<double>(n, 1.0)}; }

// One generation of the GA on the sphere.
void step(GeneticAlgorithm& ga) {
    const auto genomes = ga.ask();
    std::vector<EvalResult> results(genomes.size());
    for (std::size_t i = 0; i < genomes.size(); ++i) {
        double f = 0.0;
        for (double x : genomes[i]) f -= x * x;
        results[i].index = i;
        results[i].fitness = f;
    }
    ga.tell(genomes, results);
}

}  // namespace

TEST_CASE("checkpoint: encode/decode gives back every field") {
    const Checkpoint c = sample_checkpoint();
    const Checkpoint d = decode_checkpoint(encode_checkpoint(c), "test.ckpt");
    CHECK(d.progress.generations == 17);
    CHECK(d.progress.evaluations == 544);
    CHECK(d.progress.failures == 3);
    CHECK(d.progress.best_fitness == -0.125);
    CHECK(d.progress.best_generation == 11);
    CHECK(d.progress.best_genome == c.progress.best_genome);  // bit for bit, denormal included
    CHECK(d.progress.stopped_by == "optimizer converged");
    CHECK(d.results_width == 32);
    CHECK(d.optimizer == "ga");
    CHECK(d.optimizer_state == c.optimizer_state);
    CHECK(deserialize_config(d.config).seed == 99);
    CHECK(d.config_text == c.config_text);
    CHECK(d.version == "0.1.0");
    CHECK(d.git_revision == "abc");
}

TEST_CASE("checkpoint: foreign, truncated, corrupt and other-format files are refused with what is wrong") {
    const std::string bytes = encode_checkpoint(sample_checkpoint());
    CHECK(decode_error("") .find("truncated checkpoint (0 bytes)") != std::string::npos);
    CHECK(decode_error("HDF\x89 not ours at all").find("not an l2l checkpoint") != std::string::npos);
    CHECK(decode_error(std::string(4096, 'x')).find("not an l2l checkpoint") != std::string::npos);
    for (const std::size_t length : {std::size_t{3}, std::size_t{8}, std::size_t{20}, std::size_t{24},
                                     bytes.size() / 2, bytes.size() - 1}) {
        INFO("cut to " << length << " bytes");
        CHECK(decode_error(bytes.substr(0, length)).find("truncated") != std::string::npos);
    }
    CHECK(decode_error(bytes + "tail").find("truncated or padded") != std::string::npos);
    for (const std::size_t at : {std::size_t{24}, std::size_t{40}, bytes.size() / 2, bytes.size() - 1}) {
        INFO("byte " << at << " flipped");
        std::string corrupt = bytes;
        corrupt[at] = static_cast<char>(corrupt[at] ^ 0x10);
        CHECK(decode_error(corrupt).find("corrupt checkpoint (CRC-32 mismatch)") != std::string::npos);
    }
    std::string future = bytes;
    future[8] = 2;  // format version 2
    CHECK(decode_error(future).find("checkpoint format 2; this l2l reads format 1") != std::string::npos);
}

TEST_CASE("checkpoint: the file is replaced atomically and read back; a missing one is a CheckpointError") {
    const std::string path = "test_checkpoint_file.ckpt";
    std::filesystem::remove(path);
    Checkpoint c = sample_checkpoint();
    write_checkpoint_file(path, encode_checkpoint(c));
    c.progress.generations = 18;
    write_checkpoint_file(path, encode_checkpoint(c));
    CHECK(read_checkpoint(path).progress.generations == 18);
    CHECK_FALSE(std::filesystem::exists(atomic_temporary_path(path)));
    CHECK_THROWS_AS(read_checkpoint("no_such_file.ckpt"), CheckpointError);
    CHECK_THROWS_WITH_AS(write_file_atomically("no_such_folder/x.ckpt", "bytes"),
                         doctest::Contains("cannot create 'no_such_folder/x.ckpt.tmp'"), std::runtime_error);
}

TEST_CASE("checkpointer: every K generations and at the end; the state continues the optimizer bit for bit") {
    const std::string path = "test_checkpointer.ckpt";
    std::filesystem::remove(path);
    GeneticAlgorithm ga(ga_options(), unit_bounds(4), 5);
    Checkpointer checkpointer(path, 3, 0.0, sample_checkpoint());
    RunProgress progress;
    checkpointer.record(progress, ga, 0, false);
    checkpointer.finish();
    CHECK(read_checkpoint(path).progress.generations == 0);
    for (std::uint64_t g = 1; g <= 5; ++g) {
        step(ga);
        progress.generations = g;
        checkpointer.record(progress, ga, 8, false);
    }
    // Generation 3 was handed to the writer; 4 and 5 were not due.
    checkpointer.finish();  // puts the latest (5) on disk
    CHECK(checkpointer.generations_on_disk() == 5);
    const Checkpoint saved = read_checkpoint(path);
    CHECK(saved.progress.generations == 5);
    CHECK(saved.results_width == 8);
    // Encoded: generations 0 and 3 (due) and 5 (at finish); 1, 2, 4 and 5 were kept as copies.
    CHECK(checkpointer.cost().snapshots == 3);
    CHECK(checkpointer.cost().copies == 4);
    CHECK(checkpointer.cost().writes >= 2);
    CHECK(checkpointer.cost().writes <= 3);

    GeneticAlgorithm resumed(ga_options(), unit_bounds(4), 12345);  // another seed: the state decides
    std::istringstream state(saved.optimizer_state, std::ios::binary);
    resumed.load_state(state);
    for (int g = 0; g < 3; ++g) {
        CHECK(resumed.ask() == ga.ask());
        step(resumed);
        step(ga);
    }
}

TEST_CASE("checkpointer: every K generations or T seconds, whichever comes later; finish writes the last generation") {
    const std::string path = "test_checkpointer_seconds.ckpt";
    std::filesystem::remove(path);
    GeneticAlgorithm ga(ga_options(), unit_bounds(4), 5);
    GeneticAlgorithm reference(ga_options(), unit_bounds(4), 5);
    Checkpointer checkpointer(path, 1, 3600.0, sample_checkpoint());
    RunProgress progress;
    for (std::uint64_t g = 1; g <= 4; ++g) {
        step(ga);
        step(reference);
        progress.generations = g;
        CHECK_FALSE(checkpointer.due(progress, false));  // an hour has not passed
        checkpointer.record(progress, ga, 8, false);
    }
    CHECK(checkpointer.due(progress, true));
    CHECK_FALSE(std::filesystem::exists(path));  // nothing written, nothing encoded
    CHECK(checkpointer.cost().snapshots == 0);
    step(ga);  // the optimizer moves on (an interrupted generation): the copy of generation 4 is written
    checkpointer.finish();
    CHECK(checkpointer.generations_on_disk() == 4);
    CHECK(checkpointer.cost().snapshots == 1);
    const Checkpoint saved = read_checkpoint(path);
    CHECK(saved.progress.generations == 4);
    GeneticAlgorithm resumed(ga_options(), unit_bounds(4), 12345);
    std::istringstream state(saved.optimizer_state, std::ios::binary);
    resumed.load_state(state);
    CHECK(resumed.ask() == reference.ask());
}

TEST_CASE("resume check: steering keys may differ, result-changing keys are named with both values") {
    ExperimentConfig config;
    config.seed = 7;
    Checkpoint checkpoint;
    checkpoint.config = serialize_config(config);
    checkpoint.config_text = "seed = 7\ngenerations = 10\n[ga]\nmutation_sigma = 0.1\n[farm]\nbatch_size = 0\n";

    ExperimentConfig steering = config;
    steering.generations = 500;
    steering.farm.options.batch_size = 4;
    steering.eval_timeout = 3.0;
    steering.checkpoint_every = 10;
    steering.output = "elsewhere.h5";
    CHECK_NOTHROW(check_resume_compatible(
        checkpoint, steering, "seed = 7\ngenerations = 500\n[ga]\nmutation_sigma = 0.10\n[farm]\nbatch_size = 4\n"));

    ExperimentConfig changed = config;
    changed.seed = 8;
    changed.ga.mutation_sigma = 0.2;
    CHECK_THROWS_WITH_AS(
        check_resume_compatible(checkpoint, changed, "seed = 8\ngenerations = 10\n[ga]\nmutation_sigma = 0.2\n"),
        doctest::Contains("ga.mutation_sigma (checkpoint 0.1, now 0.2); seed (checkpoint 7, now 8)"), ConfigError);
    // A key the given config lacks counts at its default (mutation_sigma 1).
    CHECK_THROWS_WITH_AS(check_resume_compatible(checkpoint, config, "seed = 7\ngenerations = 10\n"),
                         doctest::Contains("ga.mutation_sigma (checkpoint 0.1, now 1)"), ConfigError);
    // Sections the run does not use (optimizer ga: [es]) do not count, as older files store them all.
    CHECK_NOTHROW(check_resume_compatible(checkpoint, config,
                                          checkpoint.config_text + "[es]\nsigma = 0.7\n"));

    // A network file whose content changed under the same file name.
    ExperimentConfig network = config;
    network.snn.network_file = "net.toml";
    network.snn.network = "[[populations]]\nname = \"in\"\nsize = 3\n";
    checkpoint.config = serialize_config(network);
    network.snn.network = "[[populations]]\nname = \"in\"\nsize = 4\n";
    CHECK_THROWS_WITH_AS(check_resume_compatible(checkpoint, network, checkpoint.config_text),
                         doctest::Contains("snn.network_file = net.toml (the file changed"), ConfigError);
    CHECK(may_differ_on_resume("farm.spin_us"));
    CHECK(may_differ_on_resume("farm.silence_warning"));
    // And a changed farm.silence_warning is accepted on resume.
    ExperimentConfig quieter = config;
    quieter.farm.options.silence_warning = 5.0;
    checkpoint.config = serialize_config(config);
    CHECK_NOTHROW(check_resume_compatible(checkpoint, quieter, checkpoint.config_text));
    CHECK(deserialize_config(serialize_config(quieter)).farm.options.silence_warning == 5.0);
    CHECK_FALSE(may_differ_on_resume("failure_fitness"));

    // Keys a later l2l added (not in the checkpoint's text): accepted at the value the
    // checkpoint reads back with (their default), named with both values otherwise.
    checkpoint.config = serialize_config(config);
    checkpoint.config_text = "seed = 7\ngenerations = 10\n";
    CHECK_NOTHROW(check_resume_compatible(checkpoint, config,
                                          "seed = 7\ngenerations = 10\nnoise_table_size = 33554432\n[snes]\nsigma0 = 0.3\n"));
    ExperimentConfig bigger_table = config;
    bigger_table.noise_table_size = 1024;
    CHECK_THROWS_WITH_AS(
        check_resume_compatible(checkpoint, bigger_table, "seed = 7\ngenerations = 10\nnoise_table_size = 1024\n"),
        doctest::Contains("noise_table_size (checkpoint 33554432, now 1024)"), ConfigError);
}

TEST_CASE("eval timeout: an evaluation past its deadline fails with status timeout") {
    EvalContext context;
    CHECK_NOTHROW(context.check_deadline());  // no limit
    context.deadline = EvalContext::Clock::now() - std::chrono::milliseconds(1);
    CHECK_THROWS_AS(context.check_deadline(), EvalTimeout);

    auto farm = make_serial_farm();
    farm->set_evaluator([](const EvalTask& task) -> EvalResult {
        if (task.index == 1) throw EvalTimeout("ran past eval_timeout");
        if (task.index == 2) throw std::runtime_error("boom");
        EvalResult r;
        r.fitness = task.index == 3 ? std::nan("") : 1.0;
        return r;
    });
    std::vector<EvalTask> tasks(4);
    for (std::uint64_t i = 0; i < 4; ++i) tasks[i].index = i;
    const auto results = farm->evaluate(tasks);
    CHECK(results[0].status == EvalStatus::ok);
    CHECK(results[1].status == EvalStatus::timeout);
    CHECK(static_cast<int>(results[1].status) == 3);  // the failure code in /generations/failures
    CHECK(results[1].error == "ran past eval_timeout");
    CHECK(results[2].status == EvalStatus::exception);
    CHECK(results[3].status == EvalStatus::non_finite);
}

TEST_CASE("resume check: a checkpoint without record.outputs gets the value its config reads back with") {
    ExperimentConfig config;
    config.record.outputs = "all";  // what a config of version < 3 deserialises to
    Checkpoint checkpoint;
    checkpoint.config = serialize_config(config);
    // Versions 1-2: a [record] table without outputs, followed by another table.
    checkpoint.config_text = "seed = 7\n[record]\npolicy = \"auto\"\nevery = 10\n[ga]\nmutation_sigma = 0.1\n";
    const std::string upgraded = upgraded_config_text(checkpoint);
    CHECK(upgraded == "seed = 7\n[record]\noutputs = \"all\"\npolicy = \"auto\"\nevery = 10\n[ga]\nmutation_sigma = 0.1\n");
    // Version 0: no [record] table at all.
    checkpoint.config_text = "seed = 7\n[ga]\nmutation_sigma = 0.1\n";
    CHECK(upgraded_config_text(checkpoint) ==
          "seed = 7\n[ga]\nmutation_sigma = 0.1\n\n[record]\npolicy = \"auto\"\noutputs = \"all\"\n");
    // A text that has the key is left as it is.
    checkpoint.config_text = "seed = 7\n[record]\noutputs = \"none\"\n";
    CHECK(upgraded_config_text(checkpoint) == checkpoint.config_text);
    // Resuming with the default (auto) is refused by name: the file layout is the checkpoint's.
    ExperimentConfig now;
    CHECK_THROWS_WITH_AS(check_resume_compatible(checkpoint, now, "seed = 7\n[record]\noutputs = \"auto\"\n"),
                         doctest::Contains("record.outputs (checkpoint \"none\", now \"auto\")"), ConfigError);
}
