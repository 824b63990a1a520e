// Bytes the MPI farm sends for one generation of an encoded population
// (snes, sepcma, openai_es) and of whole genomes, as packed by mpi_farm.cpp
// (optimizer/farm/farm_messages.hpp).
//   l2l_bench_messages [--population P] [--workers W] [DIM ...]   (default: 256, 8, 10000 100000)
// Per task: one EvalTask (generation, index, genome) against one EncodedTask
// (generation, index, offset, sign); per worker and generation the encoded
// path adds one PerturbationBase (table spec, mean, scale, bounds).
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "optimizer/farm/farm_messages.hpp"

namespace {

// Bytes of a task batch of one item, written as the farm writes it (BatchWriter).
template <class Item>
std::size_t batch_of_one(const Item& item) {
    std::vector<char> bytes;
    {
        l2l::BatchWriter writer(bytes, 1);
        writer.add(item);
    }
    return bytes.size();
}

}  // namespace

int main(int argc, char** argv) {
    using namespace l2l;
    std::vector<std::size_t> dims;
    std::size_t population = 256;
    std::size_t workers = 8;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--population" && i + 1 < argc) {
            population = std::stoul(argv[++i]);
        } else if (arg == "--workers" && i + 1 < argc) {
            workers = std::stoul(argv[++i]);
        } else {
            dims.push_back(std::stoul(arg));
        }
    }
    if (dims.empty()) dims = {10000, 100000};
    fmt::print("| genes | bytes per task, genome | bytes per task, encoded | base per worker | generation, genomes | "
               "generation, encoded ({} workers) |\n|---|---|---|---|---|---|\n",
               workers);
    for (const std::size_t n : dims) {
        // A batch of one, as the smallest message; the farm's batches share the archive's few bytes of framing.
        const std::size_t genome = batch_of_one(EvalTask{7, 3, Genome(n, 0.25)});
        const std::size_t encoded = batch_of_one(EncodedTask{7, 3, {123456789, -1}});
        const PerturbationBase base{{1, std::uint64_t{1} << 25U}, Genome(n, 0.25), std::vector<double>(n, 0.1),
                                    Bounds{std::vector<double>(n, -1.0), std::vector<double>(n, 1.0)}};
        const std::size_t base_bytes = pack(base).size();
        fmt::print("| {} | {} | {} | {} | {:.1f} MB | {:.1f} MB |\n", n, genome, encoded, base_bytes,
                   static_cast<double>(population * genome) / 1e6,
                   static_cast<double>(population * encoded + workers * base_bytes) / 1e6);
    }
}
