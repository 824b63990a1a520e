#include "optimizer/run/command_protocol.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "optimizer/farm/optimizee.hpp"

namespace l2l {
namespace {

using nlohmann::json;

// Python's json.dumps writes NaN, Infinity and -Infinity bare (not JSON):
// outside strings they become the strings "NaN", "Infinity", "-Infinity".
std::string quote_non_finite(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) {
                out += text[++i];
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
            out += c;
            continue;
        }
        bool replaced = false;
        for (std::string_view word : {"-Infinity", "Infinity", "NaN"}) {
            if (text.substr(i, word.size()) == word) {
                out += '"';
                out += word;
                out += '"';
                i += word.size() - 1;
                replaced = true;
                break;
            }
        }
        if (!replaced) out += c;
    }
    return out;
}

[[noreturn]] void bad(const std::string& message) { throw EvalFailed(EvalStatus::bad_answer, message); }

std::string shorten(std::string_view text) {
    std::string s(text.substr(0, 200));
    if (text.size() > 200) s += "...";
    return s;
}

// A number, or null / "NaN" / "Infinity" / "-Infinity".
bool as_number(const json& value, double& number) {
    if (value.is_number()) {
        number = value.get<double>();
        return true;
    }
    if (value.is_null() || (value.is_string() && value.get<std::string>() == "NaN")) {
        number = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (value.is_string() && value.get<std::string>() == "Infinity") {
        number = std::numeric_limits<double>::infinity();
        return true;
    }
    if (value.is_string() && value.get<std::string>() == "-Infinity") {
        number = -std::numeric_limits<double>::infinity();
        return true;
    }
    return false;
}

bool valid_info_key(const std::string& key) {
    if (key.empty() || key.size() > 64) return false;
    for (const char c : key) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.')) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::string request_json(const CommandRequest& request) {
    json genes = json::object();
    for (std::size_t i = 0; i < request.names.size() && i < request.values.size(); ++i) {
        genes[request.names[i]] = request.values[i];
    }
    json document = {{"generation", request.generation},
                     {"individual", request.individual},
                     {"task", request.task},
                     {"seed", request.seed},
                     {"genes", genes},
                     {"values", request.values}};
    if (!request.workdir.empty()) document["workdir"] = request.workdir;
    return document.dump();  // doubles: shortest text that reads back exactly
}

CommandAnswer parse_answer(std::string_view text, std::size_t expected_outputs) {
    json document;
    try {
        document = json::parse(quote_non_finite(text));
    } catch (const json::exception& e) {
        bad(fmt::format("the answer is not valid JSON ({}): '{}'", e.what(), shorten(text)));
    }
    if (!document.is_object()) bad(fmt::format("the answer is not a JSON object: '{}'", shorten(text)));
    CommandAnswer answer;
    const auto fitness = document.find("fitness");
    if (fitness == document.end()) bad(fmt::format("the answer has no \"fitness\": '{}'", shorten(text)));
    if (!as_number(*fitness, answer.fitness)) {
        bad(fmt::format("\"fitness\" is not a number: {}", shorten(fitness->dump())));
    }
    if (const auto outputs = document.find("outputs"); outputs != document.end() && !outputs->is_null()) {
        if (!outputs->is_array()) bad(fmt::format("\"outputs\" is not a list of numbers: {}", shorten(outputs->dump())));
        for (const json& value : *outputs) {
            double number = 0.0;
            if (!as_number(value, number)) {
                bad(fmt::format("\"outputs\" is not a list of numbers: {}", shorten(outputs->dump())));
            }
            answer.outputs.push_back(number);
        }
    }
    // A non-finite fitness fails the evaluation anyway (status non_finite), whatever the outputs.
    if (std::isfinite(answer.fitness) && answer.outputs.size() != expected_outputs) {
        bad(fmt::format("\"outputs\" has {} values, command.outputs = {}", answer.outputs.size(), expected_outputs));
    }
    if (const auto info = document.find("info"); info != document.end() && !info->is_null()) {
        if (!info->is_object()) bad(fmt::format("\"info\" is not an object: {}", shorten(info->dump())));
        for (const auto& [key, value] : info->items()) {
            if (!valid_info_key(key)) {
                bad(fmt::format("\"info\" key '{}' is not allowed; allowed: 1 to 64 of A-Z a-z 0-9 _ - .", shorten(key)));
            }
            double number = 0.0;
            if (value.is_boolean()) {
                number = value.get<bool>() ? 1.0 : 0.0;
            } else if (!as_number(value, number)) {
                bad(fmt::format("\"info\".{} is not a number: {}", key, shorten(value.dump())));
            }
            answer.info.emplace_back(key, number);
        }
    }
    return answer;
}

std::string last_nonblank_line(std::string_view output) {
    std::size_t end = output.size();
    while (end > 0) {
        const std::size_t newline = output.rfind('\n', end - 1);
        const std::size_t begin = newline == std::string_view::npos ? 0 : newline + 1;
        std::string_view line = output.substr(begin, end - begin);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (!line.empty()) return std::string(line);
        if (newline == std::string_view::npos) break;
        end = newline;
    }
    return {};
}

}  // namespace l2l
