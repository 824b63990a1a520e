// `l2l sweep`: config keys given lists of values (`--vary es.sigma=0.01,0.1`
// or a `[sweep]` table in the config file) expand into one `l2l run` per
// combination. The expansion is fixed by what was given: axes in the order
// listed, the first varying slowest, runs numbered from 0, so a sweep started
// again finds the same runs under the same names.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace l2l {

struct SweepAxis {
    std::string key;                  // an `l2l run` option without dashes: "es.sigma", "seed"
    std::vector<std::string> values;  // as typed: "0.01", "true", "centred_ranks"
};

struct SweepRun {
    std::size_t index = 0;
    std::string name;                                        // "run_007": its files are <name>.h5, <name>.log
    std::vector<std::pair<std::string, std::string>> settings;  // key -> value, one per axis
};

// "es.sigma=0.01,0.05,0.1": throws ConfigError unless KEY=V1,V2,... with no empty value.
SweepAxis parse_sweep_axis(const std::string& item);

// The `[sweep]` table of a config file (TOML text), in the order listed:
// `"es.sigma" = [0.01, 0.1]`, `seed = [1, 2]`, or `[sweep.es] sigma = [...]`.
// Throws ConfigError for a value that is not an array of scalars.
std::vector<SweepAxis> sweep_axes_from_toml(const std::string& config_text);

// Every combination, the first axis varying slowest. Throws ConfigError for no
// axis, a key listed twice, or more than `max_runs` combinations.
std::vector<SweepRun> expand_sweep(const std::vector<SweepAxis>& axes, std::size_t max_runs = 100000);

}  // namespace l2l
