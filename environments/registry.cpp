#include "environments/registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "environments/arena.hpp"
#include "environments/cartpole.hpp"
#include "environments/continuous_mountain_car.hpp"
#include "environments/mountain_car.hpp"
#include "environments/tmaze.hpp"

namespace l2l::env {

namespace {

ParameterSpec real(std::string key, double value, double min, double max, std::string help) {
    return ParameterSpec{std::move(key), ParameterKind::real, value, min, max, {}, std::move(help)};
}
ParameterSpec integer(std::string key, std::int64_t value, double min, double max, std::string help) {
    return ParameterSpec{std::move(key), ParameterKind::integer, value, min, max, {}, std::move(help)};
}
ParameterSpec choice(std::string key, std::string value, std::vector<std::string> choices, std::string help) {
    return ParameterSpec{std::move(key), ParameterKind::choice, std::move(value), 0.0, 0.0, std::move(choices),
                         std::move(help)};
}

void append(std::vector<ParameterSpec>& table, ParameterSpec row) { table.push_back(std::move(row)); }
void append(std::vector<ParameterSpec>& table, std::vector<ParameterSpec> rows) {
    for (ParameterSpec& row : rows) table.push_back(std::move(row));
}

// A parameter table in the order given; an argument is one row or a group of rows.
template <class... Rows>
std::vector<ParameterSpec> parameter_table(Rows... rows) {
    std::vector<ParameterSpec> table;
    (append(table, std::move(rows)), ...);
    return table;
}

// A task-family range [stem_min, stem_max] of the constant `what`, read by range();
// both bounds default to `value`, a fixed constant.
std::vector<ParameterSpec> family_range(const std::string& stem, double value, double min, double max,
                                        const std::string& what) {
    return {real(stem + "_min", value, min, max,
                 fmt::format("task family: {} drawn in [{}_min, {}_max]", what, stem, stem)),
            real(stem + "_max", value, min, max, fmt::format("upper bound of the {} range", what))};
}

// Reads a [min, max] pair and checks its order.
std::pair<double, double> range(const ValidatedParameters& p, const std::string& stem) {
    const double lo = p.real(stem + "_min");
    const double hi = p.real(stem + "_max");
    if (hi < lo) p.fail(stem + "_max", fmt::format("must be >= {}.{}_min ({})", p.section(), stem, lo));
    return {lo, hi};
}

// The Mountain Cars' objective, read by objective_of().
ParameterSpec objective_choice(std::string help) {
    return choice("objective", "return", {"return", "max_position"}, std::move(help));
}

MountainCarObjective objective_of(const ValidatedParameters& p) {
    return p.choice("objective") == "max_position" ? MountainCarObjective::max_position
                                                   : MountainCarObjective::episode_return;
}

// Reaching the goal is the best a max-position objective can report (the
// episode ends there); returns have no such bound.
double goal_if_max_position(const ValidatedParameters& p) {
    return p.choice("objective") == "max_position" ? p.real("goal_position")
                                                   : std::numeric_limits<double>::quiet_NaN();
}

// The start range and the goal, alike in both Mountain Cars; read by read_start_and_goal().
std::vector<ParameterSpec> start_and_goal(double goal_position) {
    return {real("reset_low", -0.6, -1.2, 0.6, "start position ~ U(reset_low, reset_high)"),
            real("reset_high", -0.4, -1.2, 0.6, "upper bound of the start position"),
            real("goal_position", goal_position, -1.2, 0.6, "the episode ends at position >= goal_position")};
}

template <class MountainCarParamsType>
void read_start_and_goal(const ValidatedParameters& p, MountainCarParamsType& params) {
    params.reset_low = p.real("reset_low");
    params.reset_high = p.real("reset_high");
    if (params.reset_high < params.reset_low) p.fail("reset_high", "must be >= reset_low");
    params.goal_position = p.real("goal_position");
}

EnvironmentInfo cartpole_info() {
    EnvironmentInfo info{"CartPole-v1", "cartpole",
                         "Balance a pole on a cart (Gymnasium CartPole-v1, bit-exact); 2 actions", {}, {}, {}};
    info.parameters = parameter_table(
        integer("max_steps", 500, 1, 1e9, "time limit: truncated after this many steps"),
        family_range("gravity", 9.8, 0.0, 1000.0, "gravity"),
        family_range("length", 0.5, 0.001, 100.0, "pole half-length"),
        family_range("force_mag", 10.0, 0.0, 1e4, "push force"),
        real("masscart", 1.0, 1e-6, 1e3, "mass of the cart"),
        real("masspole", 0.1, 1e-6, 1e3, "mass of the pole"),
        real("tau", 0.02, 1e-6, 1.0, "seconds per step (Euler integration)"),
        real("reset_bound", 0.05, 0.0, 0.2, "each start state component ~ U(-reset_bound, reset_bound)"));
    info.build = [](const ValidatedParameters& p) -> std::unique_ptr<TaskFamily> {
        CartPoleFamilyConfig config;
        config.base.max_episode_steps = p.count("max_steps");
        std::tie(config.base.gravity, config.gravity_max) = range(p, "gravity");
        std::tie(config.base.length, config.length_max) = range(p, "length");
        std::tie(config.base.force_mag, config.force_mag_max) = range(p, "force_mag");
        config.base.masscart = p.real("masscart");
        config.base.masspole = p.real("masspole");
        config.base.tau = p.real("tau");
        config.base.reset_bound = p.real("reset_bound");
        return std::make_unique<CartPoleFamily>(config);
    };
    info.best_objective = [](const ValidatedParameters& p) { return static_cast<double>(p.count("max_steps")); };
    return info;
}

EnvironmentInfo mountain_car_info() {
    EnvironmentInfo info{"MountainCar-v0", "mountaincar",
                         "Drive an underpowered car up a hill (Gymnasium MountainCar-v0, bit-exact); 3 actions",
                         {}, {}, {}};
    info.parameters = parameter_table(
        integer("max_steps", 200, 1, 1e9, "time limit (the L2L experiment uses 110)"),
        objective_choice("episode objective: the return, or the maximum position reached (L2L experiment)"),
        family_range("force", 0.001, 0.0, 0.01, "engine force"),
        family_range("gravity", 0.0025, 0.0, 0.01, "gravity"),
        start_and_goal(0.5));
    info.build = [](const ValidatedParameters& p) -> std::unique_ptr<TaskFamily> {
        MountainCarFamilyConfig config;
        config.base.max_episode_steps = p.count("max_steps");
        config.base.objective = objective_of(p);
        std::tie(config.base.force, config.force_max) = range(p, "force");
        std::tie(config.base.gravity, config.gravity_max) = range(p, "gravity");
        read_start_and_goal(p, config.base);
        return std::make_unique<MountainCarFamily>(config);
    };
    info.best_objective = goal_if_max_position;
    return info;
}

EnvironmentInfo continuous_mountain_car_info() {
    EnvironmentInfo info{"MountainCarContinuous-v0", "mountaincar_continuous",
                         "Mountain Car with a continuous force in [-1, 1] (Gymnasium MountainCarContinuous-v0)",
                         {}, {}, {}};
    info.parameters = parameter_table(
        integer("max_steps", 999, 1, 1e9, "time limit: truncated after this many steps"),
        objective_choice("episode objective: the return, or the maximum position reached"),
        family_range("power", 0.0015, 0.0, 0.01, "engine power"),
        start_and_goal(0.45));
    info.build = [](const ValidatedParameters& p) -> std::unique_ptr<TaskFamily> {
        ContinuousMountainCarFamilyConfig config;
        config.base.max_episode_steps = p.count("max_steps");
        config.base.objective = objective_of(p);
        std::tie(config.base.power, config.power_max) = range(p, "power");
        read_start_and_goal(p, config.base);
        return std::make_unique<ContinuousMountainCarFamily>(config);
    };
    info.best_objective = goal_if_max_position;
    return info;
}

EnvironmentInfo tmaze_info() {
    EnvironmentInfo info{"TMaze", "tmaze",
                         "Cue association / evidence accumulation: count 7 spike-coded cues, answer after a delay",
                         {}, {}, {}};
    info.parameters = {
        integer("n_trials", 100, 1, 1e6, "trials per episode; the objective is the accuracy over them"),
        integer("neurons_per_group", 10, 1, 1e4, "input neurons in each of the 4 groups (left, right, decision, noise)"),
        integer("n_cues", 7, 1, 99, "cues per trial (odd)"),
        real("majority_probability", 0.7, 0.5, 1.0, "probability that a cue falls on the trial's majority side"),
        real("dt_ms", 1.0, 0.01, 10.0, "milliseconds per step"),
        real("cue_onset_ms", 50.0, 0.0, 1e6, "start of the first cue"),
        real("cue_duration_ms", 100.0, 0.01, 1e6, "length of one cue"),
        real("cue_spacing_ms", 150.0, 0.01, 1e6, "from one cue's start to the next"),
        real("trial_ms", 2250.0, 1.0, 1e7, "length of a trial (cues, delay, decision period)"),
        real("decision_ms", 150.0, 0.01, 1e6, "decision period: the last decision_ms of the trial"),
        choice("noise", "standard", {"standard", "high"},
               "rate preset: standard (cue 40 Hz, background 10 Hz) or high (cue 30 Hz, background 20 Hz); "
               "explicit cue_rate_hz / background_rate_hz win"),
        real("cue_rate_hz", 40.0, 0.0, 1000.0, "rate added to the cued group (preset high: 30)"),
        real("decision_rate_hz", 40.0, 0.0, 1000.0, "rate added to the decision group in the decision period"),
        real("background_rate_hz", 10.0, 0.0, 1000.0, "background rate of every input neuron (preset high: 20)"),
        real("reward_correct", 1.0, -1e6, 1e6, "reward for naming the side with more cues"),
        real("reward_wrong", -1.0, -1e6, 1e6, "reward for a wrong answer or a tie"),
    };
    info.build = [](const ValidatedParameters& p) -> std::unique_ptr<TaskFamily> {
        TMazeParams params;
        params.n_trials = p.count("n_trials");
        params.neurons_per_group = p.count("neurons_per_group");
        params.n_cues = p.count("n_cues");
        if (params.n_cues % 2 == 0) p.fail("n_cues", "must be odd so that one side always has more cues");
        params.majority_probability = p.real("majority_probability");
        params.dt_ms = p.real("dt_ms");
        params.cue_onset_ms = p.real("cue_onset_ms");
        params.cue_duration_ms = p.real("cue_duration_ms");
        params.cue_spacing_ms = p.real("cue_spacing_ms");
        params.trial_ms = p.real("trial_ms");
        params.decision_ms = p.real("decision_ms");
        const bool high_noise = p.choice("noise") == "high";
        params.cue_rate_hz = p.is_set("cue_rate_hz") || !high_noise ? p.real("cue_rate_hz") : 30.0;
        params.background_rate_hz = p.is_set("background_rate_hz") || !high_noise ? p.real("background_rate_hz") : 20.0;
        params.decision_rate_hz = p.real("decision_rate_hz");
        params.reward_correct = p.real("reward_correct");
        params.reward_wrong = p.real("reward_wrong");

        if (params.cue_duration_ms > params.cue_spacing_ms) p.fail("cue_duration_ms", "must be <= cue_spacing_ms");
        if (params.decision_ms > params.trial_ms) p.fail("decision_ms", "must be <= trial_ms");
        const double cues_end = params.cue_onset_ms + static_cast<double>(params.n_cues - 1) * params.cue_spacing_ms +
                                params.cue_duration_ms;
        if (cues_end > params.trial_ms - params.decision_ms) {
            p.fail("trial_ms", fmt::format("too short: the cues end at {} ms, after the decision period starts", cues_end));
        }
        const double max_rate = params.background_rate_hz + std::max(params.cue_rate_hz, params.decision_rate_hz);
        if (max_rate * params.dt_ms / 1000.0 > 1.0) p.fail("dt_ms", "too long: a spike probability per step exceeds 1");
        return std::make_unique<TMazeFamily>(params);
    };
    info.best_objective = [](const ValidatedParameters&) { return 1.0; };  // accuracy
    return info;
}

EnvironmentInfo arena_info() {
    EnvironmentInfo info{"Arena", "arena",
                         "Find a hidden goal on the border of a circular arena, again and again (meta-RL memory task)",
                         {}, {}, {}};
    info.parameters = {
        real("radius", 1.0, 0.001, 1e3, "arena radius"),
        real("goal_radius", 0.2, 0.001, 1e3, "the goal is reached within this distance of its centre"),
        real("dt_ms", 1.0, 0.001, 1e3, "integration sub-step"),
        real("action_interval_ms", 10.0, 0.001, 1e4, "one action (one step) every this many ms"),
        choice("preset", "memory", {"memory", "slow"},
               "memory (max_speed 5: the oracle reaches 10 goals per 2 s, the border search that remembers the goal "
               "7.5, the one that forgets 3.2) or slow (max_speed 1, the defaults before that calibration); an "
               "explicit max_speed wins"),
        real("max_speed", 5.0, 0.0, 1e3, "maximum speed in arena radii per second (norm of the velocity; preset slow: 1)"),
        real("episode_ms", 2000.0, 1.0, 1e8, "episode length"),
        real("goal_reward", 1.0, -1e6, 1e6, "reward for reaching the goal"),
        real("wall_reward", -0.02, -1e6, 1e6, "reward for a step that pushed into the wall"),
        real("shaping", 0.0, 0.0, 1.0,
             "objective = goals + shaping x (1 - d / (2 radius)), d the closest approach to the goal's centre since "
             "the last goal (or the start): partial credit for an unfinished search, less than one goal; 0 = goals "
             "only (the episode summary's goals= always counts goals only)"),
    };
    info.build = [](const ValidatedParameters& p) -> std::unique_ptr<TaskFamily> {
        ArenaParams params;
        params.radius = p.real("radius");
        params.goal_radius = p.real("goal_radius");
        if (params.goal_radius >= params.radius) p.fail("goal_radius", "must be < radius");
        params.dt_ms = p.real("dt_ms");
        params.action_interval_ms = p.real("action_interval_ms");
        if (params.action_interval_ms < params.dt_ms) p.fail("action_interval_ms", "must be >= dt_ms");
        const bool slow = p.choice("preset") == "slow";
        params.max_speed = p.is_set("max_speed") || !slow ? p.real("max_speed") : 1.0;
        params.episode_ms = p.real("episode_ms");
        if (params.episode_ms < params.action_interval_ms) p.fail("episode_ms", "must be >= action_interval_ms");
        params.goal_reward = p.real("goal_reward");
        params.wall_reward = p.real("wall_reward");
        params.shaping = p.real("shaping");
        return std::make_unique<ArenaFamily>(params);
    };
    return info;
}

}  // namespace

std::unique_ptr<TaskFamily> EnvironmentInfo::make_family(const ParameterValues& values) const {
    return build(ValidatedParameters(section, parameters, values));
}

double EnvironmentInfo::best_objective_of(const ParameterValues& values) const {
    if (!best_objective) return std::numeric_limits<double>::quiet_NaN();
    return best_objective(ValidatedParameters(section, parameters, values));
}

const ParameterSpec* EnvironmentInfo::find_parameter(std::string_view key) const {
    const auto it = std::find_if(parameters.begin(), parameters.end(), [&](const ParameterSpec& s) { return s.key == key; });
    return it == parameters.end() ? nullptr : &*it;
}

const std::vector<EnvironmentInfo>& environment_registry() {
    static const std::vector<EnvironmentInfo> registry{cartpole_info(), mountain_car_info(),
                                                       continuous_mountain_car_info(), tmaze_info(), arena_info()};
    return registry;
}

std::vector<std::string> environment_names() {
    std::vector<std::string> names;
    for (const EnvironmentInfo& info : environment_registry()) names.push_back(info.name);
    return names;
}

// Each environment answers to its registry name and to its config section
// ("CartPole-v1" and "cartpole"): commands and config files use either.
const EnvironmentInfo& find_environment(std::string_view name) {
    for (const EnvironmentInfo& info : environment_registry()) {
        if (info.name == name || info.section == name) return info;
    }
    std::vector<std::string> both;
    for (const EnvironmentInfo& info : environment_registry()) both.push_back(info.name + " (" + info.section + ")");
    throw std::invalid_argument(fmt::format("unknown environment '{}'; available: {}", name, fmt::join(both, ", ")));
}

std::unique_ptr<TaskFamily> make_family(std::string_view name, const ParameterValues& values) {
    return find_environment(name).make_family(values);
}

}  // namespace l2l::env
