// A model of one's own as an l2l optimizee: a LIF neuron (l2l's simulator,
// NEST iaf_psc_exp) whose membrane time constant and capacitance are fitted so
// that it fires as often as a reference neuron at three input currents.
#pragma once

#include <array>

#include "optimizer/farm/optimizee.hpp"

class LifFit final : public l2l::Optimizee {
public:
    LifFit();

    std::string_view name() const override { return "lif_fit"; }
    std::size_t genome_size() const override { return 2; }
    l2l::Bounds bounds() const override;
    std::vector<std::string> gene_names() const override { return {"tau_m", "C_m"}; }
    // One output per current: the spike count's difference to the reference (the EnKF's residuals).
    std::size_t output_size() const override { return kCurrents.size(); }
    double best_possible_fitness() const override { return 0.0; }
    // Deterministic in the genome: the same result on every rank.
    l2l::EvalResult evaluate(std::span<const double> genome, const l2l::EvalContext& context) const override;

    static constexpr std::array<double, 3> kCurrents{400.0, 600.0, 900.0};  // pA

private:
    std::vector<double> reference_counts_;  // of tau_m = 18 ms, C_m = 220 pF
};
