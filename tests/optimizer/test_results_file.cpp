// End to end through the `l2l` binary: the HDF5 results file has every
// dataset and attribute of the documented layout, with the right shapes and
// consistent values; bad input writes nothing.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "optimizer/results/hdf5_util.hpp"

using namespace l2l;

namespace {

int run_l2l(const std::string& args) {
    const char* binary = std::getenv("L2L_BINARY");
    REQUIRE_MESSAGE(binary != nullptr, "set L2L_BINARY to the l2l executable (ctest does)");
    const int status = std::system((std::string(binary) + " " + args + " > /dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("results file: every dataset and attribute of the layout, with the right shapes") {
    const std::string path = "results_layout.h5";
    std::filesystem::remove(path);
    REQUIRE(run_l2l("run --quiet --generations 7 --population 12 --benchmark.function rosenbrock "
                    "--benchmark.dimension 5 --seed 3 --output " + path) == 0);

    h5::silence_library_errors();
    h5::Handle file = h5::file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    const hid_t f = file.get();
    for (const char* name : {"version", "git_revision", "command_line", "config", "host", "started", "status"}) {
        INFO(name);
        CHECK(h5::has_attribute(f, name));
        CHECK_FALSE(h5::read_string_attribute(f, name).empty());
    }
    CHECK(h5::read_uint_attribute(f, "seed") == 3);
    CHECK(h5::read_int_attribute(f, "mpi_size") == 1);
    CHECK(h5::read_string_attribute(f, "status") == "finished");
    CHECK(h5::read_string_attribute(f, "config").find("[ga]") != std::string::npos);

    std::vector<hsize_t> shape;
    const auto fitness = h5::read_doubles(f, "/generations/fitness", &shape);
    CHECK(shape == std::vector<hsize_t>{7, 12});
    const auto genomes = h5::read_doubles(f, "/generations/genomes", &shape);
    CHECK(shape == std::vector<hsize_t>{7, 12, 5});
    h5::read_ints(f, "/generations/failures", &shape);
    CHECK(shape == std::vector<hsize_t>{7, 12});
    for (const char* name : {"best", "mean", "std", "wall_time", "eval_time"}) {
        INFO(name);
        h5::read_doubles(f, std::string("/generations/") + name, &shape);
        CHECK(shape == std::vector<hsize_t>{7});
    }
    const auto evaluations = h5::read_ints(f, "/generations/evaluations", &shape);
    CHECK(shape == std::vector<hsize_t>{7});
    CHECK(evaluations == std::vector<std::int64_t>(7, 12));
    h5::read_doubles(f, "/generations/summary/ga/gene_spread", &shape);
    CHECK(shape == std::vector<hsize_t>{7});

    // best/mean per generation agree with the fitness matrix; /best is the best ever.
    const auto best = h5::read_doubles(f, "/generations/best");
    double best_ever = -1e308;
    std::int64_t best_generation = -1;
    for (std::size_t g = 0; g < 7; ++g) {
        const auto row = fitness.begin() + static_cast<std::ptrdiff_t>(g * 12);
        CHECK(best[g] == *std::max_element(row, row + 12));
        if (best[g] > best_ever) {
            best_ever = best[g];
            best_generation = static_cast<std::int64_t>(g);
        }
    }
    CHECK(h5::read_doubles(f, "/best/fitness").at(0) == best_ever);
    CHECK(h5::read_ints(f, "/best/generation").at(0) == best_generation);
    const auto best_genome = h5::read_doubles(f, "/best/genome", &shape);
    CHECK(shape == std::vector<hsize_t>{5});
    // The recorded best genome is one of the recorded genomes of its generation.
    bool found = false;
    for (std::size_t i = 0; i < 12; ++i) {
        const auto start = genomes.begin() + static_cast<std::ptrdiff_t>((static_cast<std::size_t>(best_generation) * 12 + i) * 5);
        found = found || std::equal(best_genome.begin(), best_genome.end(), start);
    }
    CHECK(found);
}

TEST_CASE("results file: an existing file is never overwritten without --force") {
    const std::string path = "results_existing.h5";
    { std::ofstream(path) << "precious"; }
    CHECK(run_l2l("run --generations 2 --output " + path) == 2);
    std::ifstream in(path);
    std::string content;
    in >> content;
    CHECK(content == "precious");
    CHECK(run_l2l("run --quiet --generations 2 --force --output " + path) == 0);
    CHECK(std::filesystem::file_size(path) > 1000);
}

TEST_CASE("results file: bad config exits with code 2 and writes nothing") {
    const std::string path = "results_bad_config.h5";
    std::filesystem::remove(path);
    { std::ofstream("bad.toml") << "[ga]\nmutation_prob = 2\n"; }
    CHECK(run_l2l("run --config bad.toml --output " + path) == 2);
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(run_l2l("run --config missing.toml --output " + path) == 2);
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(run_l2l("run --population 1 --output " + path) == 2);
    CHECK_FALSE(std::filesystem::exists(path));
}
