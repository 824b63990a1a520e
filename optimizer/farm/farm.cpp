#include "optimizer/farm/farm.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "optimizer/farm/interrupt.hpp"
#include "optimizer/farm/optimizee.hpp"

namespace l2l {

EvalResult Farm::evaluate_one(const EvalTask& task) const {
    const auto start = std::chrono::steady_clock::now();
    EvalResult result;
    try {
        result = evaluator_(task);
        if (!std::isfinite(result.fitness)) {
            result.status = EvalStatus::non_finite;
            result.error = "fitness is not finite";
        }
    } catch (const EvalFailed& e) {
        result = EvalResult{};
        result.status = e.status;
        result.error = e.what();
    } catch (const EvalTimeout& e) {
        result = EvalResult{};
        result.status = EvalStatus::timeout;
        result.error = e.what();
    } catch (const std::exception& e) {
        result = EvalResult{};
        result.status = EvalStatus::exception;
        result.error = e.what();
    }
    result.index = task.index;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

void Farm::warn(const std::string& message) const {
    if (warn_) {
        warn_(message);
    } else {
        std::cerr << "l2l: " << message << std::endl;
    }
}

namespace {

class SerialFarm final : public Farm {
public:
    int size() const override { return 1; }
    bool is_master() const override { return true; }
    const char* kind() const override { return "serial"; }
    std::string broadcast(std::string payload) override { return payload; }
    using Farm::evaluate;
    // The genomes are here already: the encoding is for the wire only.
    std::vector<EvalResult> evaluate(std::span<const EvalTask> tasks, const PopulationEncoding* /*encoding*/) override {
        std::vector<EvalResult> results;
        results.reserve(tasks.size());
        for (const auto& task : tasks) {
            if (stop_requested()) break;
            results.push_back(evaluate_one(task));
        }
        // Also after the last one: an evaluation cut short by the stop has no valid result.
        if (stop_requested()) throw GenerationAbandoned(fmt::format("{} of {} evaluated", results.size(), tasks.size()));
        return results;
    }
    int serve() override { return 0; }
    void shutdown(int /*exit_code*/) override {}
};

}  // namespace

std::size_t automatic_batch_size(double latency, double evaluation, std::size_t tasks, std::size_t workers) {
    constexpr double kOverheadShare = 0.05;
    constexpr std::size_t kMessagesPerWorker = 8;
    const std::size_t most = std::max<std::size_t>(1, tasks / (kMessagesPerWorker * std::max<std::size_t>(1, workers)));
    if (!(evaluation > 0.0) || std::isnan(latency)) return most;  // nothing measured to amortise against
    const double wanted = std::ceil(std::max(0.0, latency) / (kOverheadShare * evaluation));
    if (!(wanted < static_cast<double>(most))) return most;
    return std::max<std::size_t>(1, static_cast<std::size_t>(wanted));
}

std::unique_ptr<Farm> make_serial_farm() { return std::make_unique<SerialFarm>(); }

bool launched_by_mpi_launcher() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
        if (std::getenv(name) != nullptr) return true;
    }
    return false;
}

}  // namespace l2l
