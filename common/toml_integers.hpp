// TOML integers are signed 64-bit, so a run seed in [2^63, 2^64-1] (allowed by
// `l2l run --seed`) has no TOML integer form. l2l writes such a value as a
// string of digits (seed = "18446744073709551615") in every config it stores
// (results file `config` attribute, checkpoint), and reads both forms back:
// quote_huge_integers() turns a bare `key = 18446744073709551615` (a config
// file written by hand, or stored by an l2l before this rule) into the string
// form before the text reaches the TOML parser.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace l2l {

// True for a plain non-negative decimal integer above 9223372036854775807.
inline bool beyond_toml_integer(std::string_view digits) {
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) return false;
    const std::size_t first = digits.find_first_not_of('0');
    if (first == std::string_view::npos) return false;
    const std::string_view value = digits.substr(first);
    constexpr std::string_view kMax = "9223372036854775807";
    return value.size() > kMax.size() || (value.size() == kMax.size() && value > kMax);
}

// Every line `key = <digits>` (spaces and a trailing # comment allowed) whose
// integer is beyond TOML's range, with the digits quoted; all else unchanged.
inline std::string quote_huge_integers(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t end = text.find('\n', begin);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(begin, end - begin);
        const std::size_t eq = line.find('=');
        bool done = false;
        if (eq != std::string_view::npos && line.find_first_of("\"'[{#") > eq) {
            const std::size_t start = line.find_first_not_of(" \t", eq + 1);
            if (start != std::string_view::npos) {
                std::size_t stop = line.find_first_not_of("0123456789", start);
                if (stop == std::string_view::npos) stop = line.size();
                const std::size_t rest = line.find_first_not_of(" \t\r", stop);
                const bool clean_end = rest == std::string_view::npos || line[rest] == '#';
                if (clean_end && beyond_toml_integer(line.substr(start, stop - start))) {
                    out.append(line.substr(0, start));
                    out.push_back('"');
                    out.append(line.substr(start, stop - start));
                    out.push_back('"');
                    out.append(line.substr(stop));
                    done = true;
                }
            }
        }
        if (!done) out.append(line);
        if (end < text.size()) out.push_back('\n');
        begin = end + 1;
    }
    return out;
}

}  // namespace l2l
