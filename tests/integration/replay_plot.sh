#!/usr/bin/env bash
# l2l replay --record on a short Mountain Car run, then tools/l2l-replay-plot:
# the PNG exists with the size the figure asks for (10 x 10 in at 110 dpi for
# Mountain Car's 2 state components), and bad input exits 2. Without --record
# the replay keeps only counts and summaries: its table is the same, and each
# episode's spike count is the number of spikes the record holds.
set -euo pipefail
l2l=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$l2l" run --config "$source_dir/examples/mountaincar_ga.toml" --generations 3 --population 8 --quiet \
  --output "$work/run.h5"
"$l2l" replay "$work/run.h5" --episodes 2 --record "$work/replay.h5" > "$work/replay.log"
grep -q identical "$work/replay.log"
"$l2l" replay "$work/run.h5" --episodes 2 > "$work/summaries.log"
diff <(grep -v '^# recorded to' "$work/replay.log") "$work/summaries.log"
/usr/bin/python3 - "$work/replay.h5" "$work/summaries.log" <<'PY'
import csv, sys
import h5py
with open(sys.argv[2]) as f:
    rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
with h5py.File(sys.argv[1], "r") as f:
    recorded = [len(f[f"episodes/{k:04d}/spike_times"]) for k in range(len(rows))]
counts = [int(row["spikes"]) for row in rows]
assert counts == recorded and min(counts) > 0, (counts, recorded)
PY
/usr/bin/python3 "$source_dir/tools/l2l-replay-plot" "$work/replay.h5" --episode 1 -o "$work/replay.png"
size=$(/usr/bin/python3 -c "
import struct, sys
data = open(sys.argv[1], 'rb').read(24)
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
print('%dx%d' % struct.unpack('>II', data[16:24]))" "$work/replay.png")
[ "$size" = "1100x1100" ] || { echo "replay.png is $size, expected 1100x1100"; exit 1; }
status=0
/usr/bin/python3 "$source_dir/tools/l2l-replay-plot" "$work/replay.h5" --episode 5 -o "$work/x.png" 2> "$work/err" || status=$?
[ $status -eq 2 ] && grep -q "episodes 0..1" "$work/err" || { echo "bad --episode: exit $status"; cat "$work/err"; exit 1; }
status=0
/usr/bin/python3 "$source_dir/tools/l2l-replay-plot" "$work/run.h5" -o "$work/x.png" 2> "$work/err" || status=$?
[ $status -eq 2 ] && grep -q "not a replay record" "$work/err" || { echo "non-replay file: exit $status"; exit 1; }
echo "replay record and plot: ok ($size)"
