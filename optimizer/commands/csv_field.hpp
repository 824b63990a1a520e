// One field of a CSV row (RFC 4180): quoted when it holds a comma, a quote or
// a line break, as gene names like "w.in->hidden[0,3]" do.
#pragma once

#include <string>

namespace l2l {

inline std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

}  // namespace l2l
