// Records what an agent does in its episodes, for `l2l replay`: observations,
// actions, rewards and environment states per environment step, and every
// spike of every neuron per simulation step; or, when nothing is to be written,
// only each episode's spike count and summary (a replay that scores designs
// runs thousands of times: every spike kept cost it a third of its CPU).
//
// It wraps the task family, so the episodes run through the very code path of
// an evaluation (env::evaluate_on_tasks): a replay reproduces the fitness
// exactly, and recording cannot change what it records.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "environments/environment.hpp"
#include "simulator/agent.hpp"

namespace l2l {

struct EpisodeRecord {
    std::uint64_t task_seed = 0;
    std::size_t observation_size = 0;
    std::size_t action_size = 0;  // 1 for a discrete action
    std::size_t state_size = 0;   // 0 when the environment does not expose its state
    // Row t: before action t; the last row is after the final step (length + 1 rows).
    std::vector<double> observations;
    std::vector<double> states;
    std::vector<double> actions;  // length rows (discrete: the action index)
    std::vector<double> rewards;  // length
    // Spikes: time (ms since the episode's start) and global neuron index
    // (populations in network order, see Network::population_size).
    std::vector<double> spike_times;
    std::vector<std::int64_t> spike_neurons;
    std::size_t spike_count = 0;  // kept in both details (spike_times.size() when everything is kept)
    std::string summary;  // the environment's episode_summary() at the end (arena: path lengths)
    std::size_t length() const { return rewards.size(); }
};

enum class RecordDetail {
    everything,  // every step and spike (for `l2l replay --record`)
    summaries,   // task seed, spike count and summary per episode; the per-step vectors stay empty
};

class EpisodeRecorder final : public sim::StepObserver {
public:
    // Records `agent`'s spikes from now on (until the recorder is destroyed).
    EpisodeRecorder(sim::Agent& agent, RecordDetail detail);
    ~EpisodeRecorder() override;
    EpisodeRecorder(const EpisodeRecorder&) = delete;
    EpisodeRecorder& operator=(const EpisodeRecorder&) = delete;

    // A family whose environments report to this recorder (one episode per make()).
    std::unique_ptr<env::TaskFamily> wrap(const env::TaskFamily& family);

    const std::vector<EpisodeRecord>& episodes() const { return episodes_; }

    void after_step(const sim::Network& network) override;

    // Called by the recording environments.
    void begin_episode(std::uint64_t task_seed, const env::Environment& environment);
    void record_start(const env::Environment& environment);
    void record_step(const env::Environment& environment, const env::Action& action, const env::StepResult& result);

private:
    sim::Agent& agent_;
    RecordDetail detail_;
    std::vector<std::size_t> offsets_;  // global index of each population's neuron 0
    std::uint64_t episode_start_step_ = 0;
    bool awaiting_first_step_ = false;
    std::vector<EpisodeRecord> episodes_;
};

}  // namespace l2l
