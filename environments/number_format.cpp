#include "environments/number_format.hpp"

#include <fmt/format.h>

namespace l2l::env {

std::string format_number(double value) {
    std::string text = fmt::format("{}", value);  // shortest round-trip
    // fmt writes "1" and "-0" where Python writes "1.0" and "-0.0".
    if (text.find_first_not_of("-0123456789") == std::string::npos) text += ".0";
    return text;
}

}  // namespace l2l::env
