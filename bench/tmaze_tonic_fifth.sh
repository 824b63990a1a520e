#!/usr/bin/env bash
# Issue 16, T-maze fifth round (docs/meta_learning.md, section 1, "Fifth round"),
# on top of bench/tmaze_tonic.sh's results (TONIC, default /work/results/tmaze4):
# 1. Where the designed tonic-readout network loses, over the readout's strength
#    (bench/tmaze_tonic_design.py --stages: alpha and eta of the tonic synapses,
#    the tonic synapses' fixed weight; 1000 trials per design).
# 2. A third piece of SNES from the design: tmaze_tonic.sh's 480,000-episode runs
#    (copied, so that its shipped choices stay) resumed to 720,000 episodes.
# 3. Stage 2 (SNES, 240,000 episodes) of the network without cue-synapse
#    plasticity (h16_tonic_only), from tmaze_tonic.sh's stage-1 genomes.
# 4. The choices of 2 and 3 beside the shipped ones on the common test
#    (TRIALS trials of each of the streams 7777 and 8888).
# Rerunning resumes whatever is not finished.
#   bench/tmaze_tonic_fifth.sh [OUT]   (TONIC=..., L2L=binary, TRIALS=4000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/work/results/tmaze5}
tonic=${TONIC:-/work/results/tmaze4}
l2l=${L2L:-$root/build/release/optimizer/l2l}
trials=${TRIALS:-4000}
python=/usr/bin/python3
design=$tonic/design/tonic_eta_t0.003_alpha_t35000_w_t0_wm_cross-30_w_cue400_w_cross-200_w_dec250_eta_o0_alpha_o0_wm_o_cross0.genome.h5
mkdir -p "$out/stages" "$out/stage2" "$out/stage2_only"

echo "# 1. the readout's strength against the cue period (1000 trials per design)"
"$python" "$root/bench/tmaze_tonic_design.py" --l2l "$l2l" --out "$out/stages" --trials 1000 --stages \
  --grid "alpha_t=0,10000,20000,35000 eta_t=0.003,0.006 w_t=0,30 wm_cross=-30" | tee "$out/stages/grid.csv"

echo "# 2. a third piece from the design, 3. stage 2 of h16_tonic_only"
for seed in 1 2 3 4 5; do
  for f in tonic_design_snes_s$seed.h5 tonic_design_snes_s$seed.h5.ckpt; do
    [ -f "$out/stage2/$f" ] || cp "$tonic/stage2/$f" "$out/stage2/$f"
  done
done
for seeds in "1 2 3" "4 5"; do  # two processes on two cores
  (cd "$root" && OUT=$out/stage2 TONIC_DESIGN=$design SEEDS="$seeds" EXPERIMENTS=tonic_design_snes EPISODES=720000 \
    L2L=$l2l bench/tmaze_stage2.sh
   cd "$root" && OUT=$out/stage2_only TONIC_GENOMES=$tonic SEEDS="$seeds" EXPERIMENTS=tonic_only_snes EPISODES=240000 \
    L2L=$l2l bench/tmaze_stage2.sh) &
done
wait

echo "# 4. common test"
for seed in 7777 8888; do
  echo "# common test: $trials trials of stream $seed"
  "$python" "$root/bench/tmaze_common_test.py" --l2l "$l2l" --trials "$trials" --seed "$seed" "$design" \
    "$tonic"/stage2/tonic_design_snes_s{1,2,3,4,5}.selected.genome.h5 \
    "$out"/stage2/tonic_design_snes_s{1,2,3,4,5}.selected.genome.h5 \
    "$out"/stage2_only/tonic_only_snes_s{1,2,3,4,5}.selected.genome.h5
done | tee "$out/common.csv"
