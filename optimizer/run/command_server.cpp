#include "optimizer/run/command_server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>

namespace l2l {

CommandServer::CommandServer(SpawnSpec spec, std::size_t stderr_lines)
    : spec_(std::move(spec)), stderr_lines_(stderr_lines) {}

CommandServer::~CommandServer() {
    try {
        if (running()) {
            const std::string how = stop();
            spdlog::debug("command server stopped: {}", how);
        }
    } catch (...) {  // a destructor must not throw; ChildProcess kills the group anyway
    }
}

void CommandServer::start() {
    child_.reset();  // reaps a dead server
    std::error_code error;
    if (!spec_.cwd.empty()) std::filesystem::create_directories(spec_.cwd, error);
    try {
        child_ = std::make_unique<ChildProcess>(spec_);
    } catch (const SpawnError& e) {
        throw EvalFailed(EvalStatus::command_failed, fmt::format("command server: {}", e.what()));
    }
    ++starts_;
    if (starts_ == 1) {
        spdlog::debug("command server started (pid {}): {}", child_->pid(), spec_.program);
    } else {
        spdlog::warn("command server started again (pid {}, start {})", child_->pid(), starts_);
    }
}

std::string CommandServer::failure(const std::string& what) const {
    const std::string tail = child_ ? child_->stderr_tail(stderr_lines_) : std::string{};
    return tail.empty() ? what : fmt::format("{}; stderr:\n{}", what, tail);
}

std::string CommandServer::exchange(const std::string& request, const EvalContext& context) {
    if (!running()) start();
    child_->send(request + "\n");
    for (;;) {
        const ChildProcess::Outcome outcome =
            child_->pump(ChildProcess::Goal::line, context.deadline, context.stopping);
        if (outcome == ChildProcess::Outcome::goal) {
            std::string line = *child_->take_line();
            const std::size_t first = line.find_first_not_of(" \t");
            if (first != std::string::npos && line[first] == '{') return line;
            if (first != std::string::npos) spdlog::debug("command server (pid {}) said: {}", child_->pid(), line);
            continue;
        }
        if (outcome == ChildProcess::Outcome::exited) {
            // No pid in the message: it is stored, and results do not depend on pids.
            const std::string message =
                failure(fmt::format("the command server ended before it answered: {}", child_->describe_exit()));
            spdlog::warn("command server (pid {}): {}; it is started again for the next evaluation", child_->pid(),
                         message);
            child_.reset();
            throw EvalFailed(EvalStatus::command_failed, message);
        }
        child_->kill_and_reap();
        const std::string message = failure("the command server was killed");
        child_.reset();
        if (outcome == ChildProcess::Outcome::cancelled) throw EvalCancelled(message + ": the run is being stopped");
        throw EvalTimeout(message + ": it ran past eval_timeout");
    }
}

std::string CommandServer::stop(std::chrono::milliseconds grace) {
    if (!child_) return "not running";
    const pid_t id = child_->pid();
    std::string how = child_->stop(grace);
    child_.reset();
    return fmt::format("pid {}: {}", id, how);
}

}  // namespace l2l
