#include "simulator/projection.hpp"

#include <algorithm>

#include "common/random.hpp"

namespace l2l::sim {

Projection::Projection(const ProjectionSpec& spec, std::size_t pre_population, std::size_t post_population,
                       std::size_t pre_size, std::size_t post_size, std::size_t delay_steps)
    : name_(spec.name),
      pre_population_(pre_population),
      post_population_(post_population),
      pre_size_(pre_size),
      post_size_(post_size),
      delay_steps_(delay_steps) {
    const bool recurrent = pre_population == post_population;
    const bool full_matrix =
        spec.connectivity == Connectivity::all_to_all && (!recurrent || spec.autapses);
    dense_ = spec.storage == WeightStorage::dense ||
             (spec.storage == WeightStorage::automatic && full_matrix);
    Rng rng(derive_seed({spec.seed, 0x636f6e6eULL}));  // "conn"
    if (dense_) {
        weights_.assign(pre_size * post_size, spec.weight);
    } else {
        row_start_.reserve(pre_size + 1);
        row_start_.push_back(0);
        for (std::size_t pre = 0; pre < pre_size; ++pre) {
            for (std::size_t post = 0; post < post_size; ++post) {
                bool connected = false;
                switch (spec.connectivity) {
                    case Connectivity::all_to_all: connected = true; break;
                    case Connectivity::one_to_one: connected = pre == post; break;
                    case Connectivity::fixed_probability: connected = rng.bernoulli(spec.probability); break;
                }
                if (recurrent && pre == post && !spec.autapses) connected = false;
                if (connected) targets_.push_back(static_cast<std::uint32_t>(post));
            }
            row_start_.push_back(static_cast<std::uint32_t>(targets_.size()));
        }
        weights_.assign(targets_.size(), spec.weight);
    }
    if (spec.weight_std > 0.0) {
        for (double& w : weights_) w += spec.weight_std * rng.normal();
    }
}

std::uint32_t Projection::pre_of(std::size_t synapse) const {
    if (dense_) return static_cast<std::uint32_t>(synapse / post_size_);
    const auto it = std::upper_bound(row_start_.begin(), row_start_.end(), static_cast<std::uint32_t>(synapse));
    return static_cast<std::uint32_t>(it - row_start_.begin() - 1);
}

std::uint32_t Projection::post_of(std::size_t synapse) const {
    if (dense_) return static_cast<std::uint32_t>(synapse % post_size_);
    return targets_[synapse];
}

}  // namespace l2l::sim
