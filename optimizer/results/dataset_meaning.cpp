#include "optimizer/results/dataset_meaning.hpp"

#include <fmt/format.h>

#include <map>
#include <utility>

namespace l2l {
namespace {

const std::string kPrefixSummary = "/generations/summary/";
const std::string kPrefixState = "/generations/state/";
const std::string kPrefixInfo = "/generations/info/";

// Fixed datasets; {F} stands for the run's fitness meaning.
const std::map<std::string, DatasetMeaning>& fixed_meanings() {
    static const std::map<std::string, DatasetMeaning> meanings{
        {"/best/genome", {"gene", "genome of the best individual ever seen (each gene in its own units: "
                                  "/best/gene_names, /best/gene_bounds)"}},
        {"/best/fitness", {"1", "fitness of the best individual ever seen; fitness: {F}; higher is better"}},
        {"/best/generation", {"1", "generation (from 0) in which the best individual ever seen was evaluated"}},
        {"/best/gene_names", {"none", "name of every gene, in genome order"}},
        {"/best/gene_bounds",
         {"gene", "[genes x 2]: lower and upper bound of every gene, in genome order (column 0 lower, 1 upper)"}},
        {"/initial_genome",
         {"gene", "genome the run started from (config initial_genome: the initial mean of an evolution strategy, "
                  "the first individual of the GA's generation 0), in genome order"}},
        {"/generations/fitness",
         {"1", "[generation x individual] fitness of every individual; fitness: {F}; higher is better; failed "
               "evaluations get failure_fitness; NaN where a generation had fewer individuals"}},
        {"/generations/genomes",
         {"gene", "[generation x individual x gene] every genome evaluated, each gene in its own units "
                  "(/best/gene_names); NaN in rows the record policy did not keep"}},
        {"/generations/population_recorded",
         {"1", "[generation] 1 where the row of /generations/genomes holds the population (record.policy every)"}},
        {"/generations/best_genome",
         {"gene", "[generation x gene] genome of the generation's best successful individual (NaN: none)"}},
        {"/generations/best_index",
         {"1", "[generation] index of the generation's best successful individual (first on ties; -1: none)"}},
        {"/generations/failures",
         {"1", "[generation x individual] evaluation status: 0 ok, 1 non-finite fitness, 2 evaluation threw, "
               "3 timeout, 4 external command failed, 5 external command gave no valid answer; -1 no individual"}},
        {"/generations/outputs",
         {"1", "[generation x individual x output] per-individual output vector: per-task objectives (snn) or "
               "residuals (benchmarks); NaN for failed evaluations"}},
        {"/generations/best",
         {"1", "[generation] best fitness of the generation's successful evaluations; fitness: {F}"}},
        {"/generations/mean", {"1", "[generation] mean fitness of the generation's successful evaluations"}},
        {"/generations/std",
         {"1", "[generation] standard deviation of the fitness of the generation's successful evaluations"}},
        {"/generations/wall_time", {"s", "[generation] wall-clock seconds of the whole generation (ask, evaluate, tell, the append to this file and the checkpoint)"}},
        {"/generations/eval_time", {"s", "[generation] evaluation seconds summed over all workers"}},
        {"/generations/evaluations", {"1", "[generation] evaluations in the generation"}},
        {"/generations/state/seed",
         {"1", "[generation x individual] ES: seed of the individual's perturbation, eps = normals of Rng(seed)"}},
        {"/generations/state/sign",
         {"1", "[generation x individual] ES: sign of the perturbation, individual = clip(mean + sigma * sign * "
               "eps(seed)) (0: the mean itself)"}},
        {"/record/bounds_lower", {"gene", "[gene] lower clip bound used to rebuild ES individuals from seeds"}},
        {"/record/bounds_upper", {"gene", "[gene] upper clip bound used to rebuild ES individuals from seeds"}},
        {"/failures/generation", {"1", "[failure] generation of the failed evaluation"}},
        {"/failures/individual", {"1", "[failure] index of the failed individual in its generation"}},
        {"/failures/status", {"1", "[failure] status code, as in /generations/failures"}},
        {"/failures/message", {"none", "[failure] what failed (external commands: the last lines of stderr)"}},
    };
    return meanings;
}

// /generations/summary/<optimizer>/<key>: each optimizer's per-generation state.
const std::map<std::string, DatasetMeaning>& summary_meanings() {
    static const std::map<std::string, DatasetMeaning> meanings{
        {"ga/gene_spread", {"gene", "population standard deviation per gene, averaged over the genes"}},
        {"es/sigma", {"gene", "perturbation standard deviation (gene units)"}},
        {"es/learning_rate", {"1", "step size alpha of the mean update"}},
        {"es/gradient_norm",
         {"1", "Euclidean norm of the estimated fitness gradient, weight decay included (fitness per gene unit)"}},
        {"es/step_norm", {"gene", "Euclidean norm of the step the mean took"}},
        {"es/mean_fitness",
         {"1", "fitness of the search distribution's mean itself (individual 0 under es.evaluate_mean; NaN "
               "without it or when it failed)"}},
        {"es/best_fitness", {"1", "best fitness of the generation (fitness scale)"}},
        {"enkf/spread", {"gene", "root mean square deviation of the ensemble members from their mean"}},
        {"enkf/misfit_mean", {"1", "mean over the members of the squared output misfit divided by gamma"}},
        {"enkf/misfit_min", {"1", "smallest member misfit (squared output misfit divided by gamma)"}},
        {"enkf/failed_members", {"1", "ensemble members whose evaluation failed"}},
        {"enkf/best_fitness", {"1", "best fitness of the generation (fitness scale)"}},
        {"cmaes/sigma", {"1", "step size, as a fraction of the bound widths"}},
        {"cmaes/axis_ratio", {"1", "ratio of the longest to the shortest axis of the covariance matrix"}},
        {"cmaes/min_std", {"1", "smallest standard deviation over the coordinates, as a fraction of the bound widths"}},
        {"cmaes/max_std", {"1", "largest standard deviation over the coordinates, as a fraction of the bound widths"}},
        {"cmaes/best_fitness", {"1", "best fitness of the generation (fitness scale)"}},
        {"cmaes/best_fitness_so_far", {"1", "best fitness so far (fitness scale)"}},
        {"cmaes/population", {"1", "population size lambda (doubles with each IPOP restart)"}},
        {"cmaes/restarts", {"1", "IPOP restarts so far"}},
        {"cmaes/stop_code",
         {"1", "why the last restart stopped: 0 none, 1 tol_fun, 2 tol_x, 3 no_effect_axis, 4 no_effect_coord, "
               "5 condition_cov, 6 equal_fun_values, 7 tol_up_sigma"}},
        {"grid/progress", {"1", "fraction of the grid points evaluated"}},
        {"grid/grid_points_in_batch", {"1", "grid points in the generation"}},
        {"grid/best_fitness_so_far", {"1", "best fitness so far (fitness scale)"}},
        {"random/best_fitness_so_far", {"1", "best fitness so far (fitness scale)"}},
        {"random/evaluations", {"1", "evaluations so far"}},
    };
    return meanings;
}

std::string with_fitness(std::string text, const std::string& fitness) {
    const std::size_t at = text.find("{F}");
    if (at != std::string::npos) text.replace(at, 3, fitness);
    return text;
}

}  // namespace

DatasetMeaning dataset_meaning(const std::string& path, const FitnessMeaning& run) {
    const auto& fixed = fixed_meanings();
    if (const auto found = fixed.find(path); found != fixed.end()) {
        return {found->second.units, with_fitness(found->second.description, run.fitness)};
    }
    if (path.starts_with(kPrefixSummary)) {
        const std::string key = path.substr(kPrefixSummary.size());
        const auto& summary = summary_meanings();
        const std::string what = "[generation] optimizer state of the generation (" + key + "): ";
        if (const auto found = summary.find(key); found != summary.end()) {
            return {found->second.units, what + found->second.description};
        }
        return {"1", what + "a value the optimizer reports"};
    }
    if (path.starts_with(kPrefixState)) {
        const std::string name = path.substr(kPrefixState.size());
        const std::string what = "the state the optimizer drew the generation from (before its update): ";
        if (name == "mean") return {"gene", "[generation x gene] " + what + "mean of the search distribution"};
        if (name == "spread") return {"gene", "[generation x gene] " + what + "EnKF per-gene ensemble spread"};
        if (name == "sigma") {
            return {run.optimizer == "cmaes" ? "1" : "gene",
                    "[generation] " + what + "step size sigma" +
                        (run.optimizer == "cmaes" ? " (fraction of the bound widths)" : " (gene units)")};
        }
        return {"1", "[generation] " + what + name};
    }
    if (path.starts_with(kPrefixInfo)) {
        return {"1", "[generation x individual] '" + path.substr(kPrefixInfo.size()) +
                         "' as the external command reports it in \"info\" (mean over the tasks; NaN where missing)"};
    }
    return {"1", "dataset " + path + " (no description in this l2l version)"};
}

void describe_datasets(hid_t file, const FitnessMeaning& run) {
    for (const char* group : {"/best", "/generations", "/record", "/failures"}) {
        for (const std::string& path : h5::dataset_paths(file, group)) {
            h5::Handle set = h5::dataset(H5Dopen2(file, path.c_str(), H5P_DEFAULT), "open " + path);
            if (h5::has_attribute(set.get(), "units") && h5::has_attribute(set.get(), "description")) continue;
            const DatasetMeaning meaning = dataset_meaning(path, run);
            h5::write_attribute(set.get(), "units", meaning.units);
            h5::write_attribute(set.get(), "description", meaning.description);
        }
    }
}

}  // namespace l2l
