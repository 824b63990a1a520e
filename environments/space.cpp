#include "environments/environment.hpp"

#include <fmt/format.h>

namespace l2l::env {

std::string Space::describe() const {
    switch (kind) {
        case Kind::discrete:
            return fmt::format("Discrete({})", n);
        case Kind::spikes:
            return fmt::format("Spikes({})", n);
        case Kind::box:
            break;
    }
    std::string text = fmt::format("Box({})", n);
    for (std::size_t i = 0; i < n && i < low.size() && i < high.size(); ++i) {
        text += fmt::format(" {}[{}, {}]", i < labels.size() ? labels[i] : std::string{}, low[i], high[i]);
    }
    return text;
}

}  // namespace l2l::env
