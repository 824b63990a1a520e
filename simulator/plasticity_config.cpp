#include "simulator/plasticity_config.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace l2l::sim {

PlasticitySpec parse_plasticity(const TomlReader& r, double dt) {
    PlasticitySpec spec;
    const std::string rule = r.text("rule");
    const std::optional<PlasticityRule> parsed = rule_from_name(rule);
    if (!parsed) r.fail("rule", fmt::format("allowed: {}", rule_names_text()));
    spec.rule = *parsed;

    std::vector<std::string_view> allowed{"rule"};
    if (is_rate_rule(spec.rule)) allowed.push_back("interval");
    for (const PlasticParameterInfo& info : plasticity_parameters(spec.rule)) allowed.push_back(info.name);
    r.allow_only(allowed);

    if (is_rate_rule(spec.rule)) {
        r.duration_steps("interval", dt, 10.0, kMaxPlasticityIntervalMs,
                         "the update interval of E; SpikePropamine uses 10 ms", "the update interval of E");
        spec.interval = r.number("interval", 10.0);
    }
    for (const PlasticParameterInfo& info : plasticity_parameters(spec.rule)) {
        double value = info.default_value;
        if (r.has(info.name)) {
            value = r.number(info.name);
        } else if (std::isnan(value)) {
            r.fail_missing(info.name, fmt::format("rule \"{}\" needs {} ({}, {})", rule, info.name, info.unit, info.meaning));
        }
        if (!satisfies(info.rule, value)) r.fail(info.name, fmt::format("must be {} ({})", rule_text(info.rule), info.unit));
        spec.values[std::string(info.name)] = value;
    }
    if (spec.values.contains("w_max") && !(spec.values["w_min"] < spec.values["w_max"])) {
        r.fail("w_min", fmt::format("must be below w_max = {} pA", spec.values["w_max"]));
    }
    return spec;
}

}  // namespace l2l::sim
