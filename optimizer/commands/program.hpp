// The whole `l2l` program as a function, so that a program of one's own (one
// that registers its optimizees, optimizer/run/optimizee_registry.hpp) is the
// l2l program with them: its main() registers, then returns program(argc, argv).
#pragma once

namespace l2l::cli {

// Parses the command line (`run`, `inspect`, `env`, ...) and runs the
// subcommand; returns the exit code (0 done, 1 failed, 2 bad input, 3 interrupted).
int program(int argc, char** argv);

}  // namespace l2l::cli
