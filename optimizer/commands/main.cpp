// The `l2l` binary: the program with the built-in optimizees only.
#include "optimizer/commands/program.hpp"

int main(int argc, char** argv) { return l2l::cli::program(argc, argv); }
