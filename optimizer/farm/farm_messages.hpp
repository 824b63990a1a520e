// What the MPI farm puts on the wire, in one place so that its sizes can be
// measured (bench/) without MPI: Boost binary archives without header.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <utility>

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
T unpack(const std::string& bytes) {
    std::istringstream in(bytes, std::ios::binary);
    boost::archive::binary_iarchive archive(in, boost::archive::no_header);
    T value;
    archive >> value;
    return value;
}

}  // namespace l2l
