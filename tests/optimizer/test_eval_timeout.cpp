// --eval_timeout end to end: an evaluation that runs past it does not end the
// run; it is recorded with failure code 3 and fitness = failure_fitness, and
// logged with its generation and individual. The SNN optimizee checks the
// deadline at every environment step; a benchmark function (which never
// looks) is timed out after it returns. A run none of whose evaluations has
// ever succeeded stops after its first all-failed generation (exit 1, status
// failed; experiment.cpp), so a limit that times out everything ends there.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include "optimizer/results/hdf5_util.hpp"
#include "tests/support/l2l_process.hpp"

using namespace l2l;
using l2l::testing::read_text;
using l2l::testing::run_l2l;

namespace {

const std::string kSnn = "run --config " L2L_SOURCE_DIR
                         "/examples/mountaincar_ga.toml --generations 2 --population 4 --seed 3 ";

struct Recorded {
    std::vector<std::int64_t> failures;
    std::vector<double> fitness;
    std::vector<double> genomes;
    std::vector<double> outputs;
};

Recorded read_run(const std::string& path) {
    h5::Handle file = h5::file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open " + path);
    Recorded r;
    r.failures = h5::read_ints(file.get(), "/generations/failures");
    r.fitness = h5::read_doubles(file.get(), "/generations/fitness");
    r.genomes = h5::read_doubles(file.get(), "/generations/genomes");
    if (h5::exists(file.get(), "/generations/outputs")) r.outputs = h5::read_doubles(file.get(), "/generations/outputs");
    return r;
}

}  // namespace

TEST_CASE("eval_timeout: an SNN evaluation past the limit fails with code 3 and the penalty; the run goes on") {
    for (const char* name : {"timeout_all.h5", "timeout_none.h5", "timeout_off.h5"}) std::filesystem::remove(name);
    REQUIRE(run_l2l(kSnn + "--eval_timeout 0.000001 --failure_fitness -7 --output timeout_all.h5", "timeout.log") == 1);
    const Recorded all = read_run("timeout_all.h5");
    CHECK(all.failures == std::vector<std::int64_t>(4, 3));  // generation 0 only
    CHECK(all.fitness == std::vector<double>(4, -7.0));
    CHECK(std::all_of(all.outputs.begin(), all.outputs.end(), [](double x) { return std::isnan(x); }));
    const std::string log = read_text("timeout.log");
    CHECK(log.find("generation 0 individual 3: evaluation timed out (ran past eval_timeout); fitness set to "
                   "failure_fitness = -7") != std::string::npos);
    CHECK(log.find("run failed: generation 0: all 4 evaluations failed (4 timed out; first: individual 0 timed out: "
                   "ran past eval_timeout); no evaluation of this run has succeeded, so it stops here") !=
          std::string::npos);

    // A limit that is never reached changes nothing.
    REQUIRE(run_l2l(kSnn + "--quiet --eval_timeout 1000 --output timeout_none.h5") == 0);
    REQUIRE(run_l2l(kSnn + "--quiet --output timeout_off.h5") == 0);
    const Recorded none = read_run("timeout_none.h5");
    const Recorded off = read_run("timeout_off.h5");
    CHECK(none.failures == std::vector<std::int64_t>(8, 0));
    CHECK(none.fitness == off.fitness);
    CHECK(none.genomes == off.genomes);
}

TEST_CASE("eval_timeout: an optimizee that never checks the deadline is timed out after it returns") {
    std::filesystem::remove("timeout_benchmark.h5");
    REQUIRE(run_l2l("run --quiet --generations 3 --population 6 --eval_timeout 1e-9 --output timeout_benchmark.h5") ==
            1);
    const Recorded r = read_run("timeout_benchmark.h5");
    CHECK(r.failures == std::vector<std::int64_t>(6, 3));
    CHECK(r.fitness == std::vector<double>(6, -1e300));  // the documented default failure_fitness
    CHECK(run_l2l("run --eval_timeout -1 --output timeout_bad.h5", "timeout_bad.log") == 2);
    CHECK(read_text("timeout_bad.log").find("--eval_timeout") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists("timeout_bad.h5"));
}
