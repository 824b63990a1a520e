// End-to-end test helpers: run the `l2l` binary (path in L2L_BINARY, set by
// ctest) with a command line, and read what it wrote.
#pragma once

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace l2l::testing {

// Runs `l2l ARGS > log 2>&1`; the exit code, or -1 if l2l did not exit normally.
inline int run_l2l(const std::string& args, const std::string& log = "/dev/null") {
    const char* binary = std::getenv("L2L_BINARY");
    REQUIRE_MESSAGE(binary != nullptr, "set L2L_BINARY to the l2l executable (ctest does)");
    const int status = std::system((std::string(binary) + " " + args + " > " + log + " 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace l2l::testing
