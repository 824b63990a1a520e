#include "optimizer/run/child_process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>

extern char** environ;

namespace l2l {
namespace {

constexpr std::size_t kStdoutKeep = 1 << 20;   // bytes of stdout kept (the answer is its last line)
constexpr std::size_t kStderrKeep = 64 << 10;  // bytes of stderr kept (for the tail in messages)
// After the child exited, its output is read for at most this long (a grandchild
// that escaped the process group may hold the pipes open).
constexpr auto kDrainAfterExit = std::chrono::milliseconds(1000);

// A write to a pipe whose reader is gone must give EPIPE, not kill l2l.
void ignore_sigpipe() {
    static std::once_flag once;
    std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

std::string errno_text(int error) { return std::strerror(error); }

void keep_tail(std::string& text, std::size_t keep) {
    if (text.size() > 2 * keep) text.erase(0, text.size() - keep);
}

int pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    const long fd = syscall(SYS_pidfd_open, pid, 0);
    return fd < 0 ? -1 : static_cast<int>(fd);
#else
    (void)pid;
    return -1;
#endif
}

}  // namespace

std::string find_program(const std::string& name) {
    namespace fs = std::filesystem;
    auto executable = [](const fs::path& path) {
        std::error_code error;
        return fs::is_regular_file(path, error) && ::access(path.c_str(), X_OK) == 0;
    };
    if (name.empty()) return {};
    if (name.find('/') != std::string::npos) {
        std::error_code error;
        const fs::path path = fs::absolute(name, error).lexically_normal();
        return !error && executable(path) ? path.string() : std::string{};
    }
    const char* path_variable = std::getenv("PATH");
    const std::string search = path_variable != nullptr ? path_variable : "/usr/local/bin:/usr/bin:/bin";
    std::size_t begin = 0;
    while (begin <= search.size()) {
        const std::size_t end = std::min(search.find(':', begin), search.size());
        const std::string folder = end > begin ? search.substr(begin, end - begin) : std::string(".");
        const fs::path candidate = fs::path(folder) / name;
        if (executable(candidate)) {
            std::error_code error;
            const fs::path absolute = fs::absolute(candidate, error);
            return (error ? candidate : absolute).lexically_normal().string();
        }
        begin = end + 1;
    }
    return {};
}

std::vector<std::string> child_environment(const std::vector<std::string>& overrides) {
    std::map<std::string, std::string> variables;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string text = *entry;
        const std::size_t eq = text.find('=');
        if (eq == std::string::npos) continue;
        const std::string name = text.substr(0, eq);
        if (name.starts_with("OMPI_") || name.starts_with("PMIX_") || name.starts_with("PMI_")) continue;
        variables[name] = text.substr(eq + 1);
    }
    variables.try_emplace("OMP_NUM_THREADS", "1");
    for (const std::string& text : overrides) {
        const std::size_t eq = text.find('=');
        variables[text.substr(0, eq)] = eq == std::string::npos ? std::string{} : text.substr(eq + 1);
    }
    std::vector<std::string> environment;
    environment.reserve(variables.size());
    for (const auto& [name, value] : variables) environment.push_back(name + "=" + value);
    return environment;
}

ChildProcess::ChildProcess(const SpawnSpec& spec) {
    ignore_sigpipe();
    // Everything the child needs is prepared before fork(): between fork and
    // exec only async-signal-safe calls are allowed (l2l has threads).
    std::vector<char*> argv;
    for (const std::string& word : spec.argv) argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const std::string& entry : spec.env) envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);
    const char* program = spec.program.c_str();
    const char* cwd = spec.cwd.empty() ? nullptr : spec.cwd.c_str();

    std::array<int, 2> in{-1, -1};
    std::array<int, 2> out{-1, -1};
    std::array<int, 2> err{-1, -1};
    std::array<int, 2> exec_error{-1, -1};  // the child writes errno here if exec fails
    auto close_all = [&] {
        for (auto* pair : {&in, &out, &err, &exec_error}) {
            for (int& fd : *pair) {
                if (fd >= 0) ::close(fd);
                fd = -1;
            }
        }
    };
    if (pipe2(in.data(), O_CLOEXEC) != 0 || pipe2(out.data(), O_CLOEXEC) != 0 || pipe2(err.data(), O_CLOEXEC) != 0 ||
        pipe2(exec_error.data(), O_CLOEXEC) != 0) {
        const int error = errno;
        close_all();
        throw SpawnError(fmt::format("cannot create pipes: {}", errno_text(error)));
    }
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        const int error = errno;
        close_all();
        throw SpawnError(fmt::format("cannot fork: {}", errno_text(error)));
    }
    if (pid == 0) {
        // The child: a process group of its own (so the whole command can be
        // killed, and a Ctrl-C on the terminal reaches l2l only), killed when l2l dies.
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        struct sigaction action {};
        action.sa_handler = SIG_DFL;
        for (int s = 1; s < NSIG; ++s) sigaction(s, &action, nullptr);  // SIGPIPE was ignored
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0 || dup2(exec_error[1], 3) < 0) _exit(127);
        fcntl(3, F_SETFD, FD_CLOEXEC);
        close_range(4, ~0U, 0);
        int error = 0;
        if (cwd != nullptr && chdir(cwd) != 0) {
            error = errno;
        } else {
            execve(program, argv.data(), envp.data());
            error = errno;
        }
        const ssize_t written = write(3, &error, sizeof error);
        (void)written;
        _exit(127);
    }
    setpgid(pid, pid);  // also here: no race with a kill of the group right after fork
    pid_ = pid;
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    ::close(exec_error[1]);
    stdin_fd_ = in[1];
    stdout_fd_ = out[0];
    stderr_fd_ = err[0];
    int error = 0;
    ssize_t got = 0;
    do {
        got = ::read(exec_error[0], &error, sizeof error);
    } while (got < 0 && errno == EINTR);
    ::close(exec_error[0]);
    if (got == static_cast<ssize_t>(sizeof error)) {
        close_fd(stdin_fd_);
        close_fd(stdout_fd_);
        close_fd(stderr_fd_);
        reap(true);
        pid_ = -1;
        throw SpawnError(fmt::format("cannot start {} in {}: {}", spec.program, spec.cwd, errno_text(error)));
    }
    set_nonblocking(stdin_fd_);
    set_nonblocking(stdout_fd_);
    set_nonblocking(stderr_fd_);
    pid_fd_ = pidfd_open(pid_);
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && !exited_) kill_and_reap();
    close_fd(stdin_fd_);
    close_fd(stdout_fd_);
    close_fd(stderr_fd_);
    close_fd(pid_fd_);
}

void ChildProcess::close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

void ChildProcess::send(std::string data, bool close_after) {
    pending_ += data;
    close_stdin_after_ = close_stdin_after_ || close_after;
}

// Checks (block: waits) for the child's exit. While it is a zombie its group
// id cannot be reused, so what is left of its group is killed before it is reaped.
bool ChildProcess::reap(bool block) {
    if (exited_ || pid_ <= 0) return exited_;
    siginfo_t info{};
    int flags = WEXITED | WNOWAIT | (block ? 0 : WNOHANG);
    while (waitid(P_PID, static_cast<id_t>(pid_), &info, flags) != 0) {
        if (errno != EINTR) return false;
    }
    if (info.si_pid != pid_) return false;
    ::kill(-pid_, SIGKILL);  // the command's own children, if any are left
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    wait_status_ = status;
    exited_ = true;
    close_fd(pid_fd_);
    return true;
}

ChildProcess::Outcome ChildProcess::pump(Goal goal, Clock::time_point deadline, bool (*stopping)()) {
    std::array<char, 65536> buffer{};
    std::optional<Clock::time_point> drain_until;
    auto read_from = [&](int& fd, std::string& into, std::size_t keep) {
        for (;;) {
            const ssize_t n = ::read(fd, buffer.data(), buffer.size());
            if (n > 0) {
                into.append(buffer.data(), static_cast<std::size_t>(n));
                keep_tail(into, keep);
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
            close_fd(fd);  // end of file, or an error
            return;
        }
    };
    for (;;) {
        if (goal == Goal::line && stdout_.find('\n') != std::string::npos) return Outcome::goal;
        if (exited_ && stdout_fd_ < 0 && stderr_fd_ < 0) return goal == Goal::exit ? Outcome::goal : Outcome::exited;
        const auto now = Clock::now();
        if (exited_) {
            if (!drain_until) drain_until = now + kDrainAfterExit;
            if (now >= *drain_until) {
                close_fd(stdout_fd_);
                close_fd(stderr_fd_);
                continue;
            }
        }
        if (stopping != nullptr && stopping()) return Outcome::cancelled;
        if (now >= deadline) return Outcome::timeout;

        std::array<pollfd, 4> fds{};
        std::size_t count = 0;
        int stdin_slot = -1, stdout_slot = -1, stderr_slot = -1, pid_slot = -1;
        if (stdin_fd_ >= 0 && !pending_.empty()) {
            stdin_slot = static_cast<int>(count);
            fds[count++] = {stdin_fd_, POLLOUT, 0};
        }
        if (stdout_fd_ >= 0) {
            stdout_slot = static_cast<int>(count);
            fds[count++] = {stdout_fd_, POLLIN, 0};
        }
        if (stderr_fd_ >= 0) {
            stderr_slot = static_cast<int>(count);
            fds[count++] = {stderr_fd_, POLLIN, 0};
        }
        if (pid_fd_ >= 0 && !exited_) {
            pid_slot = static_cast<int>(count);
            fds[count++] = {pid_fd_, POLLIN, 0};
        }
        // Wake up for the deadline, now and then for the stop flag, and often
        // while the child's exit can only be seen by asking (no pidfd).
        auto wait = deadline == Clock::time_point::max() ? std::chrono::milliseconds(60'000)
                                                         : std::chrono::duration_cast<std::chrono::milliseconds>(
                                                               deadline - now) + std::chrono::milliseconds(1);
        if (stopping != nullptr) wait = std::min(wait, std::chrono::milliseconds(50));
        if (pid_fd_ < 0 && !exited_) wait = std::min(wait, std::chrono::milliseconds(5));
        if (drain_until) {
            wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(*drain_until - now) +
                                      std::chrono::milliseconds(1));
        }
        const int ready = ::poll(fds.data(), count, static_cast<int>(std::max<long long>(0, wait.count())));
        if (ready < 0 && errno != EINTR) throw std::runtime_error(fmt::format("poll: {}", errno_text(errno)));
        if (ready > 0) {
            if (stdin_slot >= 0 && fds[static_cast<std::size_t>(stdin_slot)].revents != 0) {
                const ssize_t n = ::write(stdin_fd_, pending_.data(), pending_.size());
                if (n > 0) {
                    pending_.erase(0, static_cast<std::size_t>(n));
                } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                    pending_.clear();  // the child does not read its input (EPIPE): fine
                    close_fd(stdin_fd_);
                }
            }
            if (stdout_slot >= 0 && fds[static_cast<std::size_t>(stdout_slot)].revents != 0) {
                read_from(stdout_fd_, stdout_, kStdoutKeep);
            }
            if (stderr_slot >= 0 && fds[static_cast<std::size_t>(stderr_slot)].revents != 0) {
                read_from(stderr_fd_, stderr_, kStderrKeep);
            }
            if (pid_slot >= 0 && fds[static_cast<std::size_t>(pid_slot)].revents != 0) reap(false);
        }
        if (pending_.empty() && close_stdin_after_) close_fd(stdin_fd_);
        if (pid_fd_ < 0 && !exited_) reap(false);
    }
}

std::optional<std::string> ChildProcess::take_line() {
    const std::size_t end = stdout_.find('\n');
    if (end == std::string::npos) return std::nullopt;
    std::string line = stdout_.substr(0, end);
    stdout_.erase(0, end + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

std::string ChildProcess::stderr_tail(std::size_t lines) const {
    std::vector<std::string> found;
    std::size_t end = stderr_.size();
    while (end > 0 && found.size() < lines) {
        const std::size_t begin = stderr_.rfind('\n', end - 1);
        const std::size_t from = begin == std::string::npos ? 0 : begin + 1;
        std::string line = stderr_.substr(from, end - from);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) found.push_back(std::move(line));
        if (begin == std::string::npos) break;
        end = begin;
    }
    std::string text;
    for (auto it = found.rbegin(); it != found.rend(); ++it) text += (text.empty() ? "" : "\n") + *it;
    return text;
}

std::string ChildProcess::describe_exit() const {
    if (!exited_) return "still running";
    if (WIFEXITED(wait_status_)) return fmt::format("exit status {}", WEXITSTATUS(wait_status_));
    if (WIFSIGNALED(wait_status_)) {
        const int s = WTERMSIG(wait_status_);
        const char* name = strsignal(s);
        return fmt::format("killed by signal {} ({})", s, name != nullptr ? name : "?");
    }
    return fmt::format("wait status {}", wait_status_);
}

bool ChildProcess::succeeded() const { return exited_ && WIFEXITED(wait_status_) && WEXITSTATUS(wait_status_) == 0; }

void ChildProcess::signal_group(int signal) const {
    if (pid_ > 0 && !exited_) ::kill(-pid_, signal);
}

void ChildProcess::kill_and_reap() {
    signal_group(SIGKILL);
    reap(true);
}

std::string ChildProcess::stop(std::chrono::milliseconds grace) {
    if (pid_ <= 0 || exited_) return exited_ ? describe_exit() : "not started";
    pending_.clear();
    close_fd(stdin_fd_);
    if (pump(Goal::exit, Clock::now() + grace) == Outcome::goal) return fmt::format("{} after end of input", describe_exit());
    signal_group(SIGTERM);
    if (pump(Goal::exit, Clock::now() + grace) == Outcome::goal) return fmt::format("{} after SIGTERM", describe_exit());
    kill_and_reap();
    return fmt::format("{} (did not stop on end of input or SIGTERM)", describe_exit());
}

}  // namespace l2l
