// The `l2l` binary: one program, several subcommands.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <string_view>

#include "optimizer/commands/build_info.hpp"
#include "optimizer/commands/commands.hpp"

int main(int argc, char** argv) {
    if (argc > 1 && std::string_view(argv[1]) == "run") return l2l::cli::run_main(argc, argv);

    CLI::App app{"l2l: Learning-to-Learn for spiking neural networks on HPC machines"};
    app.require_subcommand(1);
    app.set_version_flag("--version", fmt::format("l2l {} (git {})", l2l::version(), l2l::git_revision()));

    app.add_subcommand("run", l2l::cli::run_command_description);  // listed here, run by run_main
    const l2l::cli::CommandRunner run_env = l2l::cli::add_env_command(app);
    const l2l::cli::CommandRunner run_neuron = l2l::cli::add_neuron_command(app);
    const l2l::cli::CommandRunner run_inspect = l2l::cli::add_inspect_command(app);
    const l2l::cli::CommandRunner run_replay = l2l::cli::add_replay_command(app);
    const l2l::cli::CommandRunner run_compare = l2l::cli::add_compare_command(app);
    const l2l::cli::CommandRunner run_sweep = l2l::cli::add_sweep_command(app);

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
