#include "optimizer/results/results_writer.hpp"

#include "optimizer/results/dataset_meaning.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <limits>
#include <set>
#include <type_traits>

namespace l2l {
namespace {

constexpr hsize_t kUnlimited = H5S_UNLIMITED;
// /generations/failures of a cell beyond a generation's population.
constexpr std::int32_t kNoIndividual = -1;

// A dataset with an unlimited first dimension of length 0, chunked one
// generation per chunk (what the readers of a live run fetch) unless `chunk`
// says otherwise. Per-individual datasets (`per_individual`) can also grow in
// their second dimension, the population (CMA-ES with IPOP restarts doubles
// it); cells of individuals a generation did not have hold `fill`. `deflate`
// > 0: shuffle + gzip at that level.
template <class Fill>
void create_growing(hid_t location, const std::string& path, hid_t type, std::vector<hsize_t> row_shape,
                    bool per_individual = false, Fill fill = Fill{}, std::vector<hsize_t> chunk_shape = {},
                    int deflate = 0) {
    std::vector<hsize_t> dims{0};
    std::vector<hsize_t> max_dims{kUnlimited};
    std::vector<hsize_t> chunk{1};
    for (hsize_t d : row_shape) {
        dims.push_back(d);
        max_dims.push_back(d);
        chunk.push_back(std::max<hsize_t>(d, 1));
    }
    if (per_individual) max_dims[1] = kUnlimited;
    // Short 1-D series get chunks of many generations: one per generation would bloat the file.
    if (row_shape.empty()) chunk[0] = 256;
    if (!chunk_shape.empty()) chunk = chunk_shape;
    h5::Handle space = h5::dataspace(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max_dims.data()),
                                     "dataspace " + path);
    h5::Handle props = h5::plist(H5Pcreate(H5P_DATASET_CREATE), "dataset properties");
    h5::check_status(H5Pset_chunk(props.get(), static_cast<int>(chunk.size()), chunk.data()), "chunk " + path);
    if (deflate > 0) {
        h5::check_status(H5Pset_shuffle(props.get()), "shuffle filter " + path);
        h5::check_status(H5Pset_deflate(props.get(), static_cast<unsigned>(deflate)), "deflate filter " + path);
    }
    hid_t fill_type = H5T_NATIVE_INT32;
    if constexpr (std::is_same_v<Fill, double>) fill_type = H5T_NATIVE_DOUBLE;
    if constexpr (std::is_same_v<Fill, std::uint64_t>) fill_type = H5T_NATIVE_UINT64;
    h5::check_status(H5Pset_fill_value(props.get(), fill_type, &fill), "fill value " + path);
    h5::Handle link_props = h5::plist(H5Pcreate(H5P_LINK_CREATE), "link properties");
    H5Pset_create_intermediate_group(link_props.get(), 1);
    h5::dataset(H5Dcreate2(location, path.c_str(), type, space.get(), link_props.get(), props.get(), H5P_DEFAULT),
                "create " + path);
}

// Genomes of 128 kB or more per individual, or more than 4 MB per generation,
// get one chunk per individual: `inspect --genome G:I` then reads (and
// inflates) one genome, not a whole generation. Smaller ones: one chunk per
// generation (PCA over populations reads them whole).
std::vector<hsize_t> genome_chunk(hsize_t population, hsize_t genes) {
    const double per_individual = 8.0 * static_cast<double>(genes);
    if (per_individual >= 128e3 || per_individual * static_cast<double>(population) > 4e6) return {1, 1, genes};
    return {1, std::max<hsize_t>(population, 1), std::max<hsize_t>(genes, 1)};
}

void create_fixed(hid_t location, const std::string& path, hid_t type, std::vector<hsize_t> dims) {
    h5::Handle space = dims.empty() ? h5::dataspace(H5Screate(H5S_SCALAR), "scalar space")
                                    : h5::dataspace(H5Screate_simple(static_cast<int>(dims.size()), dims.data(),
                                                                     nullptr),
                                                    "dataspace " + path);
    h5::Handle link_props = h5::plist(H5Pcreate(H5P_LINK_CREATE), "link properties");
    H5Pset_create_intermediate_group(link_props.get(), 1);
    h5::dataset(H5Dcreate2(location, path.c_str(), type, space.get(), link_props.get(), H5P_DEFAULT, H5P_DEFAULT),
                "create " + path);
}

// Appends one row (generation `row`) to a growing dataset. For a per-individual
// dataset, `individuals` is the row's population: the dataset widens if needed,
// and a smaller row leaves the cells beyond it at the fill value.
void write_row(OpenDataset set, hid_t memory_type, const void* data, std::uint64_t row,
               hsize_t individuals = 0) {
    h5::Handle old_space = h5::dataspace(H5Dget_space(set.id), "space " + set.path);
    const int rank = H5Sget_simple_extent_ndims(old_space.get());
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(old_space.get(), dims.data(), nullptr);
    dims[0] = row + 1;
    if (individuals > 0) dims[1] = std::max(dims[1], individuals);
    h5::check_status(H5Dset_extent(set.id, dims.data()), "extend " + set.path);
    h5::Handle space = h5::dataspace(H5Dget_space(set.id), "space " + set.path);
    std::vector<hsize_t> start(dims.size(), 0);
    std::vector<hsize_t> count = dims;
    start[0] = row;
    count[0] = 1;
    if (individuals > 0) count[1] = individuals;
    h5::check_status(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
                     "select " + set.path);
    h5::Handle memory = h5::dataspace(H5Screate_simple(rank, count.data(), nullptr), "memory space");
    h5::check_status(H5Dwrite(set.id, memory_type, memory.get(), space.get(), H5P_DEFAULT, data), "write " + set.path);
}

// Grows a dataset to `row` + 1 rows without writing the row: its cells read as
// the fill value and take no room (no chunk is allocated).
void skip_row(OpenDataset set, std::uint64_t row, hsize_t individuals) {
    h5::Handle space = h5::dataspace(H5Dget_space(set.id), "space " + set.path);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    dims[0] = row + 1;
    if (rank > 1) dims[1] = std::max(dims[1], individuals);
    h5::check_status(H5Dset_extent(set.id, dims.data()), "extend " + set.path);
}

// The fixed-length string type of /failures/message (a SWMR file appends
// fixed-size records; longer messages are cut).
constexpr std::size_t kMessageBytes = 1024;

h5::Handle message_type() {
    h5::Handle type = h5::datatype(H5Tcopy(H5T_C_S1), "string type");
    h5::check_status(H5Tset_size(type.get(), kMessageBytes), "string size");
    h5::check_status(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "string padding");
    h5::check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), "string character set");
    return type;
}

void create_growing_text(hid_t location, const std::string& path) {
    hsize_t dims = 0;
    hsize_t max_dims = kUnlimited;
    hsize_t chunk = 64;
    h5::Handle space = h5::dataspace(H5Screate_simple(1, &dims, &max_dims), "dataspace " + path);
    h5::Handle props = h5::plist(H5Pcreate(H5P_DATASET_CREATE), "dataset properties");
    h5::check_status(H5Pset_chunk(props.get(), 1, &chunk), "chunk " + path);
    h5::Handle link_props = h5::plist(H5Pcreate(H5P_LINK_CREATE), "link properties");
    H5Pset_create_intermediate_group(link_props.get(), 1);
    h5::Handle type = message_type();
    h5::dataset(H5Dcreate2(location, path.c_str(), type.get(), space.get(), link_props.get(), props.get(), H5P_DEFAULT),
                "create " + path);
}

// Appends `count` values to a 1-D growing dataset of `rows` values.
void append_values(OpenDataset set, hid_t memory_type, const void* data, hsize_t rows,
                   hsize_t count) {
    hsize_t size = rows + count;
    h5::check_status(H5Dset_extent(set.id, &size), "extend " + set.path);
    h5::Handle space = h5::dataspace(H5Dget_space(set.id), "space " + set.path);
    h5::check_status(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &rows, nullptr, &count, nullptr),
                     "select " + set.path);
    h5::Handle memory = h5::dataspace(H5Screate_simple(1, &count, nullptr), "memory space");
    h5::check_status(H5Dwrite(set.id, memory_type, memory.get(), space.get(), H5P_DEFAULT, data), "write " + set.path);
}

constexpr const char* kFailureColumns[] = {"/failures/generation", "/failures/individual", "/failures/status",
                                           "/failures/message"};

void write_whole(OpenDataset set, hid_t memory_type, const void* data) {
    h5::check_status(H5Dwrite(set.id, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + set.path);
}

std::string summary_path(const std::string& optimizer, const std::string& key) {
    return "/generations/summary/" + optimizer + "/" + key;
}

// Opens the file of this run again for writing (to change attributes, or to
// continue it). HDF5's own file lock is off: a reader following the run with
// h5py (swmr=True) holds it, and one writer per file is ensured by RunLock.
// `clear_status_flags`: a killed SWMR writer leaves the superblock marked
// "open for writing"; this (what `h5clear -s` does) opens the file anyway.
hid_t reopen_for_writing(const std::string& path, bool clear_status_flags) {
    h5::Handle access = h5::plist(H5Pcreate(H5P_FILE_ACCESS), "file access properties");
    h5::check_status(H5Pset_libver_bounds(access.get(), H5F_LIBVER_LATEST, H5F_LIBVER_LATEST), "libver bounds");
    h5::check_status(H5Pset_file_locking(access.get(), false, true), "file locking");
    if (clear_status_flags) {
        hbool_t clear = true;
        h5::check_status(H5Pset(access.get(), "clear_status_flags", &clear), "clear status flags");
    }
    return H5Fopen(path.c_str(), H5F_ACC_RDWR, access.get());
}

// The writer's lock on the file itself: a shared OFD lock on one byte far
// beyond any real end of file (HDF5 readers lock with flock, which OFD locks
// do not conflict with; where flock is emulated by byte-range locks, as on
// NFS, a shared lock still does not block a reader's shared lock).
constexpr off_t kWriterLockByte = std::numeric_limits<off_t>::max() - 1;

struct flock writer_lock_range(short type) {
    struct flock range {};
    range.l_type = type;
    range.l_whence = SEEK_SET;
    range.l_start = kWriterLockByte;
    range.l_len = 1;
    return range;
}

// Below this much free space a failed run does not touch its file again (not
// even its status), and a resume does not start cutting the file back.
constexpr std::uint64_t kMinimumFreeToWrite = 1024 * 1024;

// HDF5's descriptor of an open file (the default sec2 driver); -1 if none.
int descriptor_of(hid_t file) {
    void* handle = nullptr;
    if (H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) < 0 || handle == nullptr) return -1;
    return *static_cast<int*>(handle);
}

// Closes an HDF5 file without writing anything more to it: its descriptor is
// first pointed at an anonymous memory file, which takes whatever HDF5 still
// wants to flush. After a failed write (a full disk) a normal close would try
// the failed flush again, fail, and leave the file open in the library, whose
// exit handler then crashes; after the file was lost it would write into
// another run's file.
// `close_objects` closes what the caller holds open in the file, after the
// descriptor was redirected (closing a dataset may write its header).
void close_without_writing(hid_t file, const std::function<void()>& close_objects = {}) {
    const int fd = descriptor_of(file);
    if (fd >= 0) {
        int sink = ::memfd_create("l2l-discarded-writes", MFD_CLOEXEC);
        if (sink < 0) sink = ::open("/dev/null", O_RDWR | O_CLOEXEC);
        if (sink >= 0) {
            ::dup2(sink, fd);
            ::close(sink);
        }
    }
    if (close_objects) close_objects();
    if (H5Fclose(file) < 0) h5::note_unclosable_file();
}

// Sets the status attribute of a closed results file.
void write_status(const std::string& path, const std::string& status, bool clear_status_flags);

// SWMR read sees the file of a killed or running writer; a file never opened
// in SWMR mode opens the ordinary way.
hid_t open_read_only(const std::string& path) {
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, H5P_DEFAULT);
    return id >= 0 ? id : H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
}

void write_status(const std::string& path, const std::string& status, bool clear_status_flags) {
    const hid_t id = h5::check(reopen_for_writing(path, clear_status_flags), "reopen " + path);
    try {
        h5::write_attribute(id, "status", status);
        h5::write_attribute(id, "finished", utc_now());
        h5::check_status(H5Fflush(id, H5F_SCOPE_GLOBAL), "flush " + path);
    } catch (...) {
        close_without_writing(id);
        throw;
    }
    h5::check_status(H5Fclose(id), "close " + path);
}

}  // namespace

// Milliseconds: `l2l compare` takes a run's elapsed time from `started` and
// `finished`, and runs last seconds.
std::string utc_now() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
    return fmt::format("{}.{:03d}Z", buffer, millis);
}

void ResultsWriter::attach_descriptor() {
    fd_ = descriptor_of(file_.get());
    if (fd_ < 0) throw StorageError(fmt::format("HDF5 gives no file descriptor for '{}'", current_path()));
    identity_ = identity_of(fd_, current_path());
    struct stat open {};
    if (::fstat(fd_, &open) == 0) file_size_ = static_cast<std::uint64_t>(open.st_size);
    struct flock range = writer_lock_range(F_RDLCK);
    // A file system without byte-range locks: the lock file alone guards the file.
    (void)::fcntl(fd_, F_OFD_SETLK, &range);
}

std::string ResultsWriter::current_path() const { return published_ ? path_ : partial_path(path_); }

void ResultsWriter::check_identity() const {
    const std::string path = current_path();
    const std::optional<FileIdentity> named = identity_at(path);
    if (named && *named != identity_) {
        throw StorageError(fmt::format("the results file '{}' was replaced by another file while this run wrote it",
                                       path),
                           true);
    }
    struct stat open {};
    if (!named || (::fstat(fd_, &open) == 0 && open.st_nlink == 0)) {
        throw StorageError(fmt::format("the results file '{}' was deleted or moved away while this run wrote it", path),
                           true);
    }
}

void ResultsWriter::check_no_other_writer(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct flock probe = writer_lock_range(F_WRLCK);
    const int status = ::fcntl(fd, F_OFD_GETLK, &probe);
    ::close(fd);
    if (status == 0 && probe.l_type != F_UNLCK) {
        throw ResumeError(fmt::format("--resume: another l2l run is still writing '{}' (it holds the lock on the file "
                                      "itself, although its lock file may have been removed); stop it first",
                                      path));
    }
}

OpenDataset ResultsWriter::dataset(const std::string& path) {
    auto found = datasets_.find(path);
    if (found == datasets_.end()) {
        h5::Handle set = h5::dataset(H5Dopen2(file_.get(), path.c_str(), H5P_DEFAULT), "open " + path);
        found = datasets_.emplace(path, std::move(set)).first;
    }
    return {found->second.get(), found->first};
}

void ResultsWriter::close_datasets() { datasets_.clear(); }

void ResultsWriter::discard() {
    if (!file_) return;
    close_without_writing(file_.release(), [this] { close_datasets(); });
    fd_ = -1;
}

ResultsWriter::ResultsWriter(const std::string& path, const RunMetadata& metadata, const Layout& layout)
    : path_(path),
      layout_(layout),
      optimizer_(metadata.optimizer),
      fitness_meaning_(metadata.fitness_meaning),
      published_(false) {
    h5::silence_library_errors();
    h5::Handle access = h5::plist(H5Pcreate(H5P_FILE_ACCESS), "file access properties");
    // SWMR needs the latest file format (HDF5 >= 1.10 reads it; so does h5py).
    h5::check_status(H5Pset_libver_bounds(access.get(), H5F_LIBVER_LATEST, H5F_LIBVER_LATEST), "libver bounds");
    const std::string partial = partial_path(path);
    file_ = h5::file(H5Fcreate(partial.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get()), "create " + partial);
    attach_descriptor();
    const hid_t f = file_.get();

    h5::write_attribute(f, "version", metadata.version);
    h5::write_attribute(f, "git_revision", metadata.git_revision);
    h5::write_attribute(f, "command_line", metadata.command_line);
    h5::write_attribute(f, "config", metadata.config);
    h5::write_attribute(f, "seed", metadata.seed);
    h5::write_attribute(f, "mpi_size", metadata.mpi_size);
    h5::write_attribute(f, "host", metadata.host);
    h5::write_attribute(f, "started", metadata.started);
    h5::write_attribute(f, "optimizer", metadata.optimizer);
    h5::write_attribute(f, "optimizee", metadata.optimizee);
    if (!metadata.optimizee_config.empty()) h5::write_attribute(f, "optimizee_config", metadata.optimizee_config);
    h5::write_attribute(f, "status", std::string("running"));
    h5::write_attribute(f, "record_policy", to_string(layout.record.kind));
    h5::write_attribute(f, "record_every", static_cast<std::uint64_t>(layout.record.every));
    if (!metadata.fitness_meaning.empty()) h5::write_attribute(f, "fitness_meaning", metadata.fitness_meaning);
    if (std::isfinite(metadata.best_possible_fitness)) {
        h5::write_attribute(f, "best_possible_fitness", metadata.best_possible_fitness);
    }

    const hsize_t d = layout.genome_size;
    create_fixed(f, "/best/genome", H5T_IEEE_F64LE, {d});
    create_fixed(f, "/best/fitness", H5T_IEEE_F64LE, {});
    create_fixed(f, "/best/generation", H5T_STD_I64LE, {});
    // Gene names as a dataset: an attribute this large would not fit in the object header.
    {
        h5::Handle type = h5::datatype(H5Tcopy(H5T_C_S1), "string type");
        H5Tset_size(type.get(), H5T_VARIABLE);
        H5Tset_cset(type.get(), H5T_CSET_UTF8);
        create_fixed(f, "/best/gene_names", type.get(), {d});
        std::vector<const char*> names;
        for (const auto& n : metadata.gene_names) names.push_back(n.c_str());
        if (names.size() == d && d > 0) write_whole(dataset("/best/gene_names"), type.get(), names.data());
    }
    write_gene_bounds();
    if (!metadata.initial_genome.empty()) h5::write_doubles(f, "/initial_genome", metadata.initial_genome);
    describe_datasets();
}

// /best/gene_bounds [D x 2]: lower and upper bound of every gene (if the optimizee gave them).
void ResultsWriter::write_gene_bounds() {
    const hid_t f = file_.get();
    const std::size_t d = layout_.genome_size;
    if (layout_.bounds.size() != d || d == 0 || h5::exists(f, "/best/gene_bounds")) return;
    std::vector<double> bounds(2 * d);
    for (std::size_t i = 0; i < d; ++i) {
        bounds[2 * i] = layout_.bounds.lower[i];
        bounds[2 * i + 1] = layout_.bounds.upper[i];
    }
    create_fixed(f, "/best/gene_bounds", H5T_IEEE_F64LE, {d, 2});
    write_whole(dataset("/best/gene_bounds"), H5T_NATIVE_DOUBLE, bounds.data());
}

// Attributes cannot be added under SWMR: every dataset is described before the switch.
void ResultsWriter::describe_datasets() {
    l2l::describe_datasets(file_.get(), {optimizer_, fitness_meaning_});
}

// The population and the optimizer's summary keys are known from the first
// generation (CMA-ES picks its own population size); after that the layout is
// fixed and the file switches to SWMR mode.
void ResultsWriter::create_growing_datasets(const GenerationRecord& first) {
    const hid_t f = file_.get();
    layout_.population = first.results.size();
    layout_.summary_keys.clear();
    for (const auto& [key, value] : first.summary) layout_.summary_keys.push_back(key);
    const Layout& layout = layout_;
    const hsize_t p = layout.population;
    const hsize_t d = layout.genome_size;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    create_growing(f, "/generations/fitness", H5T_IEEE_F64LE, {p}, true, nan);
    const RecordPolicy& record = layout.record;
    if (record.stores_populations()) {
        create_growing(f, "/generations/genomes", H5T_IEEE_F64LE, {p, d}, true, nan, genome_chunk(p, d),
                       record.deflate);
    }
    if (record.kind == RecordKind::every) {
        create_growing<std::int32_t>(f, "/generations/population_recorded", H5T_STD_I32LE, {});
    }
    if (record.stores_best_and_state()) {
        create_growing(f, "/generations/best_genome", H5T_IEEE_F64LE, {d}, false, nan, {}, record.deflate);
        create_growing<std::int32_t>(f, "/generations/best_index", H5T_STD_I32LE, {}, false, kNoIndividual);
        if (first.state != nullptr) {
            for (const auto& [name, values] : first.state->vectors) {
                create_growing(f, "/generations/state/" + name, H5T_IEEE_F64LE, {d}, false, nan, {}, record.deflate);
                layout_.state_vectors.push_back(name);
            }
            for (const auto& [name, value] : first.state->scalars) {
                create_growing<double>(f, "/generations/state/" + name, H5T_IEEE_F64LE, {});
                layout_.state_scalars.push_back(name);
            }
            if (!first.state->seeds.empty()) {
                create_growing<std::uint64_t>(f, "/generations/state/seed", H5T_STD_U64LE, {p}, true, 0);
                create_growing<std::int32_t>(f, "/generations/state/sign", H5T_STD_I32LE, {p}, true, 0);
                layout_.rebuildable = true;
                if (layout.bounds.size() == d) {
                    create_fixed(f, "/record/bounds_lower", H5T_IEEE_F64LE, {d});
                    create_fixed(f, "/record/bounds_upper", H5T_IEEE_F64LE, {d});
                    write_whole(dataset("/record/bounds_lower"), H5T_NATIVE_DOUBLE, layout.bounds.lower.data());
                    write_whole(dataset("/record/bounds_upper"), H5T_NATIVE_DOUBLE, layout.bounds.upper.data());
                }
                // The seeds are offsets into this table (snes, sepcma, openai_es).
                if (const auto& table = first.state->noise_table) {
                    create_fixed(f, "/record/noise_table_seed", H5T_STD_U64LE, {});
                    create_fixed(f, "/record/noise_table_size", H5T_STD_U64LE, {});
                    write_whole(dataset("/record/noise_table_seed"), H5T_NATIVE_UINT64, &table->seed);
                    write_whole(dataset("/record/noise_table_size"), H5T_NATIVE_UINT64, &table->size);
                }
            }
        }
    }
    create_growing(f, "/generations/failures", H5T_STD_I32LE, {p}, true, kNoIndividual);
    if (layout.output_size > 0) {
        create_growing(f, "/generations/outputs", H5T_IEEE_F64LE, {p, layout.output_size}, true, nan);
    }
    for (const char* name : {"best", "mean", "std", "wall_time", "eval_time"}) {
        create_growing<double>(f, std::string("/generations/") + name, H5T_IEEE_F64LE, {});
    }
    create_growing<std::int32_t>(f, "/generations/evaluations", H5T_STD_I64LE, {});
    for (const auto& key : layout.summary_keys) {
        create_growing<double>(f, summary_path(optimizer_, key), H5T_IEEE_F64LE, {});
    }
    std::set<std::string> info_keys;
    for (const EvalResult& result : first.results) {
        for (const auto& [key, value] : result.info) info_keys.insert(key);
    }
    layout_.info_keys.assign(info_keys.begin(), info_keys.end());
    for (const auto& key : layout_.info_keys) {
        create_growing(f, "/generations/info/" + key, H5T_IEEE_F64LE, {p}, true, nan);
    }
    if (layout.failure_log) {
        create_growing<std::int32_t>(f, kFailureColumns[0], H5T_STD_I64LE, {});
        create_growing<std::int32_t>(f, kFailureColumns[1], H5T_STD_I64LE, {});
        create_growing<std::int32_t>(f, kFailureColumns[2], H5T_STD_I32LE, {});
        create_growing_text(f, kFailureColumns[3]);
    }

    describe_datasets();
    h5::check_status(H5Fstart_swmr_write(f), "start SWMR write on " + path_);
    growing_created_ = true;
    publish();
}

// The open file keeps its descriptor across the rename.
void ResultsWriter::publish() {
    if (published_) return;
    std::error_code error;
    std::filesystem::rename(partial_path(path_), path_, error);
    if (error) {
        throw StorageError(fmt::format("cannot rename {} to {}: {}", partial_path(path_), path_, error.message()));
    }
    published_ = true;
}

void ResultsWriter::check_resumable(const std::string& path, const RunMetadata& metadata, const Layout& layout,
                                    const ResumePoint& point) {
    h5::silence_library_errors();
    if (!std::filesystem::exists(path)) {
        throw ResumeError(fmt::format("--resume: the results file '{}' does not exist", path));
    }
    check_no_other_writer(path);
    const hid_t id = open_read_only(path);
    if (id < 0) {
        throw ResumeError(fmt::format("--resume: '{}' cannot be opened as an HDF5 file (truncated or damaged)", path));
    }
    h5::Handle file(id, &H5Fclose);
    const hid_t f = file.get();
    try {
        const std::string optimizer =
            h5::has_attribute(f, "optimizer") ? h5::read_string_attribute(f, "optimizer") : std::string{};
        if (optimizer != metadata.optimizer || !h5::exists(f, "/best/genome")) {
            throw ResumeError(fmt::format("--resume: '{}' is not the results file of this run (optimizer '{}', this run "
                                          "'{}')",
                                          path, optimizer, metadata.optimizer));
        }
        const std::vector<hsize_t> best = h5::shape_of(f, "/best/genome");
        if (best.size() != 1 || best[0] != layout.genome_size) {
            throw ResumeError(fmt::format("--resume: '{}' holds genomes of {} genes, this run has {}", path,
                                          best.empty() ? 0 : best[0], layout.genome_size));
        }
        const std::vector<std::string> growing = h5::dataset_paths(f, "/generations");
        if (point.generations > 0 && growing.empty()) {
            throw ResumeError(fmt::format("--resume: '{}' holds no generation, its checkpoint {}: the results file is "
                                          "older than the checkpoint (replaced or truncated)",
                                          path, point.generations));
        }
        for (const std::string& dataset : growing) {
            const std::vector<hsize_t> dims = h5::shape_of(f, dataset);
            if (dims.empty() || dims[0] < point.generations) {
                throw ResumeError(fmt::format("--resume: {} in '{}' has {} generations, the checkpoint {}: the results "
                                              "file is older than its checkpoint (replaced or truncated)",
                                              dataset, path, dims.empty() ? 0 : dims[0], point.generations));
            }
        }
    } catch (const h5::Error& e) {
        throw ResumeError(fmt::format("--resume: '{}' is damaged: {}", path, e.what()));
    }
}

ResultsWriter::ResultsWriter(const std::string& path, const RunMetadata& metadata, const Layout& layout,
                             const ResumePoint& point)
    : path_(path), layout_(layout), optimizer_(metadata.optimizer), fitness_meaning_(metadata.fitness_meaning) {
    h5::silence_library_errors();
    check_no_other_writer(path);
    // Cutting the datasets back rewrites their indexes: on a full disk that
    // write could fail halfway. Refuse before touching the file.
    if (const std::optional<std::uint64_t> free = free_bytes(path); free && *free < kMinimumFreeToWrite) {
        throw StorageError(fmt::format("cannot resume '{}': {} ({} free; at least {} are needed to cut the file back "
                                       "to its checkpoint and go on); the file is unchanged",
                                       path, std::strerror(ENOSPC), byte_count(*free), byte_count(kMinimumFreeToWrite)));
    }
    const hid_t id = reopen_for_writing(path, true);
    if (id < 0) throw ResumeError(fmt::format("--resume: cannot open '{}' for writing", path));
    file_ = h5::Handle(id, &H5Fclose);
    try {
        attach_descriptor();
        reopen_at(metadata, point);
    } catch (const h5::Error& e) {
        discard();
        throw StorageError(fmt::format("cannot resume '{}': {}", path, e.what()));
    }
}

void ResultsWriter::reopen_at(const RunMetadata& metadata, const ResumePoint& point) {
    const hid_t f = file_.get();

    // Cut every growing dataset back to the checkpoint: rows, and columns of
    // the per-individual ones (the population may have grown after it).
    const std::vector<std::string> growing = h5::dataset_paths(f, "/generations");
    growing_created_ = !growing.empty();
    for (const std::string& path_in_file : growing) {
        h5::Handle set = h5::dataset(H5Dopen2(f, path_in_file.c_str(), H5P_DEFAULT), "open " + path_in_file);
        std::vector<hsize_t> dims = h5::shape_of(f, path_in_file);
        dims[0] = point.generations;
        // Per-individual datasets ([G x P ...]); /generations/best_genome and state vectors are [G x D].
        const bool per_individual = path_in_file == "/generations/fitness" || path_in_file == "/generations/genomes" ||
                                    path_in_file == "/generations/failures" || path_in_file == "/generations/outputs" ||
                                    path_in_file == "/generations/state/seed" ||
                                    path_in_file == "/generations/state/sign" ||
                                    path_in_file.starts_with("/generations/info/");
        if (per_individual && dims.size() >= 2) {
            if (point.generations > 0) dims[1] = point.population_width;
            layout_.population = dims[1];
        }
        h5::check_status(H5Dset_extent(set.get(), dims.data()), "truncate " + path_in_file);
    }
    // The optimizer's state datasets of the first start (record.policy every, best_and_state).
    layout_.state_vectors.clear();
    layout_.state_scalars.clear();
    layout_.rebuildable = false;
    for (const std::string& path_in_file : growing) {
        if (!path_in_file.starts_with("/generations/state/")) continue;
        const std::string name = path_in_file.substr(std::string("/generations/state/").size());
        if (name == "seed") layout_.rebuildable = true;
        if (name == "seed" || name == "sign") continue;
        (h5::shape_of(f, path_in_file).size() == 2 ? layout_.state_vectors : layout_.state_scalars).push_back(name);
    }
    layout_.info_keys.clear();
    for (const std::string& path_in_file : h5::dataset_paths(f, "/generations/info")) {
        layout_.info_keys.push_back(path_in_file.substr(path_in_file.rfind('/') + 1));
    }
    // The failure log keeps the rows of the generations before the checkpoint.
    layout_.failure_log = h5::exists(f, kFailureColumns[0]);
    if (layout_.failure_log) {
        const std::vector<std::int64_t> generations = h5::read_ints(f, kFailureColumns[0]);
        hsize_t keep = 0;
        while (keep < generations.size() && generations[keep] < static_cast<std::int64_t>(point.generations)) ++keep;
        for (const char* column : kFailureColumns) {
            h5::Handle set = h5::dataset(H5Dopen2(f, column, H5P_DEFAULT), std::string("open ") + column);
            h5::check_status(H5Dset_extent(set.get(), &keep), std::string("truncate ") + column);
        }
        failure_rows_ = keep;
    }
    if (point.generations > 0 && point.best_genome.size() == layout_.genome_size) {
        write_whole(dataset("/best/genome"), H5T_NATIVE_DOUBLE, point.best_genome.data());
        write_whole(dataset("/best/fitness"), H5T_NATIVE_DOUBLE, &point.best_fitness);
        write_whole(dataset("/best/generation"), H5T_NATIVE_INT64, &point.best_generation);
    }
    std::vector<std::string> resumes =
        h5::has_attribute(f, "resumes") ? h5::read_string_array_attribute(f, "resumes") : std::vector<std::string>{};
    resumes.push_back(point.record);
    h5::write_attribute(f, "resumes", resumes);
    h5::write_attribute(f, "config", metadata.config);
    h5::write_attribute(f, "status", std::string("running"));
    h5::delete_attribute(f, "finished");  // running again
    // A file of an older l2l gets the gene bounds and the dataset descriptions now.
    write_gene_bounds();
    describe_datasets();
    rows_ = point.generations;
    flushed_rows_ = rows_;
    h5::check_status(H5Fflush(f, H5F_SCOPE_GLOBAL), "flush " + path_);
    if (growing_created_) h5::check_status(H5Fstart_swmr_write(f), "start SWMR write on " + path_);
}

ResultsWriter::~ResultsWriter() {
    if (file_) {
        if (broken_) {
            discard();
            return;
        }
        try {
            close("failed");
        } catch (...) {  // a destructor must not throw; the file stays "running"
            discard();
        }
    }
}

void ResultsWriter::append(const GenerationRecord& r) {
    if (broken_) throw StorageError(fmt::format("'{}' cannot take more generations after a failed write", path_));
    const auto begin = std::chrono::steady_clock::now();
    check_identity();
    check_free_space(r);
    try {
        append_checked(r);
    } catch (const h5::Error& e) {
        broken_ = true;
        throw StorageError(fmt::format("cannot write generation {} to '{}': {}", r.generation, path_, e.what()));
    }
    struct stat open {};
    if (::fstat(fd_, &open) == 0) {
        const auto size = static_cast<std::uint64_t>(open.st_size);
        last_growth_ = size > file_size_ ? size - file_size_ : 0;
        written_since_check_ += last_growth_;
        file_size_ = size;
    }
    reserve(room_for(r));
    append_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    ++appends_;
}

void ResultsWriter::complete_wall_time(double seconds) {
    if (broken_ || rows_ == 0) return;
    try {
        write_row(dataset("/generations/wall_time"), H5T_NATIVE_DOUBLE, &seconds, rows_ - 1);
    } catch (const h5::Error& e) {
        broken_ = true;
        throw StorageError(fmt::format("cannot write generation {} to '{}': {}", rows_ - 1, path_, e.what()));
    }
}

std::uint64_t ResultsWriter::room_for(const GenerationRecord& r) const {
    const std::uint64_t p = r.results.size();
    const std::uint64_t genomes = layout_.record.population_at(r.generation) ? p * layout_.genome_size : 0;
    const std::uint64_t state = layout_.record.stores_best_and_state() ? 4 * layout_.genome_size + 2 * p : 0;
    const std::uint64_t raw = 8 * (genomes + state + p * (layout_.output_size + 2)) + 8 * (r.summary.size() + 8);
    return 2 * std::max(raw, last_growth_) + kFreeSpaceMargin;
}

// The room for the next generations is allocated beyond the end of the file
// (fallocate KEEP_SIZE: the file's size, all HDF5 sees, does not change), so
// HDF5's writes land in blocks that already exist: a disk filled by another
// process between two generations cannot make a flush fail halfway. When
// even the next generation's room cannot be had, the next append stops
// before writing. File systems without fallocate rely on statvfs alone.
void ResultsWriter::reserve(std::uint64_t room) {
    if (!reserving_ || reserved_end_ >= file_size_ + room) return;
    for (const std::uint64_t ahead : {4 * room, room}) {
        if (::fallocate(fd_, FALLOC_FL_KEEP_SIZE, static_cast<off_t>(file_size_), static_cast<off_t>(ahead)) == 0) {
            reserved_end_ = file_size_ + ahead;
            return;
        }
        if (errno != ENOSPC && errno != EDQUOT) {
            reserving_ = false;  // not supported here (NFS, some parallel file systems)
            return;
        }
    }
    reserve_error_ = errno;
}

// A flush that fails halfway (disk full) can leave the new generation's chunk
// index half on disk, and HDF5 1.10 cannot close the file afterwards: stop
// before writing when the file system has less room than twice what a
// generation takes. statvfs is asked only when the room left since the last
// answer may be getting short, or once a second (on a parallel file system
// it is a round trip to the servers).
void ResultsWriter::check_free_space(const GenerationRecord& r) {
    const std::uint64_t need = room_for(r);
    if (reserve_error_ != 0) {
        throw StorageError(fmt::format("cannot write generation {} to '{}': {} (the room for it, {}, could not be "
                                       "reserved); the file holds {} complete generations",
                                       r.generation, path_, std::strerror(reserve_error_), byte_count(need), rows_));
    }
    if (reserving_ && reserved_end_ >= file_size_ + need) return;  // the blocks are allocated already
    const auto now = std::chrono::steady_clock::now();
    const bool plenty = free_at_check_ > written_since_check_ && free_at_check_ - written_since_check_ > 64 * need;
    if (plenty && now - checked_at_ < std::chrono::seconds(1)) return;
    const std::optional<std::uint64_t> free = free_bytes(current_path());
    if (!free) return;
    free_at_check_ = *free;
    written_since_check_ = 0;
    checked_at_ = now;
    if (*free < need) {
        throw StorageError(fmt::format("cannot write generation {} to '{}': {} ({} free, a generation needs about {}); "
                                       "the file holds {} complete generations",
                                       r.generation, path_, std::strerror(ENOSPC), byte_count(*free), byte_count(need),
                                       rows_));
    }
}

void ResultsWriter::append_checked(const GenerationRecord& r) {
    if (!growing_created_) create_growing_datasets(r);
    if (r.results.size() != r.genomes.size() || r.results.empty()) {
        throw std::runtime_error(fmt::format("generation {} has {} genomes and {} results", r.generation,
                                             r.genomes.size(), r.results.size()));
    }
    const std::size_t p = r.results.size();  // may differ between generations (IPOP restarts)
    layout_.population = std::max(layout_.population, p);
    const std::size_t d = layout_.genome_size;
    std::vector<double> fitness(p);
    std::vector<std::int32_t> failures(p);
    for (std::size_t i = 0; i < p; ++i) {
        fitness[i] = r.results[i].fitness;
        failures[i] = static_cast<std::int32_t>(r.results[i].status);
    }
    write_row(dataset("/generations/fitness"), H5T_NATIVE_DOUBLE, fitness.data(), rows_, p);
    const RecordPolicy& record = layout_.record;
    if (record.stores_populations()) {
        if (record.population_at(rows_)) {
            std::vector<double> genomes(p * d);
            for (std::size_t i = 0; i < p; ++i) {
                std::copy(r.genomes[i].begin(), r.genomes[i].end(),
                          genomes.begin() + static_cast<std::ptrdiff_t>(i * d));
            }
            write_row(dataset("/generations/genomes"), H5T_NATIVE_DOUBLE, genomes.data(), rows_, p);
        } else {
            skip_row(dataset("/generations/genomes"), rows_, p);
        }
    }
    if (record.kind == RecordKind::every) {
        const std::int32_t recorded = record.population_at(rows_) ? 1 : 0;
        write_row(dataset("/generations/population_recorded"), H5T_NATIVE_INT32, &recorded, rows_);
    }
    if (record.stores_best_and_state()) {
        const std::int32_t best_index = static_cast<std::int32_t>(r.best_index);
        if (r.best_index >= 0 && static_cast<std::size_t>(r.best_index) < p) {
            write_row(dataset("/generations/best_genome"), H5T_NATIVE_DOUBLE, r.genomes[static_cast<std::size_t>(r.best_index)].data(), rows_);
        } else {
            skip_row(dataset("/generations/best_genome"), rows_, 0);
        }
        write_row(dataset("/generations/best_index"), H5T_NATIVE_INT32, &best_index, rows_);
        if (r.state != nullptr) write_state(*r.state, p);
    }
    write_row(dataset("/generations/failures"), H5T_NATIVE_INT32, failures.data(), rows_, p);
    if (layout_.output_size > 0) {
        // Missing outputs (failed evaluations) are NaN.
        std::vector<double> outputs(p * layout_.output_size, std::numeric_limits<double>::quiet_NaN());
        for (std::size_t i = 0; i < p; ++i) {
            const auto& o = r.results[i].outputs;
            std::copy_n(o.begin(), std::min(o.size(), layout_.output_size),
                        outputs.begin() + static_cast<std::ptrdiff_t>(i * layout_.output_size));
        }
        write_row(dataset("/generations/outputs"), H5T_NATIVE_DOUBLE, outputs.data(), rows_, p);
    }
    for (const std::string& key : layout_.info_keys) {
        std::vector<double> values(p, std::numeric_limits<double>::quiet_NaN());
        for (std::size_t i = 0; i < p; ++i) {
            for (const auto& [name, value] : r.results[i].info) {
                if (name == key) values[i] = value;
            }
        }
        write_row(dataset("/generations/info/" + key), H5T_NATIVE_DOUBLE, values.data(), rows_, p);
    }
    if (layout_.failure_log) {
        std::vector<std::int64_t> generations;
        std::vector<std::int64_t> individuals;
        std::vector<std::int32_t> statuses;
        std::string messages;
        for (std::size_t i = 0; i < p; ++i) {
            const EvalResult& result = r.results[i];
            if (result.status == EvalStatus::ok) continue;
            generations.push_back(static_cast<std::int64_t>(r.generation));
            individuals.push_back(static_cast<std::int64_t>(i));
            statuses.push_back(static_cast<std::int32_t>(result.status));
            std::string message = result.error.substr(0, kMessageBytes);
            message.resize(kMessageBytes, '\0');
            messages += message;
        }
        const hsize_t count = generations.size();
        if (count > 0) {
            append_values(dataset(kFailureColumns[0]), H5T_NATIVE_INT64, generations.data(), failure_rows_, count);
            append_values(dataset(kFailureColumns[1]), H5T_NATIVE_INT64, individuals.data(), failure_rows_, count);
            append_values(dataset(kFailureColumns[2]), H5T_NATIVE_INT32, statuses.data(), failure_rows_, count);
            h5::Handle type = message_type();
            append_values(dataset(kFailureColumns[3]), type.get(), messages.data(), failure_rows_, count);
            failure_rows_ += count;
        }
    }
    write_row(dataset("/generations/best"), H5T_NATIVE_DOUBLE, &r.best, rows_);
    write_row(dataset("/generations/mean"), H5T_NATIVE_DOUBLE, &r.mean, rows_);
    write_row(dataset("/generations/std"), H5T_NATIVE_DOUBLE, &r.std, rows_);
    write_row(dataset("/generations/wall_time"), H5T_NATIVE_DOUBLE, &r.wall_time, rows_);
    write_row(dataset("/generations/eval_time"), H5T_NATIVE_DOUBLE, &r.eval_time, rows_);
    write_row(dataset("/generations/evaluations"), H5T_NATIVE_INT64, &r.evaluations, rows_);
    for (const auto& [key, value] : r.summary) {
        write_row(dataset(summary_path(optimizer_, key)), H5T_NATIVE_DOUBLE, &value, rows_);
    }
    write_whole(dataset("/best/genome"), H5T_NATIVE_DOUBLE, r.best_genome.data());
    write_whole(dataset("/best/fitness"), H5T_NATIVE_DOUBLE, &r.best_fitness);
    write_whole(dataset("/best/generation"), H5T_NATIVE_INT64, &r.best_generation);
    ++rows_;
    // A flush costs more than a cheap generation's writes: at most one a second.
    if (std::chrono::steady_clock::now() - flushed_at_ >= std::chrono::seconds(1)) flush_file();
}

void ResultsWriter::flush_file() {
    h5::check_status(H5Fflush(file_.get(), H5F_SCOPE_GLOBAL), "flush " + path_);
    flushed_at_ = std::chrono::steady_clock::now();
    flushed_rows_ = rows_;
}

void ResultsWriter::flush() {
    if (broken_ || !file_ || flushed_rows_ == rows_) return;
    try {
        flush_file();
    } catch (const h5::Error& e) {
        broken_ = true;
        throw StorageError(fmt::format("cannot flush generation {} to '{}': {}", rows_ - 1, path_, e.what()));
    }
}

// The optimizer's state of the generation: the vectors and scalars the first
// generation had (the same names every generation), seeds and signs.
void ResultsWriter::write_state(const PopulationState& state, std::size_t population) {
    for (const std::string& name : layout_.state_vectors) {
        const auto found = std::find_if(state.vectors.begin(), state.vectors.end(),
                                        [&](const auto& v) { return v.first == name; });
        if (found == state.vectors.end() || found->second.size() != layout_.genome_size) {
            throw std::runtime_error(fmt::format("generation {}: the optimizer's state has no vector '{}' of {} genes",
                                                 rows_, name, layout_.genome_size));
        }
        write_row(dataset("/generations/state/" + name), H5T_NATIVE_DOUBLE, found->second.data(), rows_);
    }
    for (const std::string& name : layout_.state_scalars) {
        const auto found = std::find_if(state.scalars.begin(), state.scalars.end(),
                                        [&](const auto& v) { return v.first == name; });
        const double value = found == state.scalars.end() ? std::numeric_limits<double>::quiet_NaN() : found->second;
        write_row(dataset("/generations/state/" + name), H5T_NATIVE_DOUBLE, &value, rows_);
    }
    if (layout_.rebuildable) {
        if (state.seeds.size() != population || state.signs.size() != population) {
            throw std::runtime_error(fmt::format("generation {}: {} seeds and {} signs for {} individuals", rows_,
                                                 state.seeds.size(), state.signs.size(), population));
        }
        write_row(dataset("/generations/state/seed"), H5T_NATIVE_UINT64, state.seeds.data(), rows_, population);
        write_row(dataset("/generations/state/sign"), H5T_NATIVE_INT32, state.signs.data(), rows_, population);
    }
}

void ResultsWriter::close(const std::string& status) {
    if (file_) {
        if (broken_) {
            discard();
            throw StorageError(fmt::format("'{}' was closed without its status after a failed write", path_));
        }
        check_identity();
        try {
            h5::check_status(H5Fflush(file_.get(), H5F_SCOPE_GLOBAL), "flush " + current_path());
        } catch (const h5::Error& e) {
            broken_ = true;
            throw StorageError(fmt::format("cannot close '{}': {}", current_path(), e.what()));
        }
        fd_ = -1;
        close_datasets();
        if (H5Fclose(file_.release()) < 0) throw StorageError(fmt::format("cannot close '{}'", current_path()));
    }
    publish();
    // Reopen outside SWMR mode to change the status attribute.
    try {
        write_status(path_, status, false);
    } catch (const h5::Error& e) {
        throw StorageError(fmt::format("cannot set the status of '{}' to {}: {}", path_, status, e.what()));
    }
}

std::string ResultsWriter::close_after_failure(bool file_lost) {
    if (file_lost || broken_ || !file_) {
        discard();
    } else {
        // Closing flushes the generations of the last second (not checkpointed yet) and the superblock.
        fd_ = -1;
        close_datasets();
        if (H5Fclose(file_.get()) < 0) {
            discard();
        } else {
            (void)file_.release();
        }
    }
    if (file_lost) return fmt::format("Nothing more was written to '{}'", path_);
    if (!published_) return fmt::format("'{}' was left as it was", partial_path(path_));
    const std::optional<std::uint64_t> free = free_bytes(path_);
    const bool reserved = reserving_ && reserved_end_ >= file_size_ + kFreeSpaceMargin;  // the status fits there
    if (free && *free < kFreeSpaceMargin && !reserved) {
        return fmt::format("Its status was left 'running' ({} free)", byte_count(*free));
    }
    try {
        if (identity_at(path_) != identity_) return fmt::format("Nothing more was written to '{}'", path_);
        write_status(path_, "failed", true);
        return "Its status is now 'failed'";
    } catch (const std::exception& e) {
        return fmt::format("Its status could not be set ({})", e.what());
    }
}

}  // namespace l2l
