#include "optimizer/run/run_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "optimizer/results/storage.hpp"
#include "optimizer/run/experiment_config.hpp"

namespace l2l {

namespace {

// Whether `path` still names the file open as `fd` (same device and inode).
bool names_open_file(const std::string& path, int fd) {
    struct stat held {};
    struct stat named {};
    return ::fstat(fd, &held) == 0 && ::stat(path.c_str(), &named) == 0 && named.st_dev == held.st_dev &&
           named.st_ino == held.st_ino;
}

}  // namespace

RunLock::RunLock(const std::string& output) : path_(path_for(output)), output_(output) {
    // A run that ends removes its lock file: a lock taken on the file it just
    // removed keeps nobody out, so take it again on the new one.
    for (int attempt = 0; attempt < 100; ++attempt) {
        lock();
        if (names_open_file(path_, fd_)) break;
        ::close(fd_);
        fd_ = -1;
    }
    if (fd_ < 0) throw ConfigError(fmt::format("output = {}: the lock file '{}' keeps being replaced", output, path_));
    // Who holds it, for the message above.
    const std::string pid = std::to_string(::getpid());
    if (::ftruncate(fd_, 0) == 0) {
        const ssize_t written = ::pwrite(fd_, pid.data(), pid.size(), 0);
        (void)written;
    }
}

void RunLock::lock() {
    const std::string& path = path_;
    const std::string& output = output_;
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw ConfigError(fmt::format("output = {}: cannot create the lock file '{}': {}", output, path,
                                      std::strerror(errno)));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        char holder[32] = {};
        const ssize_t length = ::pread(fd_, holder, sizeof holder - 1, 0);
        ::close(fd_);
        fd_ = -1;
        if (error == EWOULDBLOCK) {
            throw ConfigError(fmt::format("output = {}: another l2l run (pid {}) is writing it ({} is locked); wait "
                                          "for it to end, or stop it",
                                          output, length > 0 ? std::string(holder, static_cast<std::size_t>(length)) : "?",
                                          path));
        }
        throw ConfigError(fmt::format("output = {}: cannot lock '{}': {}", output, path, std::strerror(error)));
    }
}

bool RunLock::held(const std::string& output) {
    const int fd = ::open(path_for(output).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool locked = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd);  // also drops our shared lock, if we got it
    return locked;
}

void RunLock::verify() const {
    struct stat held {};
    struct stat named {};
    if (::fstat(fd_, &held) != 0) {
        throw StorageError(fmt::format("cannot fstat the lock file '{}': {}", path_, std::strerror(errno)), true);
    }
    if (::stat(path_.c_str(), &named) != 0 || named.st_dev != held.st_dev || named.st_ino != held.st_ino) {
        throw StorageError(fmt::format("the lock file '{}' was removed or replaced while this run wrote '{}' (another "
                                       "run, e.g. a --resume, may be writing it now)",
                                       path_, output_),
                           true);
    }
}

RunLock::~RunLock() {
    if (fd_ < 0) return;
    // Removed while still locked, and only if it is still ours (not another
    // run's, after ours was removed). A killed run leaves it behind.
    if (names_open_file(path_, fd_)) ::unlink(path_.c_str());
    ::close(fd_);  // releases the flock
}

}  // namespace l2l
