// Replays a recorded trajectory (the golden CSV format) through an environment:
// each episode's state is set from its t=0 row, the recorded actions are applied
// and the resulting trajectory is written in the same format and column order.
//
// Format: `episode,t,action,<state labels...>,reward,terminated,truncated`; the
// t=0 row holds the reset state with empty action, reward and flags; numbers
// are shortest round-trip decimals with Python's ".0" on integral values.
#pragma once

#include <iosfwd>

#include "environments/environment.hpp"

namespace l2l::env {

// Needs an environment with state()/set_state() (the classic-control ones).
// Throws std::invalid_argument naming the line on malformed input.
void replay_trajectory(Environment& env, std::istream& in, std::ostream& out);

}  // namespace l2l::env
