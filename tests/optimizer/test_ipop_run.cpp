// `l2l run --optimizer cmaes --cmaes.ipop`: the population doubles at each
// restart and the results file widens with it.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "optimizer/results/hdf5_util.hpp"

using namespace l2l;

TEST_CASE("IPOP-CMA-ES through l2l run: Rastrigin 10-D below 1e-8 within 2e5 evaluations, file widens") {
    const char* binary = std::getenv("L2L_BINARY");
    REQUIRE(binary != nullptr);
    std::filesystem::remove("ipop.h5");
    const std::string command = std::string(binary) +
                                " run --quiet --seed 42 --optimizer cmaes --cmaes.ipop --benchmark.function rastrigin "
                                "--benchmark.dimension 10 --generations 5000 --target_fitness -1e-8 --output ipop.h5";
    const int status = std::system(command.c_str());
    REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));

    h5::Handle file = h5::file(H5Fopen("ipop.h5", H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    const hid_t f = file.get();
    const double best = h5::read_doubles(f, "/best/fitness").at(0);
    CHECK(best >= -1e-8);
    const auto evaluations = h5::read_ints(f, "/generations/evaluations");
    std::int64_t total = 0;
    for (const auto e : evaluations) total += e;
    CHECK(total <= 200'000);
    CHECK(evaluations.front() == 10);  // 4 + floor(3 ln 10)
    CHECK(evaluations.back() > evaluations.front());  // at least one restart

    // Rows are as wide as the largest population; each generation's own
    // individuals fill its first `evaluations` cells, NaN / -1 the rest.
    std::vector<hsize_t> shape;
    const auto fitness = h5::read_doubles(f, "/generations/fitness", &shape);
    const std::size_t width = shape.at(1);
    CHECK(width == static_cast<std::size_t>(evaluations.back()));
    const auto failures = h5::read_ints(f, "/generations/failures", &shape);
    CHECK(shape.at(1) == width);
    const auto genomes = h5::read_doubles(f, "/generations/genomes", &shape);
    CHECK(shape == std::vector<hsize_t>{evaluations.size(), width, 10});
    bool layout_ok = true;
    for (std::size_t g = 0; g < evaluations.size(); ++g) {
        const auto n = static_cast<std::size_t>(evaluations[g]);
        for (std::size_t i = 0; i < width; ++i) {
            const double x = fitness[g * width + i];
            const auto code = failures[g * width + i];
            const double gene = genomes[(g * width + i) * 10];
            layout_ok &= i < n ? (std::isfinite(x) && code == 0 && std::isfinite(gene))
                               : (std::isnan(x) && code == -1 && std::isnan(gene));
        }
    }
    CHECK(layout_ok);
}
