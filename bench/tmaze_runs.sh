#!/usr/bin/env bash
# Issue 16's T-maze runs, resumable in pieces: every (experiment, seed) runs PIECE
# generations at a time (`l2l run`, then `l2l run --resume --generations G+PIECE`)
# until it has GENERATIONS or the clock passes STOP_AT (HH:MM, UTC; default: no
# limit); rerunning the script continues every run from its checkpoint.
# GENERATIONS may be a rising list of levels (below). Then the
# best genome of each run is replayed on HELDOUT held-out trials (episodes
# beyond the evaluation's tasks: cue sequences no generation saw) and saved as
# OUT/<experiment>_s<seed>.genome.h5, and bench/tmaze_select.py picks among the
# SELECT (8; 0: skip) best of the last generation on validation trials beyond
# the held-out ones (OUT/<experiment>_s<seed>.selected.genome.h5: the files
# shipped in examples/evolved/).
#   OUT=/work/results/tmaze EXPERIMENTS="per_trial h16_per_trial" SEEDS=1 GENERATIONS=300 bench/tmaze_runs.sh
# Experiments (config + overrides):
#   baseline       examples/tmaze_ndp_oja.toml (25 trials per episode, 2 episodes)
#   fixed          examples/tmaze_fixed.toml
#   per_trial      examples/tmaze_ndp_oja_per_trial.toml (E reset every trial, 50 one-trial episodes)
#   h16_per_trial  the same with networks/tmaze_ndp_oja_h16.toml (1606 genes)
#   fixed_per_trial examples/tmaze_fixed.toml with one trial per episode, 50 episodes
#   fixed_h16_per_trial the same with networks/tmaze_fixed_h16.toml (672 genes): h16_per_trial's twin
# Levers of the second round (h16_per_trial with one change; docs/meta_learning.md):
#   h16_sepcma, h16_snes  sep-CMA-ES / SNES instead of the GA (population 48)
#   h16_ga_t100    100 trials per evaluation
#   h16_eta        networks/tmaze_ndp_oja_h16_eta.toml (eta gene rescaled)
#   h16_scaled     networks/tmaze_ndp_oja_h16_scaled.toml (eta and hidden->out genes rescaled)
# Fourth round (a tonic population whose plastic synapses read the memory out without the cue groups' noise):
#   h16_tonic      h16_per_trial on networks/tmaze_ndp_oja_h16_tonic.toml (2228 genes)
#   fixed_h16_tonic its fixed-weight twin, networks/tmaze_fixed_h16_tonic.toml (852 genes)
#   h16_tonic_only  h16_per_trial on networks/tmaze_ndp_oja_h16_tonic_only.toml (fixed cue synapses, 1331 genes)
# JOBS (2) runs at a time, each under `nice -n 10`.
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
OUT=${OUT:-/work/results/tmaze}
SEEDS=${SEEDS:-1 2 3 4 5}
EXPERIMENTS=${EXPERIMENTS:-per_trial fixed_per_trial}
GENERATIONS=${GENERATIONS:-300}
PIECE=${PIECE:-10}
HELDOUT=${HELDOUT:-500}
STOP_AT=${STOP_AT:-}
SELECT=${SELECT:-8}
mkdir -p "$OUT"
experiment_args() {
  case "$1" in
    baseline) echo "--config examples/tmaze_ndp_oja.toml" ;;
    fixed) echo "--config examples/tmaze_fixed.toml" ;;
    per_trial) echo "--config examples/tmaze_ndp_oja_per_trial.toml" ;;
    h16_per_trial) echo "--config examples/tmaze_ndp_oja_per_trial.toml --snn.network_file networks/tmaze_ndp_oja_h16.toml" ;;
    fixed_per_trial) echo "--config examples/tmaze_fixed.toml --tmaze.n_trials 1 --snn.tasks 50" ;;
    fixed_h16_per_trial) echo "--config examples/tmaze_fixed.toml --snn.network_file networks/tmaze_fixed_h16.toml --tmaze.n_trials 1 --snn.tasks 50" ;;
    # Issue 16, second round: the search's levers on the 16-hidden network (population 48, 50 trials).
    h16_sepcma) echo "--config examples/tmaze_ndp_oja_per_trial.toml --snn.network_file networks/tmaze_ndp_oja_h16.toml --optimizer sepcma" ;;
    h16_snes) echo "--config examples/tmaze_ndp_oja_per_trial.toml --snn.network_file networks/tmaze_ndp_oja_h16.toml --optimizer snes" ;;
    h16_ga_t100) echo "--config examples/tmaze_ndp_oja_per_trial.toml --snn.network_file networks/tmaze_ndp_oja_h16.toml --snn.tasks 100" ;;
    h16_eta) echo "--config examples/tmaze_ndp_oja_per_trial.toml --snn.network_file networks/tmaze_ndp_oja_h16_eta.toml" ;;
    h16_scaled) echo "--config examples/tmaze_ndp_oja_per_trial.toml --snn.network_file networks/tmaze_ndp_oja_h16_scaled.toml" ;;
    h16_tonic) echo "--config examples/tmaze_ndp_oja_per_trial.toml --snn.network_file networks/tmaze_ndp_oja_h16_tonic.toml" ;;
    h16_tonic_only) echo "--config examples/tmaze_ndp_oja_per_trial.toml --snn.network_file networks/tmaze_ndp_oja_h16_tonic_only.toml" ;;
    fixed_h16_tonic) echo "--config examples/tmaze_fixed.toml --snn.network_file networks/tmaze_fixed_h16_tonic.toml --tmaze.n_trials 1 --snn.tasks 50" ;;
    *) echo "unknown experiment '$1': allowed are baseline, fixed, per_trial, h16_per_trial, fixed_per_trial, fixed_h16_per_trial, h16_sepcma, h16_snes, h16_ga_t100, h16_eta, h16_scaled, h16_tonic, fixed_h16_tonic, h16_tonic_only" >&2; return 2 ;;
  esac
}
for e in $EXPERIMENTS; do experiment_args "$e" > /dev/null; done
done_generations() {  # generations stored in a results file (0 if none)
  [ -f "$1" ] || { echo 0; return; }
  /usr/bin/python3 -c 'import h5py, sys; print(h5py.File(sys.argv[1], "r")["generations/best"].shape[0])' "$1"
}
past_stop() { [ -n "$STOP_AT" ] && [[ "$(date -u +%H:%M)" > "$STOP_AT" ]]; }
run_one() {
  read -r experiment seed <<< "$1"
  file="$OUT/${experiment}_s${seed}.h5"
  args=$(experiment_args "$experiment")
  have=$(done_generations "$file")
  while [ "$have" -lt "$GENERATIONS" ] && ! past_stop; do
    next=$(( have + PIECE < GENERATIONS ? have + PIECE : GENERATIONS ))
    start=$(date +%s); cpu0=$(awk '{print $14+$15+$16+$17}' /proc/$$/stat)
    if [ "$have" -eq 0 ]; then
      # shellcheck disable=SC2086
      /usr/bin/time -f "%U" -o "$file.cpu" nice -n 10 "$L2L" run $args --seed "$seed" --generations "$next" --quiet --output "$file"
    else
      # shellcheck disable=SC2086
      /usr/bin/time -f "%U" -o "$file.cpu" nice -n 10 "$L2L" run $args --seed "$seed" --generations "$next" --quiet --output "$file" --resume
    fi
    # What the file holds, not what was asked: a piece stopped by a signal ends early.
    reached=$(done_generations "$file")
    echo "$experiment seed $seed: generations $have -> $reached, $(( $(date +%s) - start )) s wall, $(tail -1 "$file.cpu") s CPU" | tee -a "$OUT/pieces.log"
    [ "$reached" -gt "$have" ] || break
    have=$reached
  done
}
export -f run_one experiment_args done_generations past_stop
export L2L OUT GENERATIONS PIECE STOP_AT
jobs=()
for seed in $SEEDS; do for e in $EXPERIMENTS; do jobs+=("$e $seed"); done; done
# GENERATIONS may be a rising list ("40 80 120"): every run reaches one level
# before any goes on to the next, so a STOP_AT leaves the seeds at equal budgets.
for level in $GENERATIONS; do
  export GENERATIONS=$level
  printf '%s\n' "${jobs[@]}" | xargs -P "${JOBS:-2}" -I{} bash -c 'run_one "{}"'
done

# Held-out: the evaluation's tasks, then HELDOUT more trials of the same stream.
for seed in $SEEDS; do
  for e in $EXPERIMENTS; do
    file="$OUT/${e}_s${seed}.h5"
    [ -f "$file" ] || continue
    tasks=$(/usr/bin/python3 -c 'import h5py, sys, re; c = h5py.File(sys.argv[1], "r").attrs["optimizee_config"]; c = c.decode() if isinstance(c, bytes) else c; print(re.search(r"^\s*tasks\s*=\s*(\d+)", c, re.M).group(1))' "$file")
    trials=$(/usr/bin/python3 -c 'import h5py, sys, re; c = h5py.File(sys.argv[1], "r").attrs["optimizee_config"]; c = c.decode() if isinstance(c, bytes) else c; m = re.search(r"^\s*n_trials\s*=\s*(\d+)", c, re.M); print(m.group(1) if m else 100)' "$file")
    episodes=$(( tasks + (HELDOUT + trials - 1) / trials ))
    nice -n 10 "$L2L" replay "$file" --episodes "$episodes" --save-genome "${file%.h5}.genome.h5" --force \
      > "${file%.h5}.heldout.csv"
    # The genome to ship: the best of the last generation's SELECT best, chosen on
    # further trials beyond the held-out ones (bench/tmaze_select.py).
    if [ "$SELECT" -gt 0 ]; then
      /usr/bin/python3 bench/tmaze_select.py "$file" --l2l "$L2L" --top "$SELECT" --heldout "$HELDOUT" > "${file%.h5}.select.csv"
    fi
  done
done
/usr/bin/python3 bench/tmaze_report.py "$OUT"
