// my_l2l: the l2l program with one more optimizee, `lif_fit`.
//   my_l2l run --optimizee lif_fit --optimizer cmaes --generations 40 -o fit.h5
//   mpirun -np 3 my_l2l run --config lif_fit.toml -o fit.h5     (every rank registers it)
#include <memory>

#include "lif_fit.hpp"
#include "optimizer/commands/program.hpp"
#include "optimizer/run/optimizee_registry.hpp"

int main(int argc, char** argv) {
    l2l::register_optimizee("lif_fit", "a LIF neuron fitted to a reference's spike counts (examples/own_optimizee_cpp)",
                            [](const l2l::ExperimentConfig&) { return std::make_unique<LifFit>(); });
    return l2l::cli::program(argc, argv);
}
