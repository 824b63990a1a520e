#!/usr/bin/env bash
# Issue 16, T-maze fifth round (docs/meta_learning.md, section 1, "Fifth round"),
# on top of bench/tmaze_tonic.sh's results (TONIC, default /work/results/tmaze4):
# 1. Where the designed tonic-readout network loses, over the readout's strength
#    (bench/tmaze_tonic_design.py --stages: alpha and eta of the tonic synapses,
#    the tonic synapses' fixed weight; 1000 trials per design).
# 2. Longer SNES runs: tmaze_tonic.sh's runs from the design (480,000 episodes)
#    and from each seed's evolved stage-1 genome (tonic_snes, 240,000 episodes),
#    copied (so that its shipped choices stay) and resumed to 720,000 episodes.
# 3. Stage 2 (SNES, 240,000 episodes) of the network without cue-synapse
#    plasticity (h16_tonic_only), from tmaze_tonic.sh's stage-1 genomes.
# 4. The choices of 2 and 3 beside tmaze_tonic.sh's on the common test
#    (TRIALS trials of each of the streams 7777 and 8888).
# 5. The ablations of the choices of 2 (bench/tmaze_ablation.py, 2000 trials).
# Rerunning resumes the runs that are not finished and skips a finished design
# table; the selections and the test tables are redone (they come out the same).
# Each table is written to a temporary file first, so an interrupted or failed
# step leaves the previous table whole.
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

table() {  # FILE COMMAND...: COMMAND's output to FILE through a temporary file (never half-written), then shown
  local file=$1
  shift
  "$@" > "$file.partial"
  mv "$file.partial" "$file"
  cat "$file"
}
designs() {
  "$python" "$root/bench/tmaze_tonic_design.py" --l2l "$l2l" --out "$out/stages" --trials 1000 --stages \
    --grid "alpha_t=0,10000,20000,35000 eta_t=0.003,0.006 w_t=0,30 wm_cross=-30"
}

echo "# 1. the readout's strength against the cue period (1000 trials per design)"
if [ "$(wc -l < "$out/stages/grid.csv" 2> /dev/null || echo 0)" -eq 17 ]; then  # the header and 4 x 2 x 2 designs
  cat "$out/stages/grid.csv"
else
  table "$out/stages/grid.csv" designs
fi

echo "# 2. longer SNES runs (from the design, from the evolved stage-1 genomes), 3. stage 2 of h16_tonic_only"
for seed in 1 2 3 4 5; do
  for f in tonic_design_snes_s$seed.h5 tonic_snes_s$seed.h5; do
    for g in "$f" "$f.ckpt"; do [ -f "$out/stage2/$g" ] || cp "$tonic/stage2/$g" "$out/stage2/$g"; done
  done
done
pids=()
for seeds in "1 2 3" "4 5"; do  # two processes on two cores
  (cd "$root" && OUT=$out/stage2 TONIC_DESIGN=$design TONIC_GENOMES=$tonic SEEDS="$seeds" \
    EXPERIMENTS="tonic_design_snes tonic_snes" EPISODES=720000 L2L=$l2l bench/tmaze_stage2.sh
   cd "$root" && OUT=$out/stage2_only TONIC_GENOMES=$tonic SEEDS="$seeds" EXPERIMENTS=tonic_only_snes EPISODES=240000 \
    L2L=$l2l bench/tmaze_stage2.sh) &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done  # a failed process fails the script

echo "# 4. common test"
common_tests() {
  for seed in 7777 8888; do
    echo "# common test: $trials trials of stream $seed"
    "$python" "$root/bench/tmaze_common_test.py" --l2l "$l2l" --trials "$trials" --seed "$seed" "$design" \
      "$tonic"/stage2/tonic_design_snes_s{1,2,3,4,5}.selected.genome.h5 \
      "$out"/stage2/tonic_design_snes_s{1,2,3,4,5}.selected.genome.h5 \
      "$out"/stage2_only/tonic_only_snes_s{1,2,3,4,5}.selected.genome.h5 \
      "$tonic"/stage2/tonic_snes_s{1,2,3,4,5}.selected.genome.h5 \
      "$out"/stage2/tonic_snes_s{1,2,3,4,5}.selected.genome.h5
  done
}
table "$out/common.csv" common_tests

echo "# 5. ablations: 2000 trials of stream 7777"
table "$out/ablation.csv" "$python" "$root/bench/tmaze_ablation.py" --l2l "$l2l" \
  "$out"/stage2/tonic_design_snes_s{1,2,3,4,5}.selected.genome.h5
