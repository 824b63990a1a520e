// Thin RAII and error handling over the HDF5 C API, shared by the results
// writer and reader.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <stdexcept>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace l2l::h5 {

struct Error : std::runtime_error {
    explicit Error(const std::string& what, int error_number = 0)
        : std::runtime_error(what), system_error(error_number) {}
    // errno of the system call that failed under HDF5 (the sec2 driver records
    // it on its error stack: ENOSPC, EROFS, EIO...); 0 when none was recorded.
    int system_error = 0;
};

// Throws Error(what) when an HDF5 call returned a negative id or status; the
// message ends with the errno text of the failing system call, if any
// ("HDF5: flush run.h5: No space left on device").
hid_t check(hid_t id, const std::string& what);
herr_t check_status(herr_t status, const std::string& what);

// Silences HDF5's own error stack printing; we report errors ourselves.
void silence_library_errors();

// HDF5 1.10 cannot close a file after a failed flush (every later flush fails
// with "slist already enabled"), and its exit handler then crashes on it. A
// program that may meet that calls H5dont_atexit() first and close_library()
// last: it shuts the library down unless such a file was noted (then the
// kernel closes the descriptor at exit).
void note_unclosable_file();
void close_library();

// Owns one HDF5 identifier and closes it with the matching H5*close.
class Handle {
public:
    using Closer = herr_t (*)(hid_t);
    Handle() = default;
    Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
    Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), closer_(other.closer_) {}
    Handle& operator=(Handle&& other) noexcept {
        if (this != &other) {
            reset();
            id_ = std::exchange(other.id_, -1);
            closer_ = other.closer_;
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() { reset(); }

    hid_t get() const { return id_; }
    // Gives up ownership (the caller closes the identifier).
    hid_t release() { return std::exchange(id_, -1); }
    explicit operator bool() const { return id_ >= 0; }
    void reset() {
        if (id_ >= 0 && closer_ != nullptr) closer_(id_);
        id_ = -1;
    }

private:
    hid_t id_ = -1;
    Closer closer_ = nullptr;
};

Handle file(hid_t id, const std::string& what);
Handle group(hid_t id, const std::string& what);
Handle dataset(hid_t id, const std::string& what);
Handle dataspace(hid_t id, const std::string& what);
Handle plist(hid_t id, const std::string& what);
Handle attribute(hid_t id, const std::string& what);
Handle datatype(hid_t id, const std::string& what);

// Attributes on any object (the file root is a group).
void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_attribute(hid_t object, const std::string& name, std::uint64_t value);
void write_attribute(hid_t object, const std::string& name, double value);
// Removes the attribute if the object has it.
void delete_attribute(hid_t object, const std::string& name);
// A 1-D array of strings (a list that grows, e.g. the `resumes` of a run).
void write_attribute(hid_t object, const std::string& name, const std::vector<std::string>& values);
std::vector<std::string> read_string_array_attribute(hid_t object, const std::string& name);
bool has_attribute(hid_t object, const std::string& name);
std::string read_string_attribute(hid_t object, const std::string& name);
std::int64_t read_int_attribute(hid_t object, const std::string& name);
std::uint64_t read_uint_attribute(hid_t object, const std::string& name);
double read_double_attribute(hid_t object, const std::string& name);

// Whole-dataset reads, for inspection and tests.
std::vector<double> read_doubles(hid_t location, const std::string& path, std::vector<hsize_t>* shape = nullptr);
std::vector<std::int64_t> read_ints(hid_t location, const std::string& path, std::vector<hsize_t>* shape = nullptr);
std::vector<std::uint64_t> read_uints(hid_t location, const std::string& path, std::vector<hsize_t>* shape = nullptr);
// Part of a dataset: the hyperslab at `start` of shape `count` (one row, one individual).
std::vector<double> read_doubles(hid_t location, const std::string& path, const std::vector<hsize_t>& start,
                                 const std::vector<hsize_t>& count);
std::vector<std::int64_t> read_ints(hid_t location, const std::string& path, const std::vector<hsize_t>& start,
                                    const std::vector<hsize_t>& count);
std::vector<std::uint64_t> read_uints(hid_t location, const std::string& path, const std::vector<hsize_t>& start,
                                      const std::vector<hsize_t>& count);
bool exists(hid_t location, const std::string& path);
// The dimensions of a dataset (empty for a scalar), without reading it.
std::vector<hsize_t> shape_of(hid_t location, const std::string& path);
// Paths of every dataset under `group` (recursively), e.g. "/generations/summary/ga/gene_spread".
std::vector<std::string> dataset_paths(hid_t location, const std::string& group);
std::vector<std::string> read_strings(hid_t location, const std::string& path);

// Whole-dataset writes of a new dataset (intermediate groups are created);
// `shape` empty means one dimension of values.size().
void write_doubles(hid_t location, const std::string& path, std::span<const double> values,
                   std::vector<hsize_t> shape = {});
void write_ints(hid_t location, const std::string& path, std::span<const std::int64_t> values,
                std::vector<hsize_t> shape = {});
void write_strings(hid_t location, const std::string& path, const std::vector<std::string>& values);

}  // namespace l2l::h5
