#include "optimizer/results/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <utility>

namespace l2l {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path, int error) {
    throw std::runtime_error(fmt::format("{} '{}': {}", what, path, std::strerror(error)));
}

// Closes the descriptor on every path out.
struct Descriptor {
    int fd = -1;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

void write_all(int fd, std::string_view bytes, const std::string& path) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            fail("cannot write", path, errno);
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
}

}  // namespace

std::string atomic_temporary_path(const std::string& path) { return path + ".tmp"; }

void write_file_atomically(const std::string& path, std::string_view bytes) {
    const std::string temporary = atomic_temporary_path(path);
    {
        Descriptor file{::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
        if (file.fd < 0) fail("cannot create", temporary, errno);
        try {
            write_all(file.fd, bytes, temporary);
            if (::fsync(file.fd) != 0) fail("cannot fsync", temporary, errno);
            const int fd = std::exchange(file.fd, -1);
            if (::close(fd) != 0) fail("cannot close", temporary, errno);
        } catch (...) {
            ::unlink(temporary.c_str());  // gives the space back (a full disk); the old file stays
            throw;
        }
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        fail("cannot rename to", path, error);
    }
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    const std::string folder = parent.empty() ? std::string(".") : parent.string();
    Descriptor directory{::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (directory.fd < 0) fail("cannot open folder", folder, errno);
    if (::fsync(directory.fd) != 0) fail("cannot fsync folder", folder, errno);
}

}  // namespace l2l
