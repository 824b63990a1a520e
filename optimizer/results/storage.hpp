// Storage failures of a running job (disk full, folder read-only, results
// file deleted or replaced, lock gone) and the checks that find them: every
// write is checked when it happens, and the first failure stops the run with
// one message (commands/run_command.cpp) instead of going on blind.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace l2l {

struct StorageError : std::runtime_error {
    explicit StorageError(const std::string& what, bool lost = false)
        : std::runtime_error(what), file_lost(lost) {}
    // The results file (or its lock) is no longer this run's: deleted, moved,
    // replaced, or another process may write it. Nothing more may be written
    // to the file, its status or its checkpoint.
    bool file_lost = false;
};

// Room kept free beyond what a write needs: HDF5's metadata and the status
// attribute beside a generation, the file system's own blocks beside a checkpoint.
constexpr std::uint64_t kFreeSpaceMargin = 64 * 1024;

// The folder of `path` ("." for a bare file name).
std::string folder_of(const std::string& path);

// Bytes an unprivileged process may still write in the file system holding
// `path` (statvfs: f_bavail x f_frsize); nullopt when it cannot be asked.
std::optional<std::uint64_t> free_bytes(const std::string& path);

// A file's identity: the open file and the name must agree before a write.
struct FileIdentity {
    dev_t device = 0;
    ino_t inode = 0;
    bool operator==(const FileIdentity&) const = default;
};
// Of an open descriptor; throws StorageError naming `path` if fstat fails.
FileIdentity identity_of(int fd, const std::string& path);
// What `path` names now; nullopt if nothing (deleted or moved away).
std::optional<FileIdentity> identity_at(const std::string& path);

// "1.5 MB" and the like, for messages.
std::string byte_count(std::uint64_t bytes);

}  // namespace l2l
