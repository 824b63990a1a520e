// What the MPI farm puts on the wire, in one place so that its sizes can be
// measured (bench/) without MPI: Boost binary archives without header.
#pragma once

#include <cstdint>
#include <sstream>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include "optimizer/algorithms/eval_result.hpp"
#include "optimizer/algorithms/population_encoding.hpp"

namespace l2l {

// A task of an encoded population: the individual's offset and sign instead
// of its genome (the worker holds the generation's PerturbationBase).
struct EncodedTask {
    std::uint64_t generation = 0;
    std::uint64_t index = 0;
    Perturbation perturbation;

    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
        ar & generation & index & perturbation;
    }
};

// Appends what an archive writes to a buffer the caller keeps (and reuses:
// its capacity stays, so a farm's messages do not allocate once warm).
class ByteSink final : public std::streambuf {
public:
    explicit ByteSink(std::vector<char>& bytes) : bytes_(bytes) { bytes_.clear(); }

protected:
    std::streamsize xsputn(const char* data, std::streamsize count) override {
        bytes_.insert(bytes_.end(), data, data + count);
        return count;
    }
    int_type overflow(int_type c) override {
        if (!traits_type::eq_int_type(c, traits_type::eof())) bytes_.push_back(traits_type::to_char_type(c));
        return traits_type::not_eof(c);
    }

private:
    std::vector<char>& bytes_;
};

// Reads an archive straight from a received message, without copying it.
class ByteSource final : public std::streambuf {
public:
    ByteSource(const char* data, std::size_t size) {
        char* begin = const_cast<char*>(data);  // the get area is only read
        setg(begin, begin, begin + size);
    }
};

// One object (a generation's PerturbationBase, or anything else sent alone).
template <class T>
std::string pack(const T& value) {
    std::ostringstream out(std::ios::binary);
    {
        boost::archive::binary_oarchive archive(out, boost::archive::no_header);
        archive << value;
    }
    return std::move(out).str();
}

template <class T>
T unpack(const char* data, std::size_t size) {
    ByteSource source(data, size);
    boost::archive::binary_iarchive archive(source, boost::archive::no_header | boost::archive::no_codecvt);
    T value;
    archive >> value;
    return value;
}

template <class T>
T unpack(const std::string& bytes) {
    return unpack<T>(bytes.data(), bytes.size());
}

// A batch of the farm (task batches one way, result batches the other): its
// count, then each item, written from wherever the items are (the master
// writes tasks from the generation without copying them into a vector).
class BatchWriter {
public:
    BatchWriter(std::vector<char>& bytes, std::uint64_t count) : sink_(bytes), archive_(sink_, kFlags) {
        archive_ << count;
    }
    template <class Item>
    void add(const Item& item) {
        archive_ << item;
    }

private:
    static constexpr unsigned kFlags = boost::archive::no_header | boost::archive::no_codecvt;
    ByteSink sink_;
    boost::archive::binary_oarchive archive_;
};

// Reads a batch written by BatchWriter: count() first, then next() that many times.
class BatchReader {
public:
    BatchReader(const char* data, std::size_t size) : source_(data, size), archive_(source_, kFlags) {
        archive_ >> count_;
    }
    std::uint64_t count() const { return count_; }
    template <class Item>
    void next(Item& item) {
        archive_ >> item;
    }

private:
    static constexpr unsigned kFlags = boost::archive::no_header | boost::archive::no_codecvt;
    ByteSource source_;
    boost::archive::binary_iarchive archive_;
    std::uint64_t count_ = 0;
};

// A whole batch into `items` (resized to its count; their buffers are reused).
template <class Item>
void read_batch(const char* data, std::size_t size, std::vector<Item>& items) {
    BatchReader reader(data, size);
    items.resize(reader.count());
    for (Item& item : items) reader.next(item);
}

}  // namespace l2l
