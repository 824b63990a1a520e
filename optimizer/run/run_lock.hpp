// One writer per results file. A SWMR writer gives up HDF5's own file lock
// (so readers can follow it), and a killed mpirun can leave its ranks running:
// without a lock of our own, a `--resume` could write the same file at the
// same time. The lock is an flock on `<output>.lock`, held for the life of
// the process; the kernel drops it when the process dies, even by kill -9.
// A run that ends (finished, interrupted, failed) removes the file; a killed
// one leaves it, unlocked.
// A lock file removed while the run goes on (a clean-up script, a user) is
// noticed before the next write (verify), and the run stops; the results
// file carries a lock of its own too (results_writer.hpp).
#pragma once

#include <string>

namespace l2l {

class RunLock {
public:
    // Throws ConfigError if another process holds the lock (naming its pid)
    // or the lock file cannot be created.
    explicit RunLock(const std::string& output);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

    static std::string path_for(const std::string& output) { return output + ".lock"; }
    // Before each write: throws StorageError (file_lost) unless the lock file
    // is still the one this process locked (same device and inode). Removed
    // or replaced, it no longer keeps a second run (a `--resume`) out.
    void verify() const;
    // Whether a process on this machine holds the lock of `output` (a file
    // whose status says running but whose lock is free was killed, or is being
    // written on another node).
    static bool held(const std::string& output);

private:
    void lock();  // opens and flocks path_ into fd_, or throws

    int fd_ = -1;
    std::string path_;
    std::string output_;
};

}  // namespace l2l
