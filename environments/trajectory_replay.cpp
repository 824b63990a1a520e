#include "environments/trajectory_replay.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <istream>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "environments/number_format.hpp"

namespace l2l::env {

namespace {

std::vector<std::string_view> split(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = line.find(',', start);
        fields.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (comma == std::string_view::npos) return fields;
        start = comma + 1;
    }
}

[[noreturn]] void bad_line(std::size_t line_number, std::string_view message) {
    throw std::invalid_argument(fmt::format("trajectory line {}: {}", line_number, message));
}

double parse_double(std::string_view text, std::size_t line_number) {
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        bad_line(line_number, fmt::format("'{}' is not a number", text));
    }
    return value;
}

long long parse_integer(std::string_view text, std::size_t line_number) {
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        bad_line(line_number, fmt::format("'{}' is not an integer", text));
    }
    return value;
}

}  // namespace

void replay_trajectory(Environment& env, std::istream& in, std::ostream& out) {
    const std::vector<std::string>& labels = env.observation_space().labels;
    const std::size_t state_size = labels.size();
    const std::string expected_header =
        fmt::format("episode,t,action,{},reward,terminated,truncated", fmt::join(labels, ","));
    const bool discrete = env.action_space().kind == Space::Kind::discrete;

    std::string line;
    std::size_t line_number = 1;
    if (!std::getline(in, line)) bad_line(line_number, "empty input, expected the header");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line != expected_header) {
        bad_line(line_number, fmt::format("header '{}' does not match {}: expected '{}'", line, env.name(), expected_header));
    }
    out << expected_header << '\n';

    const std::size_t n_fields = 3 + state_size + 3;
    std::vector<double> state(state_size);
    Action action;
    if (!discrete) action.continuous.assign(env.action_space().n, 0.0);
    bool in_episode = false;
    std::string episode_text;
    long long previous_t = 0;
    std::string row;

    while (std::getline(in, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const std::vector<std::string_view> fields = split(line);
        if (fields.size() != n_fields) {
            bad_line(line_number, fmt::format("{} fields, expected {}", fields.size(), n_fields));
        }
        const long long t = parse_integer(fields[1], line_number);
        row.clear();
        if (t == 0) {
            for (std::size_t i = 0; i < state_size; ++i) state[i] = parse_double(fields[3 + i], line_number);
            env.reset(0);
            env.set_state(state);
            episode_text = std::string(fields[0]);
            in_episode = true;
            fmt::format_to(std::back_inserter(row), "{},0,", episode_text);
            for (double v : env.state()) fmt::format_to(std::back_inserter(row), ",{}", format_number(v));
            row += ",,,";
        } else {
            if (!in_episode || fields[0] != episode_text || t != previous_t + 1) {
                bad_line(line_number, "steps must follow their episode's t=0 row in order");
            }
            std::string action_text;
            if (discrete) {
                action.discrete = static_cast<int>(parse_integer(fields[2], line_number));
                action_text = fmt::format("{}", action.discrete);
            } else {
                action.continuous[0] = parse_double(fields[2], line_number);
                action_text = format_number(action.continuous[0]);
            }
            const StepResult result = env.step(action);
            fmt::format_to(std::back_inserter(row), "{},{},{}", episode_text, t, action_text);
            for (double v : env.state()) fmt::format_to(std::back_inserter(row), ",{}", format_number(v));
            fmt::format_to(std::back_inserter(row), ",{},{},{}", format_number(result.reward),
                           result.terminated ? 1 : 0, result.truncated ? 1 : 0);
        }
        previous_t = t;
        out << row << '\n';
    }
}

}  // namespace l2l::env
