// The `l2l` program: one program, several subcommands.
#include "optimizer/commands/program.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <string_view>

#include "optimizer/commands/build_info.hpp"
#include "optimizer/commands/commands.hpp"

namespace l2l::cli {

int program(int argc, char** argv) {
    if (argc > 1 && std::string_view(argv[1]) == "run") return run_main(argc, argv);

    CLI::App app{"l2l: Learning-to-Learn for spiking neural networks on HPC machines"};
    app.require_subcommand(1);
    app.set_version_flag("--version", fmt::format("l2l {} (git {})", version(), git_revision()));

    app.add_subcommand("run", run_command_description);  // listed here, run by run_main
    const CommandRunner run_env = add_env_command(app);
    const CommandRunner run_neuron = add_neuron_command(app);
    const CommandRunner run_inspect = add_inspect_command(app);
    const CommandRunner run_replay = add_replay_command(app);
    const CommandRunner run_compare = add_compare_command(app);
    const CommandRunner run_sweep = add_sweep_command(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;  // usage errors exit with 2, like `l2l run`
    }
    if (app.got_subcommand("env")) return run_env();
    if (app.got_subcommand("neuron")) return run_neuron();
    if (app.got_subcommand("inspect")) return run_inspect();
    if (app.got_subcommand("replay")) return run_replay();
    if (app.got_subcommand("compare")) return run_compare();
    if (app.got_subcommand("sweep")) return run_sweep();
    return 2;
}

}  // namespace l2l::cli
