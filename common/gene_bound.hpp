// The largest magnitude a gene bound may have, shared by the network files
// genome blocks (simulator/) and every optimizer's bounds check (optimizer/).
// With |lower|, |upper| <= 1e100 a gene, a bound width (<= 2e100), its square
// (<= 4e200) and the sums of squares the optimizers take over genes and
// members (GA's gene spread, EnKF's covariances, ES/CMA-ES steps scaled by the
// width) stay finite; with +-1e308 the width alone is inf, uniform sampling
// gives inf genes and every evaluation fails.
#pragma once

namespace l2l {

inline constexpr double kMaxGeneBound = 1e100;

}  // namespace l2l
