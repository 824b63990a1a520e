#include "environments/tmaze.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "environments/family_sampling.hpp"

namespace l2l::env {

namespace {
std::uint64_t to_steps(double ms, double dt_ms) { return static_cast<std::uint64_t>(std::llround(ms / dt_ms)); }
}  // namespace

bool TMazeTrials::left_has_more(std::uint64_t trial) const {
    std::uint64_t left = 0;
    for (std::uint64_t k = 0; k < n_cues; ++k) left += cue_left[trial * n_cues + k];
    return 2 * left > n_cues;
}

TMazeTrials draw_tmaze_trials(const TMazeParams& params, std::uint64_t seed) {
    Rng rng(seed);
    TMazeTrials trials;
    trials.n_cues = params.n_cues;
    trials.majority_left.resize(params.n_trials);
    trials.cue_left.resize(params.n_trials * params.n_cues);
    for (std::uint64_t t = 0; t < params.n_trials; ++t) {
        const bool majority_left = rng.bernoulli(0.5);
        trials.majority_left[t] = majority_left ? 1 : 0;
        for (std::uint64_t k = 0; k < params.n_cues; ++k) {
            const bool on_majority = rng.bernoulli(params.majority_probability);
            trials.cue_left[t * params.n_cues + k] = (on_majority == majority_left) ? 1 : 0;
        }
    }
    return trials;
}

TMaze::TMaze(const TMazeParams& params, TMazeTrials trials)
    : params_(params),
      trials_(std::move(trials)),
      observation_(4 * params.neurons_per_group, 0.0),
      trial_steps_(to_steps(params.trial_ms, params.dt_ms)),
      decision_start_(to_steps(params.trial_ms - params.decision_ms, params.dt_ms)),
      cue_onset_(to_steps(params.cue_onset_ms, params.dt_ms)),
      cue_duration_(to_steps(params.cue_duration_ms, params.dt_ms)),
      cue_spacing_(to_steps(params.cue_spacing_ms, params.dt_ms)),
      background_threshold_(Rng::bernoulli_threshold(params.background_rate_hz * params.dt_ms / 1000.0)),
      cue_threshold_(Rng::bernoulli_threshold((params.background_rate_hz + params.cue_rate_hz) * params.dt_ms / 1000.0)),
      decision_threshold_(
          Rng::bernoulli_threshold((params.background_rate_hz + params.decision_rate_hz) * params.dt_ms / 1000.0)) {
    if (trials_.n_cues != params_.n_cues || trials_.majority_left.size() != params_.n_trials) {
        throw std::invalid_argument("TMaze: the cue sequences do not match n_trials and n_cues");
    }
    const std::size_t n = observation_.size();
    std::vector<std::string> labels;
    labels.reserve(n);
    for (const char* group : {"left", "right", "decision", "noise"}) {
        for (std::uint64_t i = 0; i < params_.neurons_per_group; ++i) labels.push_back(fmt::format("{}_{}", group, i));
    }
    observation_space_ = Space{Space::Kind::spikes, n, {}, {}, std::move(labels)};
    action_space_ = Space{Space::Kind::spikes, 2, {}, {}, {"left", "right"}};
}

void TMaze::reset(std::uint64_t seed) {
    rng_.reseed(seed);
    trial_ = 0;
    step_in_trial_ = 0;
    votes_left_ = 0.0;
    votes_right_ = 0.0;
    correct_ = 0;
    draw_observation();
}

bool TMaze::cue_active(std::uint64_t step, bool left) const {
    if (step < cue_onset_) return false;
    const std::uint64_t k = (step - cue_onset_) / cue_spacing_;
    if (k >= params_.n_cues || step - cue_onset_ - k * cue_spacing_ >= cue_duration_) return false;
    return (trials_.cue_left[trial_ * params_.n_cues + k] != 0) == left;
}

void TMaze::draw_observation() {
    const std::uint64_t group = params_.neurons_per_group;
    const bool deciding = step_in_trial_ >= decision_start_;
    const std::uint64_t threshold[4] = {
        cue_active(step_in_trial_, true) ? cue_threshold_ : background_threshold_,
        cue_active(step_in_trial_, false) ? cue_threshold_ : background_threshold_,
        deciding ? decision_threshold_ : background_threshold_,
        background_threshold_,
    };
    double* spikes = observation_.data();
    for (std::size_t g = 0; g < 4; ++g) {
        for (std::uint64_t i = 0; i < group; ++i) spikes[g * group + i] = rng_.bernoulli_below(threshold[g]) ? 1.0 : 0.0;
    }
}

StepResult TMaze::step(const Action& action) {
    if (action.continuous.size() != 2) {
        throw std::invalid_argument(fmt::format("TMaze action has 2 components (left, right), got {}",
                                                action.continuous.size()));
    }
    StepResult result;
    if (trial_ >= params_.n_trials) {  // stepping past the end changes nothing
        result.terminated = true;
        return result;
    }
    if (step_in_trial_ >= decision_start_) {
        votes_left_ += action.continuous[0];
        votes_right_ += action.continuous[1];
    }
    if (++step_in_trial_ == trial_steps_) {
        const bool answer_left = votes_left_ > votes_right_;
        const bool answer_right = votes_right_ > votes_left_;
        const bool label_left = trials_.left_has_more(trial_);
        const bool correct = label_left ? answer_left : answer_right;
        result.reward = correct ? params_.reward_correct : params_.reward_wrong;
        correct_ += correct ? 1U : 0U;
        ++trial_;
        step_in_trial_ = 0;
        votes_left_ = 0.0;
        votes_right_ = 0.0;
        result.terminated = trial_ == params_.n_trials;
    }
    if (!result.terminated) draw_observation();
    return result;
}

double TMaze::objective(double /*episode_return*/) const {
    return static_cast<double>(correct_) / static_cast<double>(params_.n_trials);
}

std::string TMaze::episode_summary() const {
    return fmt::format("correct={}/{} accuracy={}", correct_, params_.n_trials,
                       static_cast<double>(correct_) / static_cast<double>(params_.n_trials));
}

std::unique_ptr<Environment> TMazeFamily::make(std::uint64_t task_seed) const {
    return std::make_unique<TMaze>(params_, draw_tmaze_trials(params_, derive_seed({task_seed, family_stream::layout})));
}

}  // namespace l2l::env
