// The experiment configs of issue 8 (plasticity, memory, meta-RL) run through
// the `l2l` binary with their real environments: every config parses, its
// network builds and fits the environment, one small generation runs, and the
// genome has the size the network file documents.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "optimizer/hdf5_util.hpp"

using namespace l2l;

namespace {

int run_l2l(const std::string& args) {
    const char* binary = std::getenv("L2L_BINARY");
    REQUIRE_MESSAGE(binary != nullptr, "set L2L_BINARY to the l2l executable (ctest does)");
    const int status = std::system((std::string(binary) + " " + args + " > /dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Example {
    std::string config;
    std::string shrink;  // options that make one generation take well under a second
    std::size_t genes;
};

}  // namespace

TEST_CASE("the T-maze, arena and CartPole meta-learning configs run with their networks and environments") {
    const Example examples[] = {
        {"tmaze_fixed", "--tmaze.n_trials 1 --snn.tasks 1", 2688},
        {"tmaze_ndp_oja", "--tmaze.n_trials 1 --snn.tasks 1", 9478},
        {"arena_alif", "--arena.episode_ms 300 --snn.tasks 1", 3518},
        {"arena_lif", "--arena.episode_ms 300 --snn.tasks 1", 3518},
        {"cartpole_meta_alif", "--cartpole.max_steps 20 --snn.tasks 2", 1698},
    };
    h5::silence_library_errors();
    for (const Example& example : examples) {
        CAPTURE(example.config);
        const std::string path = example.config + "_smoke.h5";
        std::filesystem::remove(path);
        REQUIRE(run_l2l("run --config " L2L_SOURCE_DIR "/examples/" + example.config + ".toml --generations 1 "
                        "--population 4 --quiet " + example.shrink + " --output " + path) == 0);
        h5::Handle file = h5::file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open");
        std::vector<hsize_t> shape;
        const std::vector<double> genomes = h5::read_doubles(file.get(), "/generations/genomes", &shape);
        REQUIRE(shape.size() == 3);
        CHECK(shape[2] == example.genes);
        CHECK(h5::read_string_attribute(file.get(), "status") == "finished");
    }
}
