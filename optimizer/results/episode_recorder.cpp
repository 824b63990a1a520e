#include "optimizer/results/episode_recorder.hpp"

#include <stdexcept>

namespace l2l {
namespace {

void append(std::vector<double>& to, std::span<const double> values) { to.insert(to.end(), values.begin(), values.end()); }

// Forwards everything to the wrapped environment and tells the recorder what happened.
class RecordingEnvironment final : public env::Environment {
public:
    RecordingEnvironment(std::unique_ptr<env::Environment> inner, EpisodeRecorder& recorder)
        : inner_(std::move(inner)), recorder_(recorder) {}

    std::string_view name() const override { return inner_->name(); }
    const env::Space& observation_space() const override { return inner_->observation_space(); }
    const env::Space& action_space() const override { return inner_->action_space(); }
    void reset(std::uint64_t seed) override {
        inner_->reset(seed);
        recorder_.record_start(*inner_);
    }
    std::span<const double> observation() const override { return inner_->observation(); }
    env::StepResult step(const env::Action& action) override {
        const env::StepResult result = inner_->step(action);
        recorder_.record_step(*inner_, action, result);
        return result;
    }
    double objective(double episode_return) const override { return inner_->objective(episode_return); }
    std::string episode_summary() const override { return inner_->episode_summary(); }
    std::span<const double> state() const override { return inner_->state(); }
    void set_state(std::span<const double> state) override { inner_->set_state(state); }

private:
    std::unique_ptr<env::Environment> inner_;
    EpisodeRecorder& recorder_;
};

class RecordingFamily final : public env::TaskFamily {
public:
    RecordingFamily(const env::TaskFamily& inner, EpisodeRecorder& recorder) : inner_(inner), recorder_(recorder) {}
    std::unique_ptr<env::Environment> make(std::uint64_t task_seed) const override {
        std::unique_ptr<env::Environment> environment = inner_.make(task_seed);
        recorder_.begin_episode(task_seed, *environment);
        return std::make_unique<RecordingEnvironment>(std::move(environment), recorder_);
    }

private:
    const env::TaskFamily& inner_;
    EpisodeRecorder& recorder_;
};

}  // namespace

EpisodeRecorder::EpisodeRecorder(sim::Agent& agent, RecordDetail detail) : agent_(agent), detail_(detail) {
    const sim::Network& network = agent.network();
    std::size_t offset = 0;
    for (std::size_t p = 0; p < network.population_count(); ++p) {
        offsets_.push_back(offset);
        offset += network.population_size(p);
    }
    agent_.set_step_observer(this);
}

EpisodeRecorder::~EpisodeRecorder() { agent_.set_step_observer(nullptr); }

std::unique_ptr<env::TaskFamily> EpisodeRecorder::wrap(const env::TaskFamily& family) {
    return std::make_unique<RecordingFamily>(family, *this);
}

void EpisodeRecorder::begin_episode(std::uint64_t task_seed, const env::Environment& environment) {
    EpisodeRecord record;
    record.task_seed = task_seed;
    record.observation_size = environment.observation_space().n;
    const env::Space& actions = environment.action_space();
    record.action_size = actions.kind == env::Space::Kind::discrete ? 1 : actions.n;
    episodes_.push_back(std::move(record));
}

void EpisodeRecorder::record_start(const env::Environment& environment) {
    if (episodes_.empty()) throw std::logic_error("EpisodeRecorder: reset before make");
    EpisodeRecord& record = episodes_.back();
    record.state_size = environment.state().size();
    // The agent is reset after the environment (env::run_episode), and with
    // reset = "never" its step counter runs on: times count from the episode's first step.
    awaiting_first_step_ = true;
    if (detail_ == RecordDetail::summaries) return;
    append(record.observations, environment.observation());
    append(record.states, environment.state());
}

void EpisodeRecorder::record_step(const env::Environment& environment, const env::Action& action,
                                  const env::StepResult& result) {
    EpisodeRecord& record = episodes_.back();
    if (result.done()) record.summary = environment.episode_summary();
    if (detail_ == RecordDetail::summaries) return;
    const double reward = result.reward;
    if (record.action_size == 1 && action.continuous.empty()) {
        record.actions.push_back(action.discrete);
    } else {
        append(record.actions, action.continuous);
    }
    record.rewards.push_back(reward);
    append(record.observations, environment.observation());
    append(record.states, environment.state());
}

void EpisodeRecorder::after_step(const sim::Network& network) {
    if (episodes_.empty()) return;
    EpisodeRecord& record = episodes_.back();
    if (awaiting_first_step_) {
        episode_start_step_ = network.step_count() - 1;
        awaiting_first_step_ = false;
    }
    if (detail_ == RecordDetail::summaries) {
        for (std::size_t p = 0; p < network.population_count(); ++p) record.spike_count += network.spikes(p).size();
        return;
    }
    // step_count() is the number of finished steps: a spike is stamped with the end of its step.
    const double time = static_cast<double>(network.step_count() - episode_start_step_) * network.dt();
    for (std::size_t p = 0; p < network.population_count(); ++p) {
        for (const std::uint32_t neuron : network.spikes(p)) {
            record.spike_times.push_back(time);
            record.spike_neurons.push_back(static_cast<std::int64_t>(offsets_[p] + neuron));
        }
    }
    record.spike_count = record.spike_times.size();
}

}  // namespace l2l
