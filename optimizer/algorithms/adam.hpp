// Adam (Kingma & Ba 2015) as the gradient-ascent step of ES and OpenAI-ES.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace l2l {

struct AdamParameters {
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
};

// One Adam step along `gradient` (ascent): updates the moments m, v and the
// step count, returns the step. The bias correction is folded into the step
// size, as in OpenAI's es-distributed.
inline std::vector<double> adam_step(std::vector<double>& m, std::vector<double>& v, std::uint64_t& steps,
                                     const std::vector<double>& gradient, double learning_rate,
                                     const AdamParameters& p) {
    ++steps;
    const double t = static_cast<double>(steps);
    const double a = learning_rate * std::sqrt(1.0 - std::pow(p.beta2, t)) / (1.0 - std::pow(p.beta1, t));
    std::vector<double> step(gradient.size());
    for (std::size_t i = 0; i < step.size(); ++i) {
        m[i] = p.beta1 * m[i] + (1.0 - p.beta1) * gradient[i];
        v[i] = p.beta2 * v[i] + (1.0 - p.beta2) * gradient[i] * gradient[i];
        step[i] = a * m[i] / (std::sqrt(v[i]) + p.epsilon);
    }
    return step;
}

}  // namespace l2l
