#include "optimizer/results/hdf5_util.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace l2l::h5 {
namespace {

// The sec2 driver describes a failed read, write or truncate as
// "... errno = 28, error message = 'No space left on device', ...".
herr_t find_system_error(unsigned /*depth*/, const H5E_error2_t* entry, void* found) {
    const char* at = entry->desc == nullptr ? nullptr : std::strstr(entry->desc, "errno = ");
    if (at != nullptr && *static_cast<int*>(found) == 0) *static_cast<int*>(found) = std::atoi(at + 8);
    return 0;
}

// Only on the error path: the stack still holds the failed call's records.
[[noreturn]] void fail(const std::string& what) {
    int system_error = 0;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, find_system_error, &system_error);
    if (system_error == 0) throw Error("HDF5: " + what);
    throw Error("HDF5: " + what + ": " + std::strerror(system_error), system_error);
}

}  // namespace

hid_t check(hid_t id, const std::string& what) {
    if (id < 0) fail(what);
    return id;
}

herr_t check_status(herr_t status, const std::string& what) {
    if (status < 0) fail(what);
    return status;
}

void silence_library_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

namespace {
std::atomic<bool> unclosable_file{false};
}  // namespace

void note_unclosable_file() { unclosable_file = true; }

void close_library() {
    if (!unclosable_file) H5close();
}

Handle file(hid_t id, const std::string& what) { return {check(id, what), &H5Fclose}; }
Handle group(hid_t id, const std::string& what) { return {check(id, what), &H5Gclose}; }
Handle dataset(hid_t id, const std::string& what) { return {check(id, what), &H5Dclose}; }
Handle dataspace(hid_t id, const std::string& what) { return {check(id, what), &H5Sclose}; }
Handle plist(hid_t id, const std::string& what) { return {check(id, what), &H5Pclose}; }
Handle attribute(hid_t id, const std::string& what) { return {check(id, what), &H5Aclose}; }
Handle datatype(hid_t id, const std::string& what) { return {check(id, what), &H5Tclose}; }

namespace {

Handle variable_string_type() {
    Handle type = datatype(H5Tcopy(H5T_C_S1), "copy string type");
    check_status(H5Tset_size(type.get(), H5T_VARIABLE), "set string size");
    check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string charset");
    return type;
}

// Creates or replaces attribute `name` with a scalar of `type`.
Handle scalar_attribute(hid_t object, const std::string& name, hid_t type) {
    delete_attribute(object, name);
    Handle space = dataspace(H5Screate(H5S_SCALAR), "scalar space");
    return attribute(H5Acreate2(object, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                     "create attribute " + name);
}

}  // namespace

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
    Handle type = variable_string_type();
    Handle attr = scalar_attribute(object, name, type.get());
    const char* data = value.c_str();
    check_status(H5Awrite(attr.get(), type.get(), &data), "write attribute " + name);
}

void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
    Handle attr = scalar_attribute(object, name, H5T_STD_I64LE);
    check_status(H5Awrite(attr.get(), H5T_NATIVE_INT64, &value), "write attribute " + name);
}

void write_attribute(hid_t object, const std::string& name, std::uint64_t value) {
    Handle attr = scalar_attribute(object, name, H5T_STD_U64LE);
    check_status(H5Awrite(attr.get(), H5T_NATIVE_UINT64, &value), "write attribute " + name);
}

void write_attribute(hid_t object, const std::string& name, double value) {
    Handle attr = scalar_attribute(object, name, H5T_IEEE_F64LE);
    check_status(H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, &value), "write attribute " + name);
}

void delete_attribute(hid_t object, const std::string& name) {
    if (H5Aexists(object, name.c_str()) > 0) check_status(H5Adelete(object, name.c_str()), "delete attribute " + name);
}

void write_attribute(hid_t object, const std::string& name, const std::vector<std::string>& values) {
    delete_attribute(object, name);
    Handle type = variable_string_type();
    const hsize_t count = values.size();
    Handle space = dataspace(H5Screate_simple(1, &count, nullptr), "attribute space " + name);
    Handle attr = attribute(H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                            "create attribute " + name);
    std::vector<const char*> pointers;
    for (const std::string& v : values) pointers.push_back(v.c_str());
    if (!pointers.empty()) check_status(H5Awrite(attr.get(), type.get(), pointers.data()), "write attribute " + name);
}

std::vector<std::string> read_string_array_attribute(hid_t object, const std::string& name) {
    Handle attr = attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute " + name);
    Handle space = dataspace(H5Aget_space(attr.get()), "attribute space " + name);
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    std::vector<char*> raw(static_cast<std::size_t>(count > 0 ? count : 0), nullptr);
    if (raw.empty()) return {};
    Handle type = variable_string_type();
    check_status(H5Aread(attr.get(), type.get(), raw.data()), "read attribute " + name);
    std::vector<std::string> values;
    for (const char* text : raw) values.emplace_back(text == nullptr ? "" : text);
    H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, raw.data());
    return values;
}

bool has_attribute(hid_t object, const std::string& name) { return H5Aexists(object, name.c_str()) > 0; }

std::string read_string_attribute(hid_t object, const std::string& name) {
    Handle attr = attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute " + name);
    Handle file_type = datatype(H5Aget_type(attr.get()), "attribute type " + name);
    if (H5Tis_variable_str(file_type.get()) > 0) {
        Handle type = variable_string_type();
        char* data = nullptr;
        check_status(H5Aread(attr.get(), type.get(), &data), "read attribute " + name);
        std::string value = data == nullptr ? std::string{} : std::string(data);
        Handle space = dataspace(H5Aget_space(attr.get()), "attribute space");
        H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, &data);
        return value;
    }
    // Fixed-length strings (written by other tools).
    const std::size_t size = H5Tget_size(file_type.get());
    std::string value(size, '\0');
    Handle type = datatype(H5Tcopy(H5T_C_S1), "copy string type");
    H5Tset_size(type.get(), size);
    check_status(H5Aread(attr.get(), type.get(), value.data()), "read attribute " + name);
    return value.substr(0, value.find('\0'));
}

std::int64_t read_int_attribute(hid_t object, const std::string& name) {
    Handle attr = attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute " + name);
    std::int64_t value = 0;
    check_status(H5Aread(attr.get(), H5T_NATIVE_INT64, &value), "read attribute " + name);
    return value;
}

std::uint64_t read_uint_attribute(hid_t object, const std::string& name) {
    Handle attr = attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute " + name);
    std::uint64_t value = 0;
    check_status(H5Aread(attr.get(), H5T_NATIVE_UINT64, &value), "read attribute " + name);
    return value;
}

double read_double_attribute(hid_t object, const std::string& name) {
    Handle attr = attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute " + name);
    double value = 0.0;
    check_status(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value), "read attribute " + name);
    return value;
}

namespace {

template <class T>
std::vector<T> read_all(hid_t location, const std::string& path, hid_t memory_type, std::vector<hsize_t>* shape) {
    Handle set = dataset(H5Dopen2(location, path.c_str(), H5P_DEFAULT), "open dataset " + path);
    Handle space = dataspace(H5Dget_space(set.get()), "dataset space " + path);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank > 0 ? rank : 0));
    if (rank > 0) H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    std::size_t count = 1;
    for (hsize_t d : dims) {
        if (__builtin_mul_overflow(count, static_cast<std::size_t>(d), &count) || count > (std::size_t{1} << 40)) {
            throw Error("read dataset " + path + ": too many elements");
        }
    }
    std::vector<T> values(count);
    if (count > 0) {
        check_status(H5Dread(set.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                     "read dataset " + path);
    }
    if (shape != nullptr) *shape = dims;
    return values;
}

template <class T>
std::vector<T> read_part(hid_t location, const std::string& path, hid_t memory_type, const std::vector<hsize_t>& start,
                         const std::vector<hsize_t>& count) {
    Handle set = dataset(H5Dopen2(location, path.c_str(), H5P_DEFAULT), "open dataset " + path);
    Handle space = dataspace(H5Dget_space(set.get()), "dataset space " + path);
    check_status(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
                 "select in " + path);
    std::size_t n = 1;
    for (hsize_t c : count) n *= static_cast<std::size_t>(c);
    std::vector<T> values(n);
    Handle memory = dataspace(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), "memory space");
    if (n > 0) {
        check_status(H5Dread(set.get(), memory_type, memory.get(), space.get(), H5P_DEFAULT, values.data()),
                     "read dataset " + path);
    }
    return values;
}

}  // namespace

std::vector<double> read_doubles(hid_t location, const std::string& path, const std::vector<hsize_t>& start,
                                 const std::vector<hsize_t>& count) {
    return read_part<double>(location, path, H5T_NATIVE_DOUBLE, start, count);
}

std::vector<std::int64_t> read_ints(hid_t location, const std::string& path, const std::vector<hsize_t>& start,
                                    const std::vector<hsize_t>& count) {
    return read_part<std::int64_t>(location, path, H5T_NATIVE_INT64, start, count);
}

std::vector<std::uint64_t> read_uints(hid_t location, const std::string& path, const std::vector<hsize_t>& start,
                                      const std::vector<hsize_t>& count) {
    return read_part<std::uint64_t>(location, path, H5T_NATIVE_UINT64, start, count);
}

std::vector<double> read_doubles(hid_t location, const std::string& path, std::vector<hsize_t>* shape) {
    return read_all<double>(location, path, H5T_NATIVE_DOUBLE, shape);
}

std::vector<std::int64_t> read_ints(hid_t location, const std::string& path, std::vector<hsize_t>* shape) {
    return read_all<std::int64_t>(location, path, H5T_NATIVE_INT64, shape);
}

std::vector<std::uint64_t> read_uints(hid_t location, const std::string& path, std::vector<hsize_t>* shape) {
    return read_all<std::uint64_t>(location, path, H5T_NATIVE_UINT64, shape);
}

std::vector<hsize_t> shape_of(hid_t location, const std::string& path) {
    Handle set = dataset(H5Dopen2(location, path.c_str(), H5P_DEFAULT), "open dataset " + path);
    Handle space = dataspace(H5Dget_space(set.get()), "dataset space " + path);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0) throw Error("dataset space " + path);
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    if (rank > 0) H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    return dims;
}

bool exists(hid_t location, const std::string& path) {
    // H5Lexists must be asked for every component of the path.
    std::size_t start = path.front() == '/' ? 1 : 0;
    while (start <= path.size()) {
        const std::size_t end = path.find('/', start);
        const std::string prefix = path.substr(0, end);
        if (H5Lexists(location, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return true;
}

namespace {

herr_t collect_dataset(hid_t group, const char* name, const H5L_info_t* /*info*/, void* data) {
    const hid_t object = H5Oopen(group, name, H5P_DEFAULT);
    if (object < 0) return -1;
    if (H5Iget_type(object) == H5I_DATASET) {
        auto& found = *static_cast<std::pair<std::string, std::vector<std::string>>*>(data);
        found.second.push_back(found.first + "/" + name);
    }
    H5Oclose(object);
    return 0;
}

}  // namespace

std::vector<std::string> dataset_paths(hid_t location, const std::string& group) {
    std::pair<std::string, std::vector<std::string>> found{group, {}};
    if (!exists(location, group)) return {};
    Handle g = h5::group(H5Gopen2(location, group.c_str(), H5P_DEFAULT), "open group " + group);
    check_status(H5Lvisit(g.get(), H5_INDEX_NAME, H5_ITER_INC, collect_dataset, &found), "visit " + group);
    return found.second;
}

}  // namespace l2l::h5

namespace l2l::h5 {

std::vector<std::string> read_strings(hid_t location, const std::string& path) {
    Handle set = dataset(H5Dopen2(location, path.c_str(), H5P_DEFAULT), "open dataset " + path);
    Handle space = dataspace(H5Dget_space(set.get()), "dataset space " + path);
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    std::vector<char*> raw(static_cast<std::size_t>(count > 0 ? count : 0), nullptr);
    Handle type = variable_string_type();
    if (!raw.empty()) {
        check_status(H5Dread(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "read dataset " + path);
    }
    std::vector<std::string> values(raw.begin(), raw.end());
    if (!raw.empty()) H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, raw.data());
    return values;
}

namespace {

void write_new(hid_t location, const std::string& path, hid_t file_type, hid_t memory_type, const void* data,
               std::vector<hsize_t> shape) {
    Handle space = dataspace(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
                             "dataspace " + path);
    Handle link_props = plist(H5Pcreate(H5P_LINK_CREATE), "link properties");
    check_status(H5Pset_create_intermediate_group(link_props.get(), 1), "intermediate groups");
    Handle set = dataset(
        H5Dcreate2(location, path.c_str(), file_type, space.get(), link_props.get(), H5P_DEFAULT, H5P_DEFAULT),
        "create dataset " + path);
    std::size_t count = 1;
    for (const hsize_t d : shape) count *= static_cast<std::size_t>(d);
    if (count > 0) check_status(H5Dwrite(set.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + path);
}

std::vector<hsize_t> shape_or_length(std::vector<hsize_t> shape, std::size_t length) {
    if (shape.empty()) shape.push_back(length);
    return shape;
}

}  // namespace

void write_doubles(hid_t location, const std::string& path, std::span<const double> values, std::vector<hsize_t> shape) {
    write_new(location, path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(),
              shape_or_length(std::move(shape), values.size()));
}

void write_ints(hid_t location, const std::string& path, std::span<const std::int64_t> values,
                std::vector<hsize_t> shape) {
    write_new(location, path, H5T_STD_I64LE, H5T_NATIVE_INT64, values.data(),
              shape_or_length(std::move(shape), values.size()));
}

void write_strings(hid_t location, const std::string& path, const std::vector<std::string>& values) {
    std::vector<const char*> pointers;
    for (const std::string& v : values) pointers.push_back(v.c_str());
    Handle type = variable_string_type();
    write_new(location, path, type.get(), type.get(), pointers.data(), {values.size()});
}

}  // namespace l2l::h5
