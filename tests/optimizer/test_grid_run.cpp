// `l2l run --optimizer grid`: a grid over named genes from the config file
// ([grid.points] / [grid.fixed] tables) or the command line (GENE=N items).
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "optimizer/results/hdf5_util.hpp"
#include "tests/support/l2l_process.hpp"

using namespace l2l;
using l2l::testing::read_text;
using l2l::testing::run_l2l;

TEST_CASE("grid run: every grid point once, in order, the best found, then converged") {
    std::ofstream("grid.toml") << "optimizer = \"grid\"\npopulation = 10\ngenerations = 100\n"
                                  "[benchmark]\nfunction = \"sphere\"\ndimension = 3\n"
                                  "[grid.points]\nx0 = 5\nx1 = 3\n[grid.fixed]\nx2 = 1.0\n";
    for (const char* name : {"grid.h5", "grid_again.h5"}) std::filesystem::remove(name);
    REQUIRE(run_l2l("run --config grid.toml --quiet --output grid.h5") == 0);
    CHECK_FALSE(std::filesystem::exists("grid.h5.lock"));  // a run that ends removes its lock file
    h5::Handle file = h5::file(H5Fopen("grid.h5", H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    const hid_t f = file.get();
    std::vector<hsize_t> shape;
    const auto genomes = h5::read_doubles(f, "/generations/genomes", &shape);
    CHECK(shape == std::vector<hsize_t>{2, 10, 3});  // 15 points in slices of 10: converged after 2
    // Each point once: the second generation holds the 5 points left (the rest of its row is NaN).
    CHECK(h5::read_ints(f, "/generations/evaluations") == std::vector<std::int64_t>{10, 5});
    const auto fitness = h5::read_doubles(f, "/generations/fitness");
    for (std::size_t k = 15; k < 20; ++k) CHECK(std::isnan(fitness[k]));
    // The mean of generation 1 is over its 5 points (points 10..14; x2 = 1; fitness -|x|^2).
    const double x0_last[] = {2.56, 2.56, 5.12, 5.12, 5.12};
    const double x1_last[] = {0.0, 5.12, -5.12, 0.0, 5.12};
    double sum = 0.0;
    for (std::size_t k = 0; k < 5; ++k) sum -= x0_last[k] * x0_last[k] + x1_last[k] * x1_last[k] + 1.0;
    CHECK(h5::read_doubles(f, "/generations/mean").at(1) == doctest::Approx(sum / 5.0).epsilon(1e-12));
    // Lexicographic, the last listed gene fastest; x2 fixed at 1.
    const double x0[] = {-5.12, -2.56, 0.0, 2.56, 5.12};
    const double x1[] = {-5.12, 0.0, 5.12};
    for (std::size_t k = 0; k < 15; ++k) {
        CHECK(genomes[3 * k] == doctest::Approx(x0[k / 3]).epsilon(1e-15));
        CHECK(genomes[3 * k + 1] == x1[k % 3]);
        CHECK(genomes[3 * k + 2] == 1.0);
    }
    CHECK(h5::read_doubles(f, "/best/fitness").at(0) == -1.0);  // (0, 0, 1)
    CHECK(h5::read_doubles(f, "/best/genome") == std::vector<double>{0.0, 0.0, 1.0});

    // The effective config (tables written back as GENE=N lists) reruns the same grid.
    std::ofstream("grid_stored.toml") << h5::read_string_attribute(f, "config");
    REQUIRE(run_l2l("run --config grid_stored.toml --quiet --output grid_again.h5") == 0);
    h5::Handle again = h5::file(H5Fopen("grid_again.h5", H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    const auto rerun = h5::read_doubles(again.get(), "/generations/genomes");
    const auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };  // NaN: no point
    CHECK(std::equal(rerun.begin(), rerun.end(), genomes.begin(), genomes.end(), same));
}

TEST_CASE("grid run: [grid.points] axes in the order listed in the file, not by name") {
    std::ofstream("grid_order.toml") << "optimizer = \"grid\"\npopulation = 6\n"
                                        "[benchmark]\nfunction = \"sphere\"\ndimension = 2\n"
                                        "[grid.points]\nx1 = 3\nx0 = 2\n";
    std::filesystem::remove("grid_order.h5");
    REQUIRE(run_l2l("run --config grid_order.toml --quiet --output grid_order.h5") == 0);
    h5::Handle file = h5::file(H5Fopen("grid_order.h5", H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    const auto genomes = h5::read_doubles(file.get(), "/generations/genomes");
    REQUIRE(genomes.size() == 12);
    // x1 listed first: it varies slowest, x0 (listed last) fastest.
    const double x1[] = {-5.12, -5.12, 0.0, 0.0, 5.12, 5.12};
    const double x0[] = {-5.12, 5.12, -5.12, 5.12, -5.12, 5.12};
    for (std::size_t k = 0; k < 6; ++k) {
        CHECK(genomes[2 * k] == x0[k]);
        CHECK(genomes[2 * k + 1] == x1[k]);
    }
}

TEST_CASE("grid errors name the gene and what is allowed") {
    std::filesystem::remove("grid_bad.h5");
    const std::string base = "run --optimizer grid --benchmark.dimension 2 --output grid_bad.h5 ";
    CHECK(run_l2l(base + "--grid.points x5=3", "grid.log") == 2);
    CHECK(read_text("grid.log").find("unknown gene \"x5\"; genes are: x0, x1") != std::string::npos);
    CHECK(run_l2l(base + "--grid.points x0", "grid.log") == 2);
    CHECK(read_text("grid.log").find("'x0' is not GENE=VALUE") != std::string::npos);
    CHECK(run_l2l(base + "--grid.points x0=0", "grid.log") == 2);
    CHECK(read_text("grid.log").find("allowed: an integer in [1,") != std::string::npos);
    CHECK(run_l2l(base + "--grid.points x0=3 --grid.fixed x0=1", "grid.log") == 2);
    CHECK(read_text("grid.log").find("a gene that is not on the grid") != std::string::npos);
    CHECK(run_l2l(base + "--grid.points x0=3 --grid.fixed x1=99", "grid.log") == 2);
    CHECK(read_text("grid.log").find("within the gene's bounds") != std::string::npos);
    CHECK(run_l2l(base, "grid.log") == 2);
    CHECK(read_text("grid.log").find("grid.points") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists("grid_bad.h5"));
}
