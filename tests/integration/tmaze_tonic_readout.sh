#!/usr/bin/env bash
# Issue 16's T-maze result (docs/meta_learning.md, section 1, fifth round):
# the shipped tonic-readout network evolved from the design
# (examples/evolved/tmaze_ndp_oja_h16_tonic_from_design_720k_s1.genome.h5)
# answers >= 0.90 of 1000 held-out high-noise trials (it scores 0.921); with
# its tonic synapses' alpha at 0 (no readout of its memory) <= 0.6 (0.432);
# the fixed-weight twin (tmaze_fixed_h16_tonic_two_stage_s1) <= 0.55 (0.513).
# The diagnostics:
# bench/tmaze_where_lost.py on the shipped designed tonic-readout network
# (examples/evolved/tmaze_ndp_oja_h16_tonic_designed.genome.h5, 200 trials):
# the side it reads from the observations is the side the environment rewards
# (every correct answer named it, every wrong one named the other or tied),
# the ideal observer is >= 0.9 and the output stage is the replay's accuracy;
# bench/tmaze_tonic_design.py --stages: without the tonic synapses' readout
# (alpha_t 0) the hidden layer still separates the cues (>= 0.9) but the
# answer is near chance (<= 0.6).
#   tmaze_tonic_readout.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=genome_checks_lib.sh
source "$source_dir/tests/integration/genome_checks_lib.sh"
held_out() {  # genome: accuracy over the 1000 trials after its evaluation's 50
  "$l2l" replay --genome-file "$1" --episodes 1050 |
    /usr/bin/python3 -c 'import re, sys; rows = [l.split(",") for l in sys.stdin if re.match(r"^\d+,", l)]
assert len(rows) == 1050, len(rows); print(f"{sum(float(r[2]) for r in rows[50:]) / 1000:.3f}")'
}
evolved=$source_dir/examples/evolved/tmaze_ndp_oja_h16_tonic_from_design_720k_s1.genome.h5
check "evolved from the design, held-out accuracy" "$(held_out "$evolved")" ge 0.90
cut_genes "$evolved" "$work/cut.genome.h5" 'alpha\.tonic->hidden\[\d+,\d+\]' 160
check "without the tonic synapses' alpha" "$(held_out "$work/cut.genome.h5")" le 0.6
check "fixed-weight twin" "$(held_out "$source_dir/examples/evolved/tmaze_fixed_h16_tonic_two_stage_s1.genome.h5")" le 0.55

genome=$source_dir/examples/evolved/tmaze_ndp_oja_h16_tonic_designed.genome.h5
"$l2l" replay --genome-file "$genome" --episodes 200 --record "$work/record.h5" > "$work/replay.csv"
/usr/bin/python3 - "$source_dir/bench" "$work/record.h5" "$work/replay.csv" <<'PY'
import re, sys
sys.path.insert(0, sys.argv[1])
import h5py, numpy as np
from tmaze_where_lost import DECISION, cued_left, recorded_trial_counts, stage_accuracies
with h5py.File(sys.argv[2], "r") as f:
    for key in sorted(f["episodes"]):
        e = f["episodes"][key]
        out = e["actions"][DECISION[0]:DECISION[1]].sum(axis=0)
        named_left, tie = out[0] > out[1], out[0] == out[1]
        left, correct = cued_left(e["observations"][:]), e["objective"][0] == 1.0
        assert correct == (not tie and named_left == left), (key, out, left, correct)
rows = [line.split(",") for line in open(sys.argv[3]) if re.match(r"^\d+,", line)]
replayed = np.mean([float(r[2]) for r in rows])
stages = stage_accuracies(recorded_trial_counts(sys.argv[2], "the design"))
assert stages["ideal"] >= 0.9, stages
assert abs(stages["output"] - replayed) < 1e-12, (stages, replayed)
print(f"ok  labels from the observations agree with the rewards; stages {stages}")
PY
/usr/bin/python3 "$source_dir/bench/tmaze_tonic_design.py" --l2l "$l2l" --out "$work/design" --trials 200 --stages \
  --grid "alpha_t=0" > "$work/grid.csv"
/usr/bin/python3 - "$work/grid.csv" <<'PY'
import csv, sys
row = next(csv.DictReader(open(sys.argv[1])))
assert float(row["hidden_cues"]) >= 0.9 and float(row["accuracy"]) <= 0.6, row
print(f"ok  without the readout: hidden halves over the cues {row['hidden_cues']}, answer {row['accuracy']}")
PY
