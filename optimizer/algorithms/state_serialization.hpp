// Checkpoint plumbing shared by the optimizers: Boost binary archives over
// std::iostream, and Boost.Serialization support for dense Eigen matrices.
//
// Binary archives store doubles bit for bit, which is what makes
// load_state(save_state()) continue a run bit-identically.
#pragma once

#include <istream>
#include <ostream>

#include <Eigen/Dense>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/array.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/split_free.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

namespace boost::serialization {

// Dense Eigen matrices and vectors: shape, then the coefficients in storage order.
template <class Archive, class Scalar, int Rows, int Cols, int Options, int MaxRows, int MaxCols>
void save(Archive& ar, const Eigen::Matrix<Scalar, Rows, Cols, Options, MaxRows, MaxCols>& m,
          unsigned /*version*/) {
    const Eigen::Index rows = m.rows();
    const Eigen::Index cols = m.cols();
    ar << rows << cols;
    ar << boost::serialization::make_array(m.data(), static_cast<std::size_t>(m.size()));
}

template <class Archive, class Scalar, int Rows, int Cols, int Options, int MaxRows, int MaxCols>
void load(Archive& ar, Eigen::Matrix<Scalar, Rows, Cols, Options, MaxRows, MaxCols>& m,
          unsigned /*version*/) {
    Eigen::Index rows = 0;
    Eigen::Index cols = 0;
    ar >> rows >> cols;
    m.resize(rows, cols);
    ar >> boost::serialization::make_array(m.data(), static_cast<std::size_t>(m.size()));
}

template <class Archive, class Scalar, int Rows, int Cols, int Options, int MaxRows, int MaxCols>
void serialize(Archive& ar, Eigen::Matrix<Scalar, Rows, Cols, Options, MaxRows, MaxCols>& m,
               unsigned version) {
    split_free(ar, m, version);
}

}  // namespace boost::serialization

namespace l2l {

// Writes `state` (anything with a Boost serialize()) as a binary archive.
template <class State>
void save_binary_state(std::ostream& out, const State& state) {
    boost::archive::binary_oarchive archive(out);
    archive << state;
}

template <class State>
void load_binary_state(std::istream& in, State& state) {
    boost::archive::binary_iarchive archive(in);
    archive >> state;
}

}  // namespace l2l
