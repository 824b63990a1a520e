#!/usr/bin/env bash
# Issue 16, T-maze fourth round: a readout without the cue groups' noise.
# 1. What the readout costs (bench/tmaze_readout_noise.py, Monte Carlo of the task).
# 2. The designed genome of the network with a tonic population
#    (examples/networks/tmaze_ndp_oja_h16_tonic.toml; bench/tmaze_tonic_design.py,
#    500 trials per design), the three best and the 40-16-2 design of the third
#    round on 4000 common test trials of each of the streams 7777 and 8888.
# 3. Evolution of the network, of its fixed-weight twin and of the network without
#    cue-synapse plasticity (h16_tonic_only, stage 1 only), 5 seeds, stage 1
#    (the GA of examples/tmaze_ndp_oja_per_trial.toml, bench/tmaze_runs.sh
#    h16_tonic / fixed_h16_tonic, GENERATIONS generations, resumable) and
#    stage 2 (SNES from each seed's stage-1 genome, bench/tmaze_stage2.sh
#    tonic_snes / tonic_twin_snes, STAGE2_EPISODES episodes, resumable); and
#    SNES from the best design instead (tonic_design_snes, twice the episodes
#    in two pieces).
# 4. The shipped genomes and the third round's on the same common test, the
#    ablations of the evolved ones, the table and the learning curves.
# Rerunning resumes whatever is not finished.
#   bench/tmaze_tonic.sh [OUT]   (L2L=binary, GENERATIONS=220, STAGE2_EPISODES=240000, TRIALS=4000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/work/results/tmaze4}
l2l=${L2L:-$root/build/release/optimizer/l2l}
trials=${TRIALS:-4000}
generations=${GENERATIONS:-220}
stage2=${STAGE2_EPISODES:-240000}
python=/usr/bin/python3
mkdir -p "$out/design" "$out/stage2"

echo "# 1. readout noise"
"$python" "$root/bench/tmaze_readout_noise.py" | tee "$out/readout_noise.csv"

echo "# 2. designs (500 trials each)"
"$python" "$root/bench/tmaze_tonic_design.py" --l2l "$l2l" --out "$out/design" --trials 500 \
  --grid "eta_t=0.003,0.004 alpha_t=35000,45000 wm_cross=-30,-45,-60 w_dec=200,250" | tee "$out/design/grid.csv"
design() { echo "$out/design/tonic_eta_t$1_alpha_t$2_w_t0_wm_cross$3_w_cue400_w_cross-200_w_dec250_eta_o0_alpha_o0_wm_o_cross0.genome.h5"; }
old_design=$out/design/hand_trial_tmaze_ndp_oja_h16_eta0.02_alpha40000.genome.h5
"$python" "$root/bench/tmaze_hand_set.py" --l2l "$l2l" --out "$out/design" --structures trial --eta 0.02 --alpha 40000 \
  --trials 500 --network networks/tmaze_ndp_oja_h16.toml
designs=("$old_design" "$(design 0.003 35000 -30)" "$(design 0.004 35000 -45)" "$(design 0.003 45000 -45)")
for seed in 7777 8888; do
  echo "# designs on the common test: $trials trials of stream $seed"
  "$python" "$root/bench/tmaze_common_test.py" --l2l "$l2l" --trials "$trials" --seed "$seed" "${designs[@]}"
done | tee "$out/design/common.csv"

echo "# 3. evolution, stage 1 (GA) and stage 2 (SNES)"
levels=$(seq -s ' ' 20 40 "$generations")
[ "${levels##* }" = "$generations" ] || levels="$levels $generations"
(cd "$root" && OUT=$out EXPERIMENTS="h16_tonic fixed_h16_tonic h16_tonic_only" SEEDS="1 2 3 4 5" GENERATIONS="$levels" PIECE=20 \
  L2L=$l2l bench/tmaze_runs.sh)
for seeds in "1 2 3" "4 5"; do  # two processes on two cores
  (cd "$root" && OUT=$out/stage2 TONIC_GENOMES=$out SEEDS="$seeds" EXPERIMENTS="tonic_snes tonic_twin_snes" \
    EPISODES=$stage2 L2L=$l2l bench/tmaze_stage2.sh) &
done
wait
# From the design: two pieces (the shipped genomes are the second piece's choices).
for episodes in $stage2 $(( 2 * stage2 )); do
  for seeds in "1 2 3" "4 5"; do
    (cd "$root" && OUT=$out/stage2 TONIC_DESIGN="${designs[1]}" SEEDS="$seeds" EXPERIMENTS=tonic_design_snes \
      EPISODES=$episodes L2L=$l2l bench/tmaze_stage2.sh) &
  done
  wait
done

echo "# 4. shipped genomes on the common test"
# (examples/evolved/tmaze_*_tonic_*.genome.h5 are copies of these stage-2 choices)
from_design=("$out"/stage2/tonic_design_snes_s{1,2,3,4,5}.selected.genome.h5)
evolved=("$out"/stage2/tonic_snes_s{1,2,3,4,5}.selected.genome.h5)
twins=("$out"/stage2/tonic_twin_snes_s{1,2,3,4,5}.selected.genome.h5)
third=("$root"/examples/evolved/tmaze_ndp_oja_h16_two_stage_s{1,2,3,4,5}.genome.h5)
for seed in 7777 8888; do
  echo "# common test: $trials trials of stream $seed"
  "$python" "$root/bench/tmaze_common_test.py" --l2l "$l2l" --trials "$trials" --seed "$seed" \
    --per-trial "$out/common_$seed.npz" "${designs[1]}" "${from_design[@]}" "${evolved[@]}" "${twins[@]}" "${third[@]}"
done | tee "$out/common.csv"
echo "# ablations: 2000 trials of stream 7777"
"$python" "$root/bench/tmaze_ablation.py" --l2l "$l2l" "${designs[1]}" "${from_design[@]}" "${evolved[@]}" \
  "$out"/h16_tonic_only_s{1,2,3,4,5}.selected.genome.h5 | tee "$out/ablation.csv"
echo "# where the design loses: 1000 trials"
"$python" "$root/bench/tmaze_where_lost.py" --l2l "$l2l" --trials 1000 "${designs[1]}"
"$python" "$root/bench/tmaze_stage2_report.py" --stage1 "$out" --stage2 "$out/stage2" \
  --pairs h16_tonic:tonic_snes,fixed_h16_tonic:tonic_twin_snes --title "fourth round (tonic population)" --figure "$root/docs/figures/tmaze_issue16_tonic.png"
