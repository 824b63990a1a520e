// T-maze cue association / evidence accumulation (Bellec et al. 2020's e-prop
// task; Schmidgall et al. 2021's noisy cue association). Each trial shows
// `n_cues` cues as Poisson spike bursts of a left or a right input group, then
// a delay, then a decision period in which a decision group fires. The agent
// answers through two output channels (left, right) whose spike counts over
// the decision period are compared: +1 when it names the side that showed more
// cues, -1 otherwise (a tie names nothing). An episode is `n_trials` trials;
// its objective is the accuracy.
//
// One step is dt_ms (1 ms) of simulated time. Observation: 4 groups of
// `neurons_per_group` 0/1 spike values (left cue, right cue, decision, noise).
// Action: Spikes(2), the output spikes of this step (any nonnegative counts).
#pragma once

#include <cstdint>
#include <vector>

#include "common/random.hpp"
#include "environments/environment.hpp"

namespace l2l::env {

struct TMazeParams {
    std::uint64_t n_trials = 100;
    std::uint64_t neurons_per_group = 10;
    std::uint64_t n_cues = 7;  // odd, so one side always has more cues
    double majority_probability = 0.7;  // each cue falls on the trial's majority side with this probability
    double dt_ms = 1.0;
    double cue_onset_ms = 50.0;     // cue k occupies [onset + k * spacing, onset + k * spacing + duration)
    double cue_duration_ms = 100.0;
    double cue_spacing_ms = 150.0;
    double trial_ms = 2250.0;
    double decision_ms = 150.0;     // the last decision_ms of the trial
    double cue_rate_hz = 40.0;      // added to the background of the cued group
    double decision_rate_hz = 40.0; // added to the background of the decision group
    double background_rate_hz = 10.0;  // every neuron of every group
    double reward_correct = 1.0;
    double reward_wrong = -1.0;
};

// The cue sequences of one task: for trial t, cue k is on the left when
// cue_left[t * n_cues + k] is 1.
struct TMazeTrials {
    std::uint64_t n_cues = 0;
    std::vector<std::uint8_t> majority_left;  // the side drawn for the trial
    std::vector<std::uint8_t> cue_left;
    bool left_has_more(std::uint64_t trial) const;  // the label: the correct answer is "left"
};

// Draws n_trials cue sequences; pure function of `seed`.
TMazeTrials draw_tmaze_trials(const TMazeParams& params, std::uint64_t seed);

class TMaze final : public Environment {
public:
    TMaze(const TMazeParams& params, TMazeTrials trials);

    std::string_view name() const override { return "TMaze"; }
    const Space& observation_space() const override { return observation_space_; }
    const Space& action_space() const override { return action_space_; }

    // Restarts at trial 0; `seed` draws the spike trains (the cues are the task's).
    void reset(std::uint64_t seed) override;
    std::span<const double> observation() const override { return observation_; }
    StepResult step(const Action& action) override;

    double objective(double episode_return) const override;  // accuracy over n_trials
    std::string episode_summary() const override;

    const TMazeParams& params() const { return params_; }
    const TMazeTrials& trials() const { return trials_; }
    std::uint64_t trials_done() const { return trial_; }
    std::uint64_t correct_trials() const { return correct_; }
    std::uint64_t steps_per_trial() const { return trial_steps_; }

private:
    bool cue_active(std::uint64_t step, bool left) const;
    void draw_observation();

    TMazeParams params_;
    TMazeTrials trials_;
    Space observation_space_;
    Space action_space_;
    std::vector<double> observation_;
    // Timing in steps.
    std::uint64_t trial_steps_;
    std::uint64_t decision_start_;
    std::uint64_t cue_onset_;
    std::uint64_t cue_duration_;
    std::uint64_t cue_spacing_;
    // Spike probabilities per step, as Rng::bernoulli_threshold()s.
    std::uint64_t background_threshold_;
    std::uint64_t cue_threshold_;
    std::uint64_t decision_threshold_;

    std::uint64_t trial_ = 0;
    std::uint64_t step_in_trial_ = 0;
    double votes_left_ = 0.0;
    double votes_right_ = 0.0;
    std::uint64_t correct_ = 0;
    Rng rng_;
};

class TMazeFamily final : public TaskFamily {
public:
    explicit TMazeFamily(const TMazeParams& params) : params_(params) {}
    // The task's cue sequences are drawn from task_seed.
    std::unique_ptr<Environment> make(std::uint64_t task_seed) const override;

private:
    TMazeParams params_;
};

}  // namespace l2l::env
