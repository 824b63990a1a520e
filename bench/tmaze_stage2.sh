#!/usr/bin/env bash
# Issue 16, third round: a second stage that fine-tunes each seed's own evolved
# T-maze genome (stage 1: bench/tmaze_runs.sh h16_per_trial, the genomes
# examples/evolved/tmaze_ndp_oja_h16_per_trial_s<seed>_selected.genome.h5) with
# `initial_genome`, a small step and its own run seed (100 + seed), so that
# its training trials come from streams neither stage 1 nor the held-out
# replays use. Each (experiment, seed) runs EPISODES one-trial episodes
# (generations = EPISODES / (population x trials per evaluation)); rerunning
# the script resumes a run that has fewer. Then bench/tmaze_select.py picks
# among the last generation's SELECT best (and an ES's mean) on VALIDATION
# trials and replays the choice on HELDOUT held-out trials:
# OUT/<experiment>_s<seed>.selected.genome.h5 and .selected.heldout.csv.
# CPU seconds of every run go to OUT/pieces.log (/usr/bin/time, user time).
#   OUT=/work/results/tmaze3 SEEDS=1 EXPERIMENTS="ga_small openai" EPISODES=144000 bench/tmaze_stage2.sh
# Experiments (examples/tmaze_ndp_oja_per_trial.toml on networks/tmaze_ndp_oja_h16.toml, population 48):
#   ga_small       GA, 2 % of the genes mutated with sigma 0.05 (stage 1: 10 %, 0.2), 50 trials per evaluation
#   ga_small_t150  the same with 150 trials per evaluation
#   ga_tiny        GA, 1 % of the genes mutated with sigma 0.05, 50 trials
#   openai         OpenAI-ES, sigma 0.02 (genome units), Adam step 0.002, 50 trials, its mean evaluated
#   openai_small   OpenAI-ES, sigma 0.005, Adam step 0.001, 50 trials
#   snes           SNES, sigma0 0.005 of each gene's range (0.01 in genome units), its per-gene sigmas adapted, 50 trials
#   sepcma         sep-CMA-ES, sigma0 0.01 of each gene's range (0.02 in genome units), 50 trials
#   twin_snes, twin_ga_small  snes / ga_small on the fixed-weight twin (networks/tmaze_fixed_h16.toml, 672 genes), from
#                  TWIN_GENOMES/fixed_h16_per_trial_s<seed>.selected.genome.h5 (bench/tmaze_runs.sh's output)
# Fourth round, the network with a tonic population (bench/tmaze_tonic.sh):
#   tonic_snes     snes on networks/tmaze_ndp_oja_h16_tonic.toml (2228 genes), from
#                  TONIC_GENOMES/h16_tonic_s<seed>.selected.genome.h5 (bench/tmaze_runs.sh h16_tonic)
#   tonic_twin_snes snes on its twin networks/tmaze_fixed_h16_tonic.toml (852 genes), from
#                  TONIC_GENOMES/fixed_h16_tonic_s<seed>.selected.genome.h5
#   tonic_only_snes snes on networks/tmaze_ndp_oja_h16_tonic_only.toml (fixed cue synapses, 1331 genes), from
#                  TONIC_GENOMES/h16_tonic_only_s<seed>.selected.genome.h5 (bench/tmaze_runs.sh h16_tonic_only)
#   tonic_design_snes  snes on networks/tmaze_ndp_oja_h16_tonic.toml from the designed genome TONIC_DESIGN
#                  (bench/tmaze_tonic_design.py; the same start for every seed, which sets only the trials)
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
OUT=${OUT:-/work/results/tmaze3}
SEEDS=${SEEDS:-1 2 3 4 5}
EXPERIMENTS=${EXPERIMENTS:-ga_small}
EPISODES=${EPISODES:-144000}
HELDOUT=${HELDOUT:-500}
VALIDATION=${VALIDATION:-1000}
SELECT=${SELECT:-8}
POPULATION=48
mkdir -p "$OUT"
plastic="--config examples/tmaze_ndp_oja_per_trial.toml --snn.network_file networks/tmaze_ndp_oja_h16.toml --population $POPULATION"
# The fixed-weight twin (bench/tmaze_runs.sh fixed_h16_per_trial); its stage-1 genomes are in TWIN_GENOMES.
twin="--config examples/tmaze_fixed.toml --snn.network_file networks/tmaze_fixed_h16.toml --tmaze.n_trials 1 --snn.tasks 50 --population $POPULATION"
TWIN_GENOMES=${TWIN_GENOMES:-/work/results/tmaze2}
tonic="--config examples/tmaze_ndp_oja_per_trial.toml --snn.network_file networks/tmaze_ndp_oja_h16_tonic.toml --population $POPULATION"
tonic_only="--config examples/tmaze_ndp_oja_per_trial.toml --snn.network_file networks/tmaze_ndp_oja_h16_tonic_only.toml --population $POPULATION"
tonic_twin="--config examples/tmaze_fixed.toml --snn.network_file networks/tmaze_fixed_h16_tonic.toml --tmaze.n_trials 1 --snn.tasks 50 --population $POPULATION"
TONIC_GENOMES=${TONIC_GENOMES:-/work/results/tmaze4}
TONIC_DESIGN=${TONIC_DESIGN:-$TONIC_GENOMES/design/tonic_eta_t0.003_alpha_t35000_w_t0_wm_cross-30_w_cue400_w_cross-200_w_dec250_eta_o0_alpha_o0_wm_o_cross0.genome.h5}
stage1_genome() {  # experiment seed -> the stage-1 genome file it starts from
  case "$1" in
    twin_*) echo "$TWIN_GENOMES/fixed_h16_per_trial_s$2.selected.genome.h5" ;;
    tonic_twin_*) echo "$TONIC_GENOMES/fixed_h16_tonic_s$2.selected.genome.h5" ;;
    tonic_design_*) echo "$TONIC_DESIGN" ;;
    tonic_only_*) echo "$TONIC_GENOMES/h16_tonic_only_s$2.selected.genome.h5" ;;
    tonic_*) echo "$TONIC_GENOMES/h16_tonic_s$2.selected.genome.h5" ;;
    *) echo "$PWD/examples/evolved/tmaze_ndp_oja_h16_per_trial_s$2_selected.genome.h5" ;;
  esac
}
# Every SNES experiment's options (the search; the network and its start differ).
snes="--optimizer snes --snes.population $POPULATION --snes.sigma0 0.005 --record.policy every --record.every 10"
experiment_args() {  # the options, then the trials per evaluation
  case "$1" in
    twin_ga_small) echo "$twin --ga.gene_mutation_prob 0.02 --ga.mutation_sigma 0.05|50" ;;
    twin_snes) echo "$twin $snes|50" ;;
    ga_small) echo "$plastic --ga.gene_mutation_prob 0.02 --ga.mutation_sigma 0.05|50" ;;
    ga_small_t150) echo "$plastic --ga.gene_mutation_prob 0.02 --ga.mutation_sigma 0.05 --snn.tasks 150|150" ;;
    ga_tiny) echo "$plastic --ga.gene_mutation_prob 0.01 --ga.mutation_sigma 0.05|50" ;;
    openai) echo "$plastic --optimizer openai_es --openai_es.sigma 0.02 --openai_es.learning_rate 0.002 --record.policy every --record.every 10|50" ;;
    openai_small) echo "$plastic --optimizer openai_es --openai_es.sigma 0.005 --openai_es.learning_rate 0.001 --record.policy every --record.every 10|50" ;;
    snes) echo "$plastic $snes|50" ;;
    sepcma) echo "$plastic --optimizer sepcma --sepcma.population $POPULATION --sepcma.sigma0 0.01 --record.policy every --record.every 10|50" ;;
    tonic_snes) echo "$tonic $snes|50" ;;
    tonic_only_snes) echo "$tonic_only $snes|50" ;;
    tonic_design_snes) echo "$tonic $snes|50" ;;
    tonic_twin_snes) echo "$tonic_twin $snes|50" ;;
    *) echo "unknown experiment '$1': allowed are twin_snes, twin_ga_small, ga_small, ga_small_t150, ga_tiny, openai, openai_small, snes, sepcma, tonic_snes, tonic_twin_snes, tonic_design_snes, tonic_only_snes" >&2; return 2 ;;
  esac
}
for e in $EXPERIMENTS; do experiment_args "$e" > /dev/null; done
done_generations() {
  [ -f "$1" ] || { echo 0; return; }
  /usr/bin/python3 -c 'import h5py, sys; print(h5py.File(sys.argv[1], "r")["generations/fitness"].shape[0])' "$1"
}
for seed in $SEEDS; do
  for e in $EXPERIMENTS; do
    spec=$(experiment_args "$e")
    args=${spec%|*}
    trials=${spec#*|}
    generations=$(( EPISODES / (POPULATION * trials) ))
    file="$OUT/${e}_s${seed}.h5"
    genome=$(stage1_genome "$e" "$seed")
    have=$(done_generations "$file")
    if [ "$have" -lt "$generations" ]; then
      resume=(); [ "$have" -gt 0 ] && resume=(--resume)
      start=$(date +%s)
      # shellcheck disable=SC2086
      /usr/bin/time -f "%U" -o "$file.cpu" nice -n 10 "$L2L" run $args --initial_genome "$genome" \
        --seed $(( 100 + seed )) --generations "$generations" --quiet --output "$file" "${resume[@]}"
      echo "$e seed $seed: generations $have -> $(done_generations "$file") ($generations x $POPULATION x $trials episodes), $(( $(date +%s) - start )) s wall, $(tail -1 "$file.cpu") s CPU" | tee -a "$OUT/pieces.log"
    fi
    start=$(date +%s)
    /usr/bin/time -f "%U" -o "$file.select.cpu" /usr/bin/python3 bench/tmaze_select.py "$file" --l2l "$L2L" \
      --top "$SELECT" --heldout "$HELDOUT" --validation "$VALIDATION" > "${file%.h5}.select.csv"
    echo "$e seed $seed: selection $(tail -1 "${file%.h5}.select.csv"), $(( $(date +%s) - start )) s wall" | tee -a "$OUT/pieces.log"
  done
done
