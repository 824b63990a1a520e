// `l2l run --resume` on bad input: a foreign, corrupt or truncated checkpoint,
// a missing one, a truncated or replaced results file, a config that changes
// the results, --force with --resume, a run still writing the file. Each ends
// with exit code 2 and a message saying what is wrong, and leaves the results
// file and the checkpoint exactly as they were.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "optimizer/results/hdf5_util.hpp"
#include "tests/support/l2l_process.hpp"

using namespace l2l;
using l2l::testing::read_text;
using l2l::testing::run_l2l;

namespace {

const std::string kRun = "run --quiet --population 8 --benchmark.dimension 3 ";

std::string bytes_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return std::move(bytes).str();
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// A finished 6-generation run in `name`.h5 with its checkpoint.
void make_run(const std::string& name) {
    for (const char* suffix : {".h5", ".h5.ckpt"}) std::filesystem::remove(name + suffix);
    REQUIRE(run_l2l(kRun + "--seed 7 --generations 6 --output " + name + ".h5") == 0);
    REQUIRE(std::filesystem::exists(name + ".h5.ckpt"));
}

// Resumes `name`.h5 with `extra` options; expects exit 2, `message` in the
// log, and both files untouched.
void expect_refused(const std::string& name, const std::string& extra, const std::string& message) {
    const std::string results = bytes_of(name + ".h5");
    const std::string checkpoint = bytes_of(name + ".h5.ckpt");
    const std::string log = name + ".log";
    const std::string seed = extra.find("--seed") == std::string::npos ? "--seed 7 " : "";
    CHECK(run_l2l(kRun + seed + "--generations 9 --output " + name + ".h5 --resume " + extra, log) == 2);
    const std::string text = read_text(log);
    INFO("log: " << text);
    CHECK(text.find(message) != std::string::npos);
    CHECK(bytes_of(name + ".h5") == results);
    CHECK(bytes_of(name + ".h5.ckpt") == checkpoint);
}

}  // namespace

TEST_CASE("resume: foreign, corrupt and truncated checkpoints") {
    make_run("bad_ckpt");
    const std::string good = bytes_of("bad_ckpt.h5.ckpt");
    write_bytes("bad_ckpt.h5.ckpt", "seed = 7\n# a config file, not a checkpoint\n");
    expect_refused("bad_ckpt", "", "not an l2l checkpoint");
    std::string corrupt = good;
    corrupt[corrupt.size() / 2] = static_cast<char>(corrupt[corrupt.size() / 2] ^ 0x01);
    write_bytes("bad_ckpt.h5.ckpt", corrupt);
    expect_refused("bad_ckpt", "", "corrupt checkpoint (CRC-32 mismatch)");
    write_bytes("bad_ckpt.h5.ckpt", good.substr(0, good.size() - 100));
    expect_refused("bad_ckpt", "", "truncated");
    std::filesystem::remove("bad_ckpt.h5.ckpt");
    CHECK(run_l2l(kRun + "--seed 7 --generations 9 --output bad_ckpt.h5 --resume", "bad_ckpt.log") == 2);
    CHECK(read_text("bad_ckpt.log").find("no checkpoint 'bad_ckpt.h5.ckpt'") != std::string::npos);
}

TEST_CASE("resume: truncated, missing and replaced results files") {
    make_run("bad_h5");
    const std::string good = bytes_of("bad_h5.h5");
    write_bytes("bad_h5.h5", good.substr(0, good.size() / 2));
    expect_refused("bad_h5", "", "cannot be opened as an HDF5 file (truncated or damaged)");
    write_bytes("bad_h5.h5", good.substr(0, 1000));
    expect_refused("bad_h5", "", "cannot be opened as an HDF5 file (truncated or damaged)");

    // The results file of a shorter run under the checkpoint of a longer one.
    REQUIRE(run_l2l(kRun + "--seed 7 --generations 3 --force --output bad_h5_short.h5") == 0);
    std::filesystem::copy_file("bad_h5_short.h5", "bad_h5.h5", std::filesystem::copy_options::overwrite_existing);
    expect_refused("bad_h5", "", "has 3 generations, the checkpoint 6: the results file is older than its checkpoint");

    // Another run's file (another optimizer) beside this checkpoint.
    REQUIRE(run_l2l("run --quiet --optimizer random --population 8 --benchmark.dimension 3 --generations 6 --force "
                    "--output bad_h5_other.h5") == 0);
    std::filesystem::copy_file("bad_h5_other.h5", "bad_h5.h5", std::filesystem::copy_options::overwrite_existing);
    expect_refused("bad_h5", "", "is not the results file of this run (optimizer 'random', this run 'ga')");

    std::filesystem::remove("bad_h5.h5");
    CHECK(run_l2l(kRun + "--seed 7 --generations 9 --output bad_h5.h5 --resume", "bad_h5.log") == 2);
    CHECK(read_text("bad_h5.log").find("the results file 'bad_h5.h5' does not exist") != std::string::npos);
}

TEST_CASE("resume: a config that changes the results is refused, naming the keys; the budget may change") {
    make_run("changed");
    expect_refused("changed", "--seed 8",
                   "the config differs from the checkpoint's where it changes the results: seed (checkpoint 7, now 8)");
    expect_refused("changed", "--ga.mutation_sigma 0.5 --benchmark.function ackley",
                   "benchmark.function (checkpoint \"sphere\", now \"ackley\"); ga.mutation_sigma (checkpoint 1, "
                   "now 0.5)");
    expect_refused("changed", "--optimizer es", "optimizer (checkpoint \"ga\", now \"es\")");
    expect_refused("changed", "--force", "excludes");
    // generations, farm.*, checkpoint_every and eval_timeout may change.
    CHECK(run_l2l(kRun + "--seed 7 --generations 9 --farm.batch_size 3 --checkpoint_every 2 --eval_timeout 100 "
                         "--output changed.h5 --resume") == 0);
    h5::Handle file = h5::file(H5Fopen("changed.h5", H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    std::vector<hsize_t> shape;
    h5::read_doubles(file.get(), "/generations/fitness", &shape);
    CHECK(shape == std::vector<hsize_t>{9, 8});
    CHECK(h5::read_string_attribute(file.get(), "status") == "finished");
    const auto resumes = h5::read_string_array_attribute(file.get(), "resumes");
    REQUIRE(resumes.size() == 1);
    CHECK(resumes[0].find("resumed at generation 6 with 1 process(es)") != std::string::npos);
    // The stored config is the one of the resumed run (generations = 9).
    CHECK(h5::read_string_attribute(file.get(), "config").find("generations = 9") != std::string::npos);
}

TEST_CASE("resume: a run never overwrites another run's file and never shares it") {
    make_run("shared");
    // Without --resume or --force, an existing file is refused (as before checkpoints).
    CHECK(run_l2l(kRun + "--seed 7 --generations 9 --output shared.h5", "shared.log") == 2);
    CHECK(read_text("shared.log").find("the file exists; refusing to overwrite it") != std::string::npos);
    // Nothing to do: a finished run resumed with the same budget stays as it is.
    CHECK(run_l2l("run --seed 7 --population 8 --benchmark.dimension 3 --generations 6 --output shared.h5 --resume",
                  "shared.log") == 0);
    CHECK(read_text("shared.log").find("nothing to resume: shared.h5 already holds 6 generations") !=
          std::string::npos);
}
