// Actions and the step-until-done loop the environment tests share.
#pragma once

#include <utility>
#include <vector>

#include "environments/environment.hpp"

namespace l2l::env::test {

inline Action discrete_action(int index) {
    Action action;
    action.discrete = index;
    return action;
}

inline Action continuous_action(std::vector<double> values) {
    Action action;
    action.continuous = std::move(values);
    return action;
}

struct EpisodeEnd {
    int steps = 0;
    StepResult last;  // the result of the step that ended the episode
};

// Repeats `action` from the current state until the episode is done.
inline EpisodeEnd step_until_done(Environment& env, const Action& action) {
    EpisodeEnd end;
    do {
        end.last = env.step(action);
        ++end.steps;
    } while (!end.last.done());
    return end;
}

}  // namespace l2l::env::test
