// The external-command optimizee's protocol pieces: the answer's JSON and its
// errors, the child process (deadline, process group), process mode (working
// folder, environment, exit status, result.json) and server mode (one line per
// evaluation, a server that dies is started again), with /bin/sh as the model.
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "optimizer/run/child_process.hpp"
#include "optimizer/run/command_optimizee.hpp"
#include "optimizer/run/command_protocol.hpp"
#include "optimizer/run/experiment_config.hpp"

using namespace l2l;
namespace fs = std::filesystem;

namespace {

// A fresh folder under the temp directory, removed at the end of the test.
struct TempFolder {
    fs::path path;
    TempFolder() {
        std::string pattern = (fs::temp_directory_path() / "l2l_command_XXXXXX").string();
        path = mkdtemp(pattern.data());
    }
    ~TempFolder() {
        std::error_code error;
        fs::remove_all(path, error);
    }
};

CommandConfig shell_command(const std::string& script, const std::string& mode = "process") {
    CommandConfig command;
    command.mode = mode;
    command.argv = {"/bin/sh", "-c", script};
    command.genes = {parse_command_gene("x=[-1, 1]"), parse_command_gene("y={ lower = 1, upper = 100, log = true }")};
    return command;
}

EvalContext context_at(std::uint64_t generation, std::uint64_t individual, double timeout_seconds = 0.0) {
    EvalContext context{7, generation, individual};
    if (timeout_seconds > 0.0) {
        context.deadline = EvalContext::Clock::now() +
                           std::chrono::duration_cast<EvalContext::Clock::duration>(std::chrono::duration<double>(timeout_seconds));
    }
    return context;
}

template <class F>
EvalFailed failure_of(F&& f) {
    try {
        f();
    } catch (const EvalFailed& e) {
        return e;
    }
    FAIL("no EvalFailed thrown");
    return EvalFailed(EvalStatus::ok, "");
}

bool stop_now() { return true; }

// Processes of process group `group` that are alive (not zombies waiting for
// whoever reaps orphans), from /proc/<pid>/stat: "pid (name) state ppid pgrp ...".
int living_members(pid_t group) {
    int count = 0;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        std::ifstream in(entry.path() / "stat");
        std::string line;
        if (!std::getline(in, line)) continue;
        const std::size_t close = line.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream fields(line.substr(close + 2));
        char state = 0;
        long parent = 0;
        long pgrp = 0;
        fields >> state >> parent >> pgrp;
        if (pgrp == group && state != 'Z' && state != 'X') ++count;
    }
    return count;
}

}  // namespace

TEST_CASE("command answer: fitness, outputs and info; NaN and Infinity as Python writes them") {
    const CommandAnswer a = parse_answer(R"({"fitness": -1.5, "outputs": [1, 2.5], "info": {"rate": 3, "ok": true}, "extra": "x"})", 2);
    CHECK(a.fitness == -1.5);
    CHECK(a.outputs == std::vector<double>{1.0, 2.5});
    REQUIRE(a.info.size() == 2);
    CHECK(a.info[0] == std::pair<std::string, double>{"ok", 1.0});
    CHECK(a.info[1] == std::pair<std::string, double>{"rate", 3.0});
    CHECK(std::isnan(parse_answer(R"({"fitness": NaN})", 0).fitness));
    CHECK(std::isnan(parse_answer(R"({"fitness": null})", 0).fitness));
    CHECK(parse_answer(R"({"fitness": -Infinity, "note": "NaN Infinity"})", 0).fitness == -INFINITY);
}

TEST_CASE("command answer: what is wrong is named (status bad_answer)") {
    auto message = [](const std::string& text, std::size_t outputs = 0) {
        const EvalFailed e = failure_of([&] { parse_answer(text, outputs); });
        CHECK(e.status == EvalStatus::bad_answer);
        return std::string(e.what());
    };
    CHECK(message("fitness 3").find("not valid JSON") != std::string::npos);
    CHECK(message(R"({"fitness": 1)").find("not valid JSON") != std::string::npos);
    CHECK(message("[1, 2]").find("not a JSON object") != std::string::npos);
    CHECK(message(R"({"value": 1})").find("no \"fitness\"") != std::string::npos);
    CHECK(message(R"({"fitness": "high"})").find("\"fitness\" is not a number") != std::string::npos);
    CHECK(message(R"({"fitness": 1, "outputs": [1]})", 2).find("\"outputs\" has 1 values, command.outputs = 2") !=
          std::string::npos);
    CHECK(message(R"({"fitness": 1, "outputs": [1, "a"]})", 2).find("not a list of numbers") != std::string::npos);
    CHECK(message(R"({"fitness": 1, "info": {"a/b": 1}})").find("key 'a/b' is not allowed") != std::string::npos);
    CHECK(message(R"({"fitness": 1, "info": {"a": [1]}})").find("\"info\".a is not a number") != std::string::npos);
}

TEST_CASE("command request: genes by name, values exact, seed and folder") {
    const std::string json = request_json({3, 4, 1, 99, {"a", "b"}, {0.1, 1e-300}, "/w"});
    CHECK(json == R"({"generation":3,"genes":{"a":0.1,"b":1e-300},"individual":4,"seed":99,"task":1,"values":[0.1,1e-300],"workdir":"/w"})");
    CHECK(last_nonblank_line("log line\n{\"fitness\": 1}\n\n  \n") == "{\"fitness\": 1}");
    CHECK(last_nonblank_line("").empty());
}

TEST_CASE("command genes: bounds, log and scale, and the messages for bad specs") {
    const CommandGene plain = parse_command_gene("x=[-2, 3]");
    CHECK(plain.search_lower() == -2.0);
    CHECK(plain.model_value(1.5) == 1.5);
    const CommandGene log = parse_command_gene("tau={ lower = 1, upper = 1000, log = true }");
    CHECK(log.search_upper() == doctest::Approx(3.0));
    CHECK(log.model_value(2.0) == doctest::Approx(100.0));
    const CommandGene scaled = parse_command_gene("w={ lower = 0.001, upper = 0.005, scale = 0.001 }");
    CHECK(scaled.search_upper() == doctest::Approx(5.0));
    auto message = [](const std::string& item) {
        try {
            parse_command_gene(item);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(message("x=[3, 2]").find("command.genes.x = [3, 2]: lower must be smaller than upper") != std::string::npos);
    CHECK(message("x=[1]").find("1 values") != std::string::npos);
    CHECK(message("x={ lower = 0, upper = 1, log = true }").find("log = true needs lower > 0") != std::string::npos);
    CHECK(message("x={ lower = 1, upper = 2, step = 1 }").find("unknown field 'step'") != std::string::npos);
    CHECK(message("a/b=[0, 1]").find("gene name 'a/b' is not allowed") != std::string::npos);
    CHECK(message("x=[0, \"1\"]").find("is not a number") != std::string::npos);
}

TEST_CASE("child process: past the deadline the whole process group is killed") {
    SpawnSpec spec{"/bin/sh", {"sh", "-c", "sleep 30 & sleep 30"}, child_environment({}), "/"};
    ChildProcess child(spec);
    const auto start = ChildProcess::Clock::now();
    CHECK(child.pump(ChildProcess::Goal::exit, start + std::chrono::milliseconds(200)) == ChildProcess::Outcome::timeout);
    const pid_t group = child.pid();
    CHECK(living_members(group) >= 2);  // the shell and its sleeps
    child.kill_and_reap();
    CHECK(child.exited());
    CHECK(child.describe_exit() == "killed by signal 9 (Killed)");
    for (int i = 0; i < 100 && living_members(group) > 0; ++i) usleep(10'000);
    CHECK(living_members(group) == 0);  // nothing of the group is left
    CHECK(ChildProcess::Clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("child process: a program that cannot start, and the stop flag") {
    CHECK_THROWS_AS(ChildProcess(SpawnSpec{"/nonexistent/model", {"model"}, {}, "/"}), SpawnError);
    CHECK(find_program("sh").ends_with("/sh"));
    CHECK(find_program("/bin/sh") == "/bin/sh");
    CHECK(find_program("no-such-program-here").empty());
    ChildProcess child(SpawnSpec{"/bin/sh", {"sh", "-c", "sleep 30"}, {}, "/"});
    CHECK(child.pump(ChildProcess::Goal::exit, ChildProcess::Clock::time_point::max(), &stop_now) ==
          ChildProcess::Outcome::cancelled);
}

TEST_CASE("process mode: genome.json, stdin, environment, the answer on the last stdout line; folder removed") {
    TempFolder temp;
    CommandConfig command = shell_command(
        "test -f genome.json || exit 9; read line; case \"$line\" in *'\"x\":0.5'*) ;; *) exit 8;; esac; "
        "echo noise; echo \"{\\\"fitness\\\": $L2L_GENERATION$L2L_INDIVIDUAL, \\\"info\\\": {\\\"omp\\\": "
        "$OMP_NUM_THREADS, \\\"seed_ok\\\": $([ \"$L2L_SEED\" -lt 4294967296 ] && echo 1 || echo 0)}}\"");
    command.workdir = (temp.path / "work").string();
    const CommandOptimizee optimizee(command, "unused.h5");
    CHECK(optimizee.gene_names() == std::vector<std::string>{"x", "y"});
    CHECK(optimizee.bounds().upper[1] == doctest::Approx(2.0));  // log10(100)
    const std::vector<double> genome{0.5, 1.0};                  // y = 10
    const EvalResult result = optimizee.evaluate(genome, context_at(2, 3));
    CHECK(result.fitness == 23.0);
    CHECK(result.outputs == std::vector<double>{23.0});
    CHECK(result.info == std::vector<std::pair<std::string, double>>{{"omp", 1.0}, {"seed_ok", 1.0}});
    CHECK_FALSE(fs::exists(temp.path / "work" / "g2"));
}

TEST_CASE("process mode: result.json wins; tasks are aggregated; a crash keeps the folder and names the stderr") {
    TempFolder temp;
    CommandConfig command = shell_command("echo '{\"fitness\": 1}'; echo \"{\\\"fitness\\\": $L2L_TASK}\" > result.json");
    command.workdir = (temp.path / "work").string();
    command.tasks = 3;
    command.aggregation = "median";
    const std::vector<double> genome{0.0, 1.0};
    const EvalResult result = CommandOptimizee(command, "unused.h5").evaluate(genome, context_at(0, 0));
    CHECK(result.fitness == 1.0);  // median of 0, 1, 2
    CHECK(result.outputs == std::vector<double>{0.0, 1.0, 2.0});

    command = shell_command("echo first >&2; echo 'Traceback: boom' >&2; exit 3");
    command.workdir = (temp.path / "work").string();
    const EvalFailed crash = failure_of([&] { CommandOptimizee(command, "unused.h5").evaluate(genome, context_at(1, 2)); });
    CHECK(crash.status == EvalStatus::command_failed);
    const std::string message = crash.what();
    CHECK(message.find("exit status 3") != std::string::npos);
    CHECK(message.find("first\nTraceback: boom") != std::string::npos);
    CHECK(fs::exists(temp.path / "work" / "g1" / "i2" / "t0" / "genome.json"));

    command = shell_command("echo 'not json'");
    command.workdir = (temp.path / "work").string();
    CHECK(failure_of([&] { CommandOptimizee(command, "unused.h5").evaluate(genome, context_at(1, 3)); }).status ==
          EvalStatus::bad_answer);
    command = shell_command("true");
    command.workdir = (temp.path / "work").string();
    CHECK(std::string(failure_of([&] { CommandOptimizee(command, "unused.h5").evaluate(genome, context_at(1, 4)); }).what())
              .find("no answer") != std::string::npos);
    command = shell_command("echo '{\"fitness\": NaN}'");
    command.workdir = (temp.path / "work").string();
    CHECK(failure_of([&] { CommandOptimizee(command, "unused.h5").evaluate(genome, context_at(1, 5)); }).status ==
          EvalStatus::non_finite);
}

TEST_CASE("process mode: eval_timeout kills the command's process group; a missing program is a config error") {
    TempFolder temp;
    CommandConfig command = shell_command("sleep 30 & sleep 30");
    command.workdir = (temp.path / "work").string();
    const std::vector<double> genome{0.0, 1.0};
    const auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(CommandOptimizee(command, "unused.h5").evaluate(genome, context_at(0, 0, 0.3)), EvalTimeout);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    command.argv = {"no-such-model-program"};
    CHECK_THROWS_WITH_AS(CommandOptimizee(command, "unused.h5"),
                         doctest::Contains("command.argv[0] = no-such-model-program: not found in PATH"), ConfigError);
}

TEST_CASE("server mode: one line per evaluation; a server that dies fails that evaluation and is started again") {
    TempFolder temp;
    // Answers with its request count; exits (status 1) at its third request.
    CommandConfig command = shell_command(
        "n=0; while IFS= read -r line; do n=$((n+1)); if [ $n -eq 3 ]; then echo dying >&2; exit 1; fi; "
        "echo 'a log line'; echo \"{\\\"fitness\\\": $n}\"; done",
        "server");
    command.workdir = (temp.path / "work").string();
    const std::vector<double> genome{0.0, 1.0};
    {
        const CommandOptimizee optimizee(command, "unused.h5");
        CHECK(optimizee.evaluate(genome, context_at(0, 0)).fitness == 1.0);
        CHECK(optimizee.evaluate(genome, context_at(0, 1)).fitness == 2.0);
        const EvalFailed died = failure_of([&] { optimizee.evaluate(genome, context_at(0, 2)); });
        CHECK(died.status == EvalStatus::command_failed);
        CHECK(std::string(died.what()).find("ended before it answered: exit status 1") != std::string::npos);
        CHECK(std::string(died.what()).find("dying") != std::string::npos);
        CHECK(optimizee.evaluate(genome, context_at(0, 3)).fitness == 1.0);  // a new server
    }
    CHECK_FALSE(fs::exists(temp.path / "work"));  // the server's folder goes with it

    // A server that hangs: killed at the deadline, the next evaluation starts a new one.
    command = shell_command("while IFS= read -r line; do case \"$line\" in *'\"individual\":1'*) sleep 30;; esac; "
                            "echo '{\"fitness\": 5}'; done",
                            "server");
    command.workdir = (temp.path / "work").string();
    const CommandOptimizee optimizee(command, "unused.h5");
    CHECK(optimizee.evaluate(genome, context_at(0, 0, 5.0)).fitness == 5.0);
    CHECK_THROWS_AS(optimizee.evaluate(genome, context_at(0, 1, 0.3)), EvalTimeout);
    CHECK(optimizee.evaluate(genome, context_at(0, 2, 5.0)).fitness == 5.0);
}
