// `initial_genome`: where each optimizer starts from a genome file (the ES
// family's mean, the GA's generation 0), and the errors for a file that does
// not fit the run (exit 2 in `l2l run`, ConfigError here).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "optimizer/algorithms/genetic_algorithm.hpp"
#include "optimizer/results/genome_file.hpp"
#include "optimizer/run/benchmark_optimizee.hpp"
#include "optimizer/run/experiment_config.hpp"
#include "optimizer/run/factory.hpp"
#include "optimizer/run/initial_genome.hpp"

using namespace l2l;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct TempFolder {
    fs::path path;
    TempFolder() {
        std::string pattern = (fs::temp_directory_path() / "l2l_initial_genome_XXXXXX").string();
        path = mkdtemp(pattern.data());
    }
    ~TempFolder() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

ExperimentConfig sphere_config(const std::string& optimizer, std::size_t dimension) {
    ExperimentConfig config;
    config.optimizer = optimizer;
    config.optimizee = "benchmark";
    config.benchmark.function = "sphere";
    config.benchmark.dimension = dimension;
    config.population = 8;
    config.seed = 5;
    return config;
}

// A genome file as `l2l replay --save-genome` writes it, with the optimizee's gene names.
void write_genome(const fs::path& path, const Genome& genome, const Optimizee& optimizee) {
    GenomeFile file;
    file.source = "test";
    file.individual.genome = genome;
    file.gene_names = optimizee.gene_names();
    file.gene_names.resize(genome.size(), "extra");
    write_genome_file(path.string(), file);
}

// The ConfigError message read_initial_genome throws, or "" if none.
std::string read_error(const ExperimentConfig& config, const Optimizee& optimizee, const fs::path& folder) {
    try {
        read_initial_genome(config, optimizee, folder);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

Genome start_genome(std::size_t dimension) {
    Genome genome(dimension);
    for (std::size_t i = 0; i < dimension; ++i) genome[i] = 0.25 * static_cast<double>(i) - 1.0;  // within [-5.12, 5.12]
    return genome;
}

}  // namespace

TEST_CASE("initial_genome: the ES family starts with its mean at the genome") {
    TempFolder folder;
    for (const std::string name : {"es", "cmaes", "snes", "sepcma", "openai_es"}) {
        CAPTURE(name);
        ExperimentConfig config = sphere_config(name, 6);
        config.initial_genome = "start.genome.h5";  // relative: taken from the config folder
        const auto optimizee = make_optimizee(config);
        const Genome genome = start_genome(6);
        write_genome(folder.path / "start.genome.h5", genome, *optimizee);
        const Genome read = read_initial_genome(config, *optimizee, folder.path);
        CHECK(read == genome);
        const auto optimizer = make_optimizer(config, *optimizee, read);
        (void)optimizer->ask();  // the noise-table optimizers state their mean with a population
        const PopulationState state = optimizer->population_state();
        bool found = false;
        for (const auto& [key, values] : state.vectors) {
            if (key != "mean") continue;
            found = true;
            REQUIRE(values.size() == genome.size());
            for (std::size_t i = 0; i < genome.size(); ++i) CHECK(values[i] == doctest::Approx(genome[i]).epsilon(1e-12));
        }
        CHECK(found);
        // Without the genome the same seed starts elsewhere (a uniform draw in the bounds).
        const auto cold = make_optimizer(config, *optimizee);
        (void)cold->ask();
        for (const auto& [key, values] : cold->population_state().vectors) {
            if (key == "mean") CHECK(values != genome);
        }
    }
}

TEST_CASE("initial_genome: the GA's generation 0 is the genome and mutated copies of it") {
    const Genome genome = start_genome(10);
    Bounds bounds{std::vector<double>(10, -5.12), std::vector<double>(10, 5.12)};
    GaOptions options;
    options.population = 40;
    options.gene_mutation_prob = 1.0;  // every gene of every copy moves: N(0, 0.1^2)
    options.mutation_sigma = 0.1;
    GeneticAlgorithm ga(options, bounds, 3, genome);
    const std::vector<Genome> first = ga.ask();
    REQUIRE(first.size() == 40);
    CHECK(first[0] == genome);
    double squares = 0.0;
    for (std::size_t k = 1; k < first.size(); ++k) {
        CHECK(first[k] != genome);
        for (std::size_t i = 0; i < genome.size(); ++i) squares += (first[k][i] - genome[i]) * (first[k][i] - genome[i]);
    }
    // 390 draws of N(0, 0.01): the sample standard deviation within 15 % of 0.1 (about 4 standard errors).
    CHECK(std::sqrt(squares / 390.0) == doctest::Approx(0.1).epsilon(0.15));

    options.gene_mutation_prob = 0.0;  // nothing mutated: all copies are the genome
    GeneticAlgorithm unchanged(options, bounds, 3, genome);
    for (const Genome& g : unchanged.ask()) CHECK(g == genome);

    // Copies stay within the bounds: a genome at the upper bound, a large sigma.
    options.gene_mutation_prob = 1.0;
    options.mutation_sigma = 3.0;
    GeneticAlgorithm clipped(options, bounds, 4, Genome(10, 5.12));
    for (const Genome& g : clipped.ask()) {
        for (double v : g) CHECK((v >= -5.12 && v <= 5.12));
    }
}

TEST_CASE("initial_genome: a file that does not fit the run is refused, naming the option and the value") {
    TempFolder folder;
    ExperimentConfig config = sphere_config("ga", 4);
    const auto optimizee = make_optimizee(config);
    const fs::path good = folder.path / "good.genome.h5";
    write_genome(good, start_genome(4), *optimizee);

    config.initial_genome = (folder.path / "missing.genome.h5").string();
    std::string message = read_error(config, *optimizee, folder.path);
    CHECK(contains(message, "initial_genome = " + config.initial_genome));
    CHECK(contains(message, "genome file written by `l2l replay --save-genome`"));

    config.initial_genome = (folder.path / "long.genome.h5").string();
    write_genome(config.initial_genome, start_genome(5), *optimizee);
    message = read_error(config, *optimizee, folder.path);
    CHECK(contains(message, "initial_genome = " + config.initial_genome));
    INFO(message);
    CHECK(contains(message, "the file holds 5 genes, optimizee sphere has 4"));

    config.initial_genome = (folder.path / "outside.genome.h5").string();
    Genome outside = start_genome(4);
    outside[2] = 6.0;
    write_genome(config.initial_genome, outside, *optimizee);
    message = read_error(config, *optimizee, folder.path);
    CHECK(contains(message, "gene 2 (x2) = 6 is outside its bounds; allowed: [-5.12, 5.12]"));

    config.initial_genome = (folder.path / "renamed.genome.h5").string();
    GenomeFile renamed;
    renamed.individual.genome = start_genome(4);
    renamed.gene_names = {"x0", "x1", "y", "x3"};
    write_genome_file(config.initial_genome, renamed);
    message = read_error(config, *optimizee, folder.path);
    CHECK(contains(message, "gene 2 is y in the file, x2 in this run"));

    // A non-finite gene: the genome-file reader refuses it, named under the option.
    config.initial_genome = (folder.path / "nan.genome.h5").string();
    GenomeFile nan_file = renamed;
    nan_file.gene_names = optimizee->gene_names();
    nan_file.individual.genome[1] = std::nan("");
    write_genome_file(config.initial_genome, nan_file);
    message = read_error(config, *optimizee, folder.path);
    CHECK(contains(message, "initial_genome = " + config.initial_genome));

    config.initial_genome = good.string();
    CHECK(read_error(config, *optimizee, folder.path).empty());
    config.initial_genome.clear();
    CHECK(read_initial_genome(config, *optimizee, folder.path).empty());  // none set: nothing read

    // Optimizers without one starting point refuse the option before any file is read.
    for (const char* name : {"grid", "random", "enkf"}) {
        ExperimentConfig other = sphere_config(name, 4);
        other.initial_genome = good.string();
        std::string refused;
        try {
            validate(other);
        } catch (const ConfigError& e) {
            refused = e.what();
        }
        CHECK(contains(refused, "initial_genome = " + good.string() + " is set, but optimizer = " + name));
        CHECK(contains(refused, "allowed with: ga, es, cmaes, snes, sepcma, openai_es"));
    }
}

TEST_CASE("initial_genome: the config keeps it through serialisation (checkpoints, MPI broadcast)") {
    ExperimentConfig config = sphere_config("ga", 4);
    config.initial_genome = "evolved/x.genome.h5";
    CHECK(deserialize_config(serialize_config(config)).initial_genome == "evolved/x.genome.h5");
}
