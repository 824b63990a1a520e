// `command.mode = "server"`: one long-lived process per l2l process that
// evaluates, speaking JSON lines (one request line in, one answer line out),
// so that an interpreter and its imports are paid once per worker. Started at
// the first evaluation, started again after it died (or was killed for a
// timeout), and stopped at the end: end of input, then SIGTERM, then SIGKILL.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "optimizer/farm/optimizee.hpp"
#include "optimizer/run/child_process.hpp"

namespace l2l {

class CommandServer {
public:
    // `spec` starts the server (its cwd is created if missing); `stderr_lines`
    // of its stderr go into failure messages.
    CommandServer(SpawnSpec spec, std::size_t stderr_lines);
    ~CommandServer();
    CommandServer(const CommandServer&) = delete;
    CommandServer& operator=(const CommandServer&) = delete;

    // Sends `request` (one line, no newline) and returns the answer: the next
    // stdout line that starts with '{' (other lines are logged and skipped).
    // Throws EvalFailed(command_failed) if the server cannot start or dies
    // before it answers, EvalTimeout past the context's deadline and
    // EvalCancelled when it says the run stops; after those the server is
    // gone and the next exchange starts a new one.
    std::string exchange(const std::string& request, const EvalContext& context);

    // Stops the server if it runs; returns what happened (for the log).
    std::string stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

    int starts() const { return starts_; }  // servers started so far
    bool running() const { return child_ != nullptr && !child_->exited(); }
    pid_t pid() const { return child_ ? child_->pid() : -1; }

private:
    void start();
    std::string failure(const std::string& what) const;

    SpawnSpec spec_;
    std::size_t stderr_lines_;
    std::unique_ptr<ChildProcess> child_;
    int starts_ = 0;
};

}  // namespace l2l
