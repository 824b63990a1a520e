// farm.batch_size 0: the MPI farm's automatic batch size from a measured
// message overhead and evaluation time (optimizer/farm/farm.hpp). That results
// do not depend on the batch size is shown end to end by the rank-identity
// tests (serial = 1 to 4 ranks, each with the automatic batch).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "optimizer/farm/farm.hpp"

using l2l::automatic_batch_size;

namespace {

// The batch is the smallest whose evaluations take 20 x the latency (overhead at most 5 %).
void check_smallest_amortising(double latency, double evaluation, std::size_t batch) {
    const double share = 0.05;
    CHECK(latency <= share * static_cast<double>(batch) * evaluation * (1.0 + 1e-12));
    CHECK(latency > share * static_cast<double>(batch - 1) * evaluation);
}

}  // namespace

TEST_CASE("automatic batch: cheap evaluations take the balance bound of 8 messages per worker") {
    // 100 us per message against 0.4 us per individual (a benchmark function).
    CHECK(automatic_batch_size(100e-6, 0.4e-6, 10000, 2) == 625);
    CHECK(automatic_batch_size(100e-6, 0.4e-6, 10000, 1) == 1250);
    CHECK(automatic_batch_size(100e-6, 0.4e-6, 20000, 255) == 9);
    // Fewer tasks than 8 per worker: one individual per message.
    CHECK(automatic_batch_size(100e-6, 0.4e-6, 24, 3) == 1);
    CHECK(automatic_batch_size(100e-6, 0.4e-6, 0, 3) == 1);
}

TEST_CASE("automatic batch: costly evaluations go one by one") {
    // The main job: about 2 ms per individual, 50-500 us per message.
    CHECK(automatic_batch_size(50e-6, 2e-3, 32, 2) == 1);
    CHECK(automatic_batch_size(500e-6, 2e-3, 32, 2) == 2);  // the bound 32 / (8 x 2); 5 would amortise it
    CHECK(automatic_batch_size(0.0, 2e-3, 10000, 2) == 1);
}

TEST_CASE("automatic batch: in between, the smallest batch that keeps the overhead at 5 %") {
    for (const double latency : {30e-6, 100e-6, 1e-3, 1.5e-3}) {
        for (const double evaluation : {3e-6, 20e-6, 0.1e-3}) {
            const std::size_t batch = automatic_batch_size(latency, evaluation, 1'000'000, 4);
            CAPTURE(latency);
            CAPTURE(evaluation);
            REQUIRE(batch < 1'000'000 / 32);  // below the balance bound here
            check_smallest_amortising(latency, evaluation, batch);
        }
    }
}

TEST_CASE("automatic batch: unmeasured or odd inputs stay within 1 and the balance bound") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(automatic_batch_size(100e-6, 0.0, 1600, 2) == 100);  // no evaluation time: the bound
    CHECK(automatic_batch_size(100e-6, nan, 1600, 2) == 100);
    CHECK(automatic_batch_size(nan, 1e-3, 1600, 2) == 100);
    CHECK(automatic_batch_size(inf, 1e-3, 1600, 2) == 100);
    CHECK(automatic_batch_size(-1.0, 1e-3, 1600, 2) == 1);  // a negative overhead counts as none
    CHECK(automatic_batch_size(90e-6, 1e-3, 1600, 0) == 2);  // no workers counts as one (bound 200)
}
