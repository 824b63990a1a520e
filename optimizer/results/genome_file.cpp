#include "optimizer/results/genome_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "optimizer/results/atomic_file.hpp"

namespace l2l {
namespace {

std::string string_or_empty(hid_t f, const char* name) {
    return h5::has_attribute(f, name) ? h5::read_string_attribute(f, name) : std::string{};
}

// Creation properties of a 1-D dataset of `count` values: chunked and deflated
// (the gene names repeat a few projection names thousands of times), plain when
// the library has no deflate filter.
h5::Handle compressed_layout(hsize_t count) {
    h5::Handle props = h5::plist(H5Pcreate(H5P_DATASET_CREATE), "dataset creation list");
    if (count > 0 && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
        const hsize_t chunk = std::min<hsize_t>(count, 16384);
        h5::check_status(H5Pset_chunk(props.get(), 1, &chunk), "chunk layout");
        h5::check_status(H5Pset_deflate(props.get(), 9), "deflate filter");
    }
    return props;
}

void write_compressed(hid_t f, const std::string& path, hid_t file_type, hid_t memory_type, const void* data,
                      hsize_t count) {
    h5::Handle space = h5::dataspace(H5Screate_simple(1, &count, nullptr), "dataspace " + path);
    h5::Handle props = compressed_layout(count);
    h5::Handle set = h5::dataset(
        H5Dcreate2(f, path.c_str(), file_type, space.get(), H5P_DEFAULT, props.get(), H5P_DEFAULT),
        "create dataset " + path);
    if (count > 0) {
        h5::check_status(H5Dwrite(set.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + path);
    }
}

h5::Handle fixed_string_type(std::size_t length) {
    h5::Handle type = h5::datatype(H5Tcopy(H5T_C_S1), "string type");
    h5::check_status(H5Tset_size(type.get(), length), "string length");
    h5::check_status(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "string padding");
    return type;
}

// Fixed-length strings (NUL-padded to the longest) compress; variable-length ones do not.
void write_names(hid_t f, const std::string& path, const std::vector<std::string>& names) {
    std::size_t length = 1;
    for (const std::string& name : names) length = std::max(length, name.size());
    std::string packed(names.size() * length, '\0');
    for (std::size_t k = 0; k < names.size(); ++k) names[k].copy(packed.data() + k * length, length);
    const h5::Handle type = fixed_string_type(length);
    write_compressed(f, path, type.get(), type.get(), packed.data(), names.size());
}

std::vector<std::string> read_names(hid_t f, const std::string& path) {
    h5::Handle set = h5::dataset(H5Dopen2(f, path.c_str(), H5P_DEFAULT), "open dataset " + path);
    h5::Handle stored = h5::datatype(H5Dget_type(set.get()), "type of " + path);
    if (H5Tget_class(stored.get()) != H5T_STRING) throw ResultsFileError(path + " does not hold strings");
    if (H5Tis_variable_str(stored.get()) > 0) return h5::read_strings(f, path);
    const std::size_t length = H5Tget_size(stored.get());
    h5::Handle space = h5::dataspace(H5Dget_space(set.get()), "dataset space " + path);
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    std::string packed(static_cast<std::size_t>(std::max<hssize_t>(count, 0)) * length, '\0');
    const h5::Handle type = fixed_string_type(length);
    if (!packed.empty()) {
        h5::check_status(H5Dread(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()), "read " + path);
    }
    std::vector<std::string> names;
    for (std::size_t k = 0; k < static_cast<std::size_t>(std::max<hssize_t>(count, 0)); ++k) {
        std::string name = packed.substr(k * length, length);
        name.erase(std::find(name.begin(), name.end(), '\0'), name.end());
        names.push_back(std::move(name));
    }
    return names;
}

// The file is built in memory (HDF5 core driver, no backing store) and its
// image written with write_file_atomically: no partial file on a crash.
std::string genome_file_image(const GenomeFile& genome) {
    h5::Handle access = h5::plist(H5Pcreate(H5P_FILE_ACCESS), "create file access list");
    h5::check_status(H5Pset_fapl_core(access.get(), 64 * 1024, 0), "set the in-memory file driver");
    h5::Handle file = h5::file(H5Fcreate("genome_file_in_memory.h5", H5F_ACC_TRUNC, H5P_DEFAULT, access.get()),
                               "create the genome file in memory");
    const hid_t f = file.get();
    h5::write_attribute(f, "format", std::string(kGenomeFileFormat));
    h5::write_attribute(f, "format_version", kGenomeFileVersion);
    h5::write_attribute(f, "source", genome.source);
    h5::write_attribute(f, "generation", genome.individual.generation);
    h5::write_attribute(f, "individual", genome.individual.index);
    h5::write_attribute(f, "genome_source", genome.individual.source);
    h5::write_attribute(f, "failure", genome.individual.failure);
    h5::write_attribute(f, "version", genome.version);
    h5::write_attribute(f, "git_revision", genome.git_revision);
    h5::write_attribute(f, "seed", genome.seed);
    h5::write_attribute(f, "optimizer", genome.optimizer);
    h5::write_attribute(f, "optimizee", genome.optimizee);
    h5::write_attribute(f, "config", genome.config);
    if (!genome.optimizee_config.empty()) h5::write_attribute(f, "optimizee_config", genome.optimizee_config);
    write_compressed(f, "/genome", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, genome.individual.genome.data(),
                     genome.individual.genome.size());
    write_names(f, "/gene_names", genome.gene_names);
    h5::write_doubles(f, "/fitness", std::vector<double>{genome.individual.fitness});
    h5::check_status(H5Fflush(f, H5F_SCOPE_GLOBAL), "flush the genome file in memory");
    const ssize_t size = H5Fget_file_image(f, nullptr, 0);
    if (size <= 0) throw std::runtime_error("cannot get the genome file's image from memory");
    std::string image(static_cast<std::size_t>(size), '\0');
    if (H5Fget_file_image(f, image.data(), image.size()) != size) {
        throw std::runtime_error("cannot copy the genome file's image from memory");
    }
    return image;
}

}  // namespace

GenomeFile genome_from_results(hid_t results, const std::string& path, const StoredIndividual& individual,
                               std::vector<std::string> gene_names) {
    GenomeFile genome;
    genome.source = path;
    genome.individual = individual;
    genome.gene_names = std::move(gene_names);
    genome.seed = h5::read_uint_attribute(results, "seed");
    genome.optimizer = string_or_empty(results, "optimizer");
    genome.optimizee = string_or_empty(results, "optimizee");
    genome.config = string_or_empty(results, "config");
    genome.optimizee_config = string_or_empty(results, "optimizee_config");
    genome.version = string_or_empty(results, "version");
    genome.git_revision = string_or_empty(results, "git_revision");
    return genome;
}

void write_genome_file(const std::string& path, const GenomeFile& genome) {
    if (genome.gene_names.size() != genome.individual.genome.size()) {
        throw std::invalid_argument(fmt::format("genome file {}: {} gene names for {} genes", path,
                                                genome.gene_names.size(), genome.individual.genome.size()));
    }
    write_file_atomically(path, genome_file_image(genome));
}

h5::Handle open_genome_file(const std::string& path) {
    h5::silence_library_errors();
    if (!std::filesystem::exists(path)) throw ResultsFileError(fmt::format("genome file '{}' does not exist", path));
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) throw ResultsFileError(fmt::format("'{}' is not an HDF5 file, or is damaged", path));
    h5::Handle file = h5::file(id, "open " + path);
    if (!h5::has_attribute(id, "format") || h5::read_string_attribute(id, "format") != kGenomeFileFormat) {
        throw ResultsFileError(fmt::format("'{}' is not an l2l genome file (no format attribute '{}'; write one with "
                                           "`l2l replay RUN.h5 --save-genome FILE`)",
                                           path, kGenomeFileFormat));
    }
    const std::int64_t version =
        h5::has_attribute(id, "format_version") ? h5::read_int_attribute(id, "format_version") : 0;
    if (version < 1 || version > kGenomeFileVersion) {
        throw ResultsFileError(fmt::format("'{}': genome file format_version {}; this l2l reads 1 to {}", path, version,
                                           kGenomeFileVersion));
    }
    return file;
}

GenomeFile read_genome_file(hid_t f, const std::string& path) {
    for (const char* name : {"source", "generation", "individual", "genome_source", "failure", "seed", "optimizee",
                             "config"}) {
        if (!h5::has_attribute(f, name)) {
            throw ResultsFileError(fmt::format("genome file '{}' has no attribute {}", path, name));
        }
    }
    for (const char* name : {"/genome", "/gene_names", "/fitness"}) {
        if (!h5::exists(f, name)) throw ResultsFileError(fmt::format("genome file '{}' has no dataset {}", path, name));
    }
    GenomeFile genome;
    genome.source = h5::read_string_attribute(f, "source");
    genome.individual.generation = h5::read_uint_attribute(f, "generation");
    genome.individual.index = h5::read_uint_attribute(f, "individual");
    genome.individual.source = h5::read_string_attribute(f, "genome_source");
    genome.individual.failure = h5::read_int_attribute(f, "failure");
    genome.individual.genome = h5::read_doubles(f, "/genome");
    genome.gene_names = read_names(f, "/gene_names");
    const std::vector<double> fitness = h5::read_doubles(f, "/fitness");
    genome.seed = h5::read_uint_attribute(f, "seed");
    genome.optimizer = string_or_empty(f, "optimizer");
    genome.optimizee = h5::read_string_attribute(f, "optimizee");
    genome.config = h5::read_string_attribute(f, "config");
    genome.optimizee_config = string_or_empty(f, "optimizee_config");
    genome.version = string_or_empty(f, "version");
    genome.git_revision = string_or_empty(f, "git_revision");
    if (fitness.size() != 1) {
        throw ResultsFileError(
            fmt::format("genome file '{}': /fitness holds {} values, expected 1", path, fitness.size()));
    }
    genome.individual.fitness = fitness[0];
    if (genome.individual.genome.empty() || genome.gene_names.size() != genome.individual.genome.size()) {
        throw ResultsFileError(fmt::format("genome file '{}': /genome has {} genes and /gene_names {} names", path,
                                           genome.individual.genome.size(), genome.gene_names.size()));
    }
    for (std::size_t k = 0; k < genome.individual.genome.size(); ++k) {
        if (!std::isfinite(genome.individual.genome[k])) {
            throw ResultsFileError(fmt::format("genome file '{}': gene {} ({}) is {}", path, k, genome.gene_names[k],
                                               genome.individual.genome[k]));
        }
    }
    return genome;
}

}  // namespace l2l
