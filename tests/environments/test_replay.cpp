// Replaying the Gymnasium golden trajectories must reproduce them bit for bit.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "environments/registry.hpp"
#include "environments/trajectory_replay.hpp"

using namespace l2l::env;

namespace {
std::string read_file(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string replay(const std::string& env_name, const std::string& text) {
    const auto env = make_family(env_name)->make(0);
    std::istringstream in(text);
    std::ostringstream out;
    replay_trajectory(*env, in, out);
    return out.str();
}
}  // namespace

TEST_CASE("CartPole-v1 golden trajectory replays bit for bit") {
    const std::string golden = read_file(L2L_GOLDEN_DIR "/cartpole_v1_random.csv");
    CHECK(replay("CartPole-v1", golden) == golden);
}

TEST_CASE("MountainCar-v0 golden trajectory replays bit for bit") {
    const std::string golden = read_file(L2L_GOLDEN_DIR "/mountaincar_v0.csv");
    CHECK(replay("MountainCar-v0", golden) == golden);
}

TEST_CASE("replay recomputes states rather than copying them") {
    const std::string input =
        "episode,t,action,position,velocity,reward,terminated,truncated\n"
        "3,0,,-0.5,0.0,,,\n"
        "3,1,2,999,999,7,1,1\n";
    const std::string output = replay("MountainCar-v0", input);
    CHECK(output.find("3,1,2,999") == std::string::npos);
    CHECK(output.find("3,1,2,-0.") != std::string::npos);
    CHECK(output.find(",-1.0,0,0\n") != std::string::npos);
}

TEST_CASE("replay rejects a header of another environment and rows out of order") {
    const std::string cartpole_header = "episode,t,action,x,x_dot,theta,theta_dot,reward,terminated,truncated\n";
    CHECK_THROWS_AS(replay("MountainCar-v0", cartpole_header), std::invalid_argument);
    const std::string skipped =
        "episode,t,action,position,velocity,reward,terminated,truncated\n0,0,,-0.5,0.0,,,\n0,2,1,0,0,0,0,0\n";
    CHECK_THROWS_AS(replay("MountainCar-v0", skipped), std::invalid_argument);
}

TEST_CASE("the continuous car replays with real-valued actions") {
    const std::string input =
        "episode,t,action,position,velocity,reward,terminated,truncated\n0,0,,-0.5,0.0,,,\n0,1,1.5,,,,,\n";
    const std::string output = replay("MountainCarContinuous-v0", input);
    CHECK(output.find("0,1,1.5,") != std::string::npos);
}
