#include "optimizer/results/checkpoint.hpp"

#include <fmt/format.h>

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/crc.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

#include "optimizer/results/atomic_file.hpp"

namespace l2l {
namespace {

constexpr std::string_view kMagic = "L2L-CKPT";
constexpr std::size_t kHeaderSize = 8 + 4 + 8 + 4;  // magic, format, payload length, CRC-32

std::uint32_t crc32(std::string_view bytes) {
    boost::crc_32_type crc;
    crc.process_bytes(bytes.data(), bytes.size());
    return crc.checksum();
}

// Fixed-width integers, little-endian whatever the host.
template <class Int>
void put(std::string& out, Int value) {
    for (std::size_t i = 0; i < sizeof(Int); ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

template <class Int>
Int get(std::string_view bytes, std::size_t offset) {
    Int value = 0;
    for (std::size_t i = 0; i < sizeof(Int); ++i) {
        value |= static_cast<Int>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i);
    }
    return value;
}

}  // namespace

std::string checkpoint_path(const std::string& output) { return output + ".ckpt"; }

std::string encode_checkpoint(const Checkpoint& checkpoint) {
    std::ostringstream payload(std::ios::binary);
    {
        boost::archive::binary_oarchive archive(payload);
        archive << checkpoint;
    }
    const std::string body = std::move(payload).str();
    std::string bytes(kMagic);
    put<std::uint32_t>(bytes, kCheckpointFormat);
    put<std::uint64_t>(bytes, body.size());
    put<std::uint32_t>(bytes, crc32(body));
    return bytes + body;
}

Checkpoint decode_checkpoint(const std::string& bytes, const std::string& source) {
    if (bytes.size() < kMagic.size() && kMagic.substr(0, bytes.size()) == bytes) {
        throw CheckpointError(fmt::format("{}: truncated checkpoint ({} bytes)", source, bytes.size()));
    }
    if (bytes.size() < kMagic.size() || std::string_view(bytes).substr(0, kMagic.size()) != kMagic) {
        throw CheckpointError(fmt::format("{}: not an l2l checkpoint (no L2L-CKPT header)", source));
    }
    if (bytes.size() < kHeaderSize) {
        throw CheckpointError(fmt::format("{}: truncated checkpoint ({} bytes, the header alone has {})", source,
                                          bytes.size(), kHeaderSize));
    }
    const auto format = get<std::uint32_t>(bytes, 8);
    if (format != kCheckpointFormat) {
        throw CheckpointError(fmt::format("{}: checkpoint format {}; this l2l reads format {}", source, format,
                                          kCheckpointFormat));
    }
    const auto length = get<std::uint64_t>(bytes, 12);
    const auto expected_crc = get<std::uint32_t>(bytes, 20);
    const std::string_view body = std::string_view(bytes).substr(kHeaderSize);
    if (body.size() != length) {
        throw CheckpointError(fmt::format("{}: truncated or padded checkpoint (payload of {} bytes, header says {})",
                                          source, body.size(), length));
    }
    if (crc32(body) != expected_crc) {
        throw CheckpointError(fmt::format("{}: corrupt checkpoint (CRC-32 mismatch)", source));
    }
    Checkpoint checkpoint;
    try {
        std::istringstream in(std::string(body), std::ios::binary);
        boost::archive::binary_iarchive archive(in);
        archive >> checkpoint;
    } catch (const std::exception& e) {
        throw CheckpointError(fmt::format("{}: cannot read the checkpoint's content ({})", source, e.what()));
    }
    return checkpoint;
}

void write_checkpoint_file(const std::string& path, const std::string& encoded) {
    write_file_atomically(path, encoded);
}

Checkpoint read_checkpoint(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CheckpointError(fmt::format("checkpoint '{}' cannot be read: {}", path, std::strerror(errno)));
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return decode_checkpoint(std::move(bytes).str(), "checkpoint '" + path + "'");
}

}  // namespace l2l
