#include <CLI/CLI.hpp>
#include <cstdio>

#include "optimizer/commands/commands.hpp"

namespace l2l::cli {

CommandRunner add_inspect_command(CLI::App& root) {
    root.add_subcommand("inspect", "(under construction)");
    return [] {
        std::fputs("l2l inspect: under construction\n", stderr);
        return 1;
    };
}

}  // namespace l2l::cli
