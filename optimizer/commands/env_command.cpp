#include <CLI/CLI.hpp>
#include <cstdio>

#include "optimizer/commands/commands.hpp"

namespace l2l::cli {

CommandRunner add_env_command(CLI::App& root) {
    root.add_subcommand("env", "(under construction)");
    return [] {
        std::fputs("l2l env: under construction\n", stderr);
        return 1;
    };
}

}  // namespace l2l::cli
