// A child process of an external command: started in a process group of its
// own with its stdin, stdout and stderr on pipes, driven by poll() against a
// deadline and a stop flag, and killed as a whole group (the command's own
// children too) when it runs late, when the run stops, or when this object goes.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace l2l {

// The program could not be started (not found, not executable, no such folder).
struct SpawnError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct SpawnSpec {
    std::string program;            // absolute path (see find_program)
    std::vector<std::string> argv;  // argv[0] included
    std::vector<std::string> env;   // the whole environment, "NAME=value"
    std::string cwd;                // the child's working folder
};

// `name` as execvp would find it: a path with '/' (taken from the current
// folder when relative) or a name looked up in PATH; made absolute. Empty if
// it is not an executable file.
std::string find_program(const std::string& name);

// This process's environment with `overrides` ("NAME=value") replacing or
// adding entries, the MPI launcher's variables (OMPI_*, PMIX_*, PMI_*) removed
// (the command is not part of the MPI job), and OMP_NUM_THREADS=1 unless set.
std::vector<std::string> child_environment(const std::vector<std::string>& overrides);

class ChildProcess {
public:
    using Clock = std::chrono::steady_clock;

    // Why pump() returned.
    enum class Outcome {
        goal,       // the goal was reached (process exited / a line is ready)
        exited,     // the child exited before a line came (Goal::line)
        timeout,    // the deadline passed (the child is still running)
        cancelled,  // `stopping` said so (the child is still running)
    };
    enum class Goal {
        exit,  // until the child has exited and its output is read
        line,  // until a whole line is on stdout
    };

    // Starts the child; throws SpawnError if it cannot be executed.
    explicit ChildProcess(const SpawnSpec& spec);
    ~ChildProcess();  // kills the group (SIGKILL) if the child still runs, and reaps it
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool exited() const { return exited_; }

    // Queues `data` for the child's stdin; with `close_after`, stdin is closed
    // once all of it is written (the command then sees end of input).
    void send(std::string data, bool close_after = false);

    // Moves data through the pipes until `goal`, the deadline or the stop flag.
    Outcome pump(Goal goal, Clock::time_point deadline, bool (*stopping)() = nullptr);

    // The next whole line of stdout (without '\n'), if one is there.
    std::optional<std::string> take_line();
    // What is left of stdout (at most its last megabyte).
    const std::string& output() const { return stdout_; }
    // The last `lines` lines of stderr (its last 64 KiB), joined with " | ".
    std::string stderr_tail(std::size_t lines) const;

    // "exit status 3", "killed by signal 9 (Killed)"; only once exited().
    std::string describe_exit() const;
    bool succeeded() const;  // exited with status 0

    // Sends `signal` to the whole process group.
    void signal_group(int signal) const;
    // Kills the group and waits for the child (SIGKILL: does not block for long).
    void kill_and_reap();
    // Closes stdin, gives the child `grace` to exit, then SIGTERM and another
    // `grace`, then SIGKILL. Returns what happened, for the log.
    std::string stop(std::chrono::milliseconds grace);

private:
    bool reap(bool block);
    void close_fd(int& fd);

    pid_t pid_ = -1;
    int stdin_fd_ = -1;
    int stdout_fd_ = -1;
    int stderr_fd_ = -1;
    int pid_fd_ = -1;  // readable once the child exits (pidfd_open); -1: checked by polling waitpid
    std::string pending_;  // not yet written to stdin
    bool close_stdin_after_ = false;
    std::string stdout_;
    std::string stderr_;
    bool exited_ = false;
    int wait_status_ = 0;
};

}  // namespace l2l
