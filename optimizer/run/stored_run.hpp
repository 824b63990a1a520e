// What a results file says about the run that wrote it, rebuilt through the
// run's own config parsing: the SNN settings and the gene names of its
// optimizee, and whether a file marked running was left by a killed run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "optimizer/results/results_reader.hpp"
#include "optimizer/farm/optimizee.hpp"
#include "optimizer/run/snn_optimizee.hpp"

namespace l2l {

// The SNN settings of the run (optimizee_config attribute, network included);
// ResultsFileError when the run's optimizee is not an SNN agent.
SnnConfig stored_snn_config(hid_t f, const std::string& path);

// Whether the run's optimizee is an SNN agent (optimizee attribute "snn:...").
bool stored_run_is_snn(hid_t f);

// The optimizee of a run that is not an SNN agent (a benchmark function),
// rebuilt from the run's config attribute.
std::unique_ptr<Optimizee> stored_optimizee(hid_t f, const std::string& path);

// /best/gene_names, or, in a file without them, the names the optimizee of the
// stored config gives its genes.
std::vector<std::string> stored_gene_names(hid_t f, const std::string& path);

// Whether `path` says status `running` only because its run was killed: no
// process on this machine holds its lock (or it is written on another node).
bool left_by_killed_run(const std::string& status, const std::string& path);

}  // namespace l2l
