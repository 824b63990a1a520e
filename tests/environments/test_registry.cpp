#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "environments/registry.hpp"
#include "environments/tmaze.hpp"

using namespace l2l::env;

namespace {
std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(no error)";
}
}  // namespace

TEST_CASE("the registry knows the five environments by name and section") {
    const std::vector<std::string> expected{"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "TMaze", "Arena"};
    CHECK(environment_names() == expected);
    CHECK(find_environment("MountainCarContinuous-v0").section == "mountaincar_continuous");
    for (const EnvironmentInfo& info : environment_registry()) {
        CAPTURE(info.name);
        const auto env = info.make_family()->make(0);
        CHECK(env->name() == info.name);
        for (const ParameterSpec& p : info.parameters) CHECK_FALSE(p.help.empty());
    }
}

TEST_CASE("an unknown environment lists the ones that exist") {
    const std::string message = error_of([] { find_environment("Pendulum-v1"); });
    CHECK(message.find("Pendulum-v1") != std::string::npos);
    CHECK(message.find("CartPole-v1 (cartpole), MountainCar-v0 (mountaincar), MountainCarContinuous-v0 "
                       "(mountaincar_continuous), TMaze (tmaze), Arena (arena)") != std::string::npos);
}

TEST_CASE("an environment answers to its registry name and to its config section") {
    for (const EnvironmentInfo& info : environment_registry()) {
        CAPTURE(info.name);
        CHECK(&find_environment(info.name) == &info);
        CHECK(&find_environment(info.section) == &info);
    }
    CHECK(find_environment("cartpole").name == "CartPole-v1");
}

TEST_CASE("an unknown option lists the section's options") {
    const std::string message = error_of([] { make_family("CartPole-v1", {{"lenght_min", 0.4}}); });
    CHECK(message.find("cartpole.lenght_min") != std::string::npos);
    CHECK(message.find("length_min") != std::string::npos);
}

TEST_CASE("bad values name section.key, the value and what is allowed") {
    std::string message = error_of([] { make_family("MountainCar-v0", {{"max_steps", std::int64_t{0}}}); });
    CHECK(message == "mountaincar.max_steps = 0: expected an integer in [1, 1000000000]");
    message = error_of([] { make_family("MountainCar-v0", {{"objective", std::string("speed")}}); });
    CHECK(message == "mountaincar.objective = speed: expected one of return, max_position");
    message = error_of([] { make_family("CartPole-v1", {{"length_min", 0.6}}); });
    CHECK(message.find("cartpole.length_max = 0.5: must be >= cartpole.length_min") == 0);
    message = error_of([] { make_family("Arena", {{"goal_radius", std::string("big")}}); });
    CHECK(message.find("arena.goal_radius = big: expected a real number") == 0);
}

TEST_CASE("parameter text is parsed by kind") {
    const EnvironmentInfo& mc = find_environment("MountainCar-v0");
    CHECK(std::get<std::int64_t>(parse_parameter_value(mc.section, *mc.find_parameter("max_steps"), "110")) == 110);
    CHECK(std::get<double>(parse_parameter_value(mc.section, *mc.find_parameter("force_max"), "2e-3")) == 0.002);
    CHECK_THROWS_AS(parse_parameter_value(mc.section, *mc.find_parameter("max_steps"), "1.5"), std::invalid_argument);
    CHECK(format_parameter_value(mc.find_parameter("goal_position")->default_value) == "0.5");
    // An integral real given for an integer option is accepted (TOML writes 110.0 sometimes).
    CHECK_NOTHROW(make_family("MountainCar-v0", {{"max_steps", 110.0}}));
}

TEST_CASE("the T-maze high-noise preset sets rates unless given explicitly") {
    const auto high = make_family("TMaze", {{"noise", std::string("high")}})->make(0);
    CHECK(dynamic_cast<const TMaze&>(*high).params().background_rate_hz == 20.0);
    CHECK(dynamic_cast<const TMaze&>(*high).params().cue_rate_hz == 30.0);
    const auto mixed = make_family("TMaze", {{"noise", std::string("high")}, {"cue_rate_hz", 35.0}})->make(0);
    CHECK(dynamic_cast<const TMaze&>(*mixed).params().cue_rate_hz == 35.0);
    CHECK(dynamic_cast<const TMaze&>(*mixed).params().background_rate_hz == 20.0);
    const auto standard = make_family("TMaze")->make(0);
    CHECK(dynamic_cast<const TMaze&>(*standard).params().background_rate_hz == 10.0);
}
