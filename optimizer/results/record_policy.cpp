#include "optimizer/results/record_policy.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace l2l {

std::string to_string(RecordKind kind) {
    switch (kind) {
        case RecordKind::full: return "full";
        case RecordKind::every: return "every";
        case RecordKind::best_and_state: return "best_and_state";
        case RecordKind::none: return "none";
    }
    return "?";
}

RecordKind parse_record_kind(const std::string& text) {
    for (RecordKind kind : {RecordKind::full, RecordKind::every, RecordKind::best_and_state, RecordKind::none}) {
        if (text == to_string(kind)) return kind;
    }
    throw std::invalid_argument(fmt::format(
        "record.policy = \"{}\" is not allowed; allowed: auto, full, every, best_and_state, none", text));
}

std::string RecordPolicy::description() const {
    switch (kind) {
        case RecordKind::full: return "full populations every generation";
        case RecordKind::every:
            return fmt::format("full populations every {} generations, the best individual and the optimizer's state "
                               "of every generation",
                               every);
        case RecordKind::best_and_state: return "the best individual and the optimizer's state of every generation";
        case RecordKind::none: return "no genomes (fitness and per-generation values, the best ever)";
    }
    return "?";
}

double record_bytes_per_generation(const RecordPolicy& policy, double population, double genome_size,
                                   double output_size, double state_vectors, bool rebuildable) {
    // fitness, failures, outputs, six scalars and about as many summary series.
    double bytes = population * (8.0 + 4.0 + 8.0 * output_size) + 8.0 * 12.0;
    if (policy.stores_populations()) {
        const double share = policy.kind == RecordKind::every ? 1.0 / static_cast<double>(policy.every) : 1.0;
        bytes += share * 8.0 * population * genome_size;
    }
    if (policy.stores_best_and_state()) {
        bytes += 8.0 * genome_size * (1.0 + state_vectors) + 4.0 + 16.0;  // best genome, state, best index, scalars
        if (policy.kind == RecordKind::every) bytes += 4.0;                 // population_recorded
        if (rebuildable) bytes += 12.0 * population;                        // seed, sign
    }
    return bytes;
}

std::string megabytes_text(double bytes) {
    if (bytes >= 1e9) return fmt::format("{:.3g} GB", bytes / 1e9);
    if (bytes >= 1e6) return fmt::format("{:.3g} MB", bytes / 1e6);
    return fmt::format("{:.3g} kB", bytes / 1e3);
}

}  // namespace l2l
