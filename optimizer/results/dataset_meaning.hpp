// What each dataset of a results file is: the `units` and `description`
// attributes every dataset carries, so that h5dump alone explains the file.
//
// Units: "s" seconds; "1" dimensionless (counts, indices, codes, and fitness:
// the optimizee's own scale, which the description names); "gene": in each
// gene's own units (names in /best/gene_names, ranges in /best/gene_bounds);
// "none" for text.
#pragma once

#include <string>

#include "optimizer/results/hdf5_util.hpp"

namespace l2l {

struct DatasetMeaning {
    std::string units;
    std::string description;
};

// The run's words for what its fitness is ("mean over 1 task(s) of the
// MountainCar-v0 episode objective (objective = max_position)").
struct FitnessMeaning {
    std::string optimizer;  // the /generations/summary/<optimizer> group
    std::string fitness;
};

// The meaning of the dataset at `path` (e.g. "/generations/fitness",
// "/generations/summary/cmaes/sigma"); datasets this version does not know
// get a generic one, never an empty one.
DatasetMeaning dataset_meaning(const std::string& path, const FitnessMeaning& run);

// Writes `units` and `description` to every dataset of the file that lacks
// either (a file of an older version gets them when it is resumed).
void describe_datasets(hid_t file, const FitnessMeaning& run);

}  // namespace l2l
