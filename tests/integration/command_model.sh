#!/bin/sh
# The test model of command_runs.sh, process mode: x and y as arguments, the
# answer on stdout (fitness, residual outputs, info from the seed). Fails on
# purpose at fixed places: generation 1, individual 1 exits 3; 2 answers
# garbage; 3 answers NaN; generation 2, individual 1 hangs (eval_timeout).
# MODEL_DELAY (seconds) slows it down, for the interrupt tests.
[ -z "$MODEL_DELAY" ] || sleep "$MODEL_DELAY"
case "$L2L_GENERATION:$L2L_INDIVIDUAL" in
  1:1) echo "model: exploding on purpose" >&2; echo "model: second line" >&2; exit 3 ;;
  1:2) echo "this is not json"; exit 0 ;;
  1:3) echo '{"fitness": NaN}'; exit 0 ;;
  2:1) sleep 30 ;;
esac
[ -f genome.json ] && [ "$L2L_WORKDIR" = "$PWD" ] || { echo "model: not in the working folder" >&2; exit 5; }
awk -v x="$1" -v y="$2" -v seed="$L2L_SEED" 'BEGIN {
  r1 = x - 1; r2 = y + 2 + (seed % 7) * 1e-3
  printf "{\"fitness\": %.17g, \"outputs\": [%.17g, %.17g], \"info\": {\"seed_mod\": %d}}\n", -(r1 * r1 + r2 * r2), r1, r2, seed % 1000
}'
