#!/usr/bin/env bash
# Issue 16: the designed T-maze networks against the evolved ones on the same
# large test. The designed genomes (bench/tmaze_hand_set.py: eta 0.02, alpha
# 4e4 pA on the 40-16-2 network, the rescaled 40-16-2 network and the 40-64-2
# network; eta 0.015 / 0.01 on the 40-64-2 one) were each measured on 500
# trials; here they and the five shipped two-stage genomes answer the same
# 4000 trials of two streams no run trained on (bench/tmaze_common_test.py,
# seeds 7777 and 8888); then the design on the 40-16-2 network with alpha's
# bound x4 (slower eta, stronger alpha: 500 trials each, the five best on 4000),
# and every genome's plasticity groups ablated (bench/tmaze_ablation.py, 2000
# trials of stream 7777).
#   bench/tmaze_designed_vs_evolved.sh [OUT]   (L2L=binary, TRIALS=4000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/work/results/tmaze3/designed}
l2l=${L2L:-$root/build/release/optimizer/l2l}
trials=${TRIALS:-4000}
python=/usr/bin/python3
mkdir -p "$out"
hand() { "$python" "$root/bench/tmaze_hand_set.py" --l2l "$l2l" --out "$out" --structures trial --trials 500 "$@" >&2; }
hand --eta 0.02 --alpha 40000 --network networks/tmaze_ndp_oja_h16.toml
hand --eta 0.02 --alpha 40000 --network networks/tmaze_ndp_oja_h16_scaled.toml --w-out-scale 4000 --eta-scale 0.1
hand --eta 0.01,0.015,0.02 --alpha 40000
hand --eta 0.01 --alpha 50000
designed=("$out/hand_trial_tmaze_ndp_oja_h16_eta0.02_alpha40000.genome.h5"
          "$out/hand_trial_tmaze_ndp_oja_h16_scaled_eta0.02_alpha40000.genome.h5"
          "$out/hand_trial_eta0.02_alpha40000.genome.h5"
          "$out/hand_trial_eta0.015_alpha40000.genome.h5"
          "$out/hand_trial_eta0.01_alpha50000.genome.h5")
evolved=("$root"/examples/evolved/tmaze_ndp_oja_h16_two_stage_s{1,2,3,4,5}.genome.h5)
for seed in 7777 8888; do
  echo "# common test: $trials trials of stream $seed"
  "$python" "$root/bench/tmaze_common_test.py" --l2l "$l2l" --trials "$trials" --seed "$seed" "${designed[@]}" "${evolved[@]}"
done
# The design with slower rates and stronger alpha than the gene bound allows:
# the 40-16-2 network with alpha's scale 2e5 pA instead of 5e4 (written to OUT).
sed 's/scale = 50000.0/scale = 200000.0/' "$root/examples/networks/tmaze_ndp_oja_h16.toml" > "$out/tmaze_h16_alpha2e5.toml"
hand --network "$out/tmaze_h16_alpha2e5.toml" --alpha-scale 200000 --eta 0.003,0.005,0.0075,0.01 \
  --alpha 50000,80000,120000,160000
wide=$out/hand_trial_tmaze_h16_alpha2e5
echo "# common test, alpha bound x4: $trials trials of stream 7777"
"$python" "$root/bench/tmaze_common_test.py" --l2l "$l2l" --trials "$trials" --seed 7777 \
  "${wide}"_eta0.01_alpha50000.genome.h5 "${wide}"_eta0.003_alpha120000.genome.h5 \
  "${wide}"_eta0.003_alpha160000.genome.h5 "${wide}"_eta0.005_alpha80000.genome.h5 \
  "${wide}"_eta0.0075_alpha80000.genome.h5
echo "# ablations: 2000 trials of stream 7777"
"$python" "$root/bench/tmaze_ablation.py" --l2l "$l2l" "${evolved[@]}" "$root/examples/evolved/tmaze_ndp_oja_per_trial_hand_set.genome.h5"
