#!/usr/bin/env bash
# The Python tools run under the first python3 on PATH that imports h5py, numpy
# and matplotlib, then /usr/bin/python3, and exit 2 naming what they need when
# no python3 has them.
#   tool_interpreter.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# A python3 without h5py (no site-packages), and one with it that logs its use.
mkdir bare logged nomodule
printf '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n' > bare/python3
printf '#!/bin/sh\necho "$@" >> %s/logged.log\nexec /usr/bin/python3 "$@"\n' "$work" > logged/python3
chmod +x bare/python3 logged/python3
if bare/python3 -c "import h5py" 2> /dev/null; then echo "FAIL: bare/python3 imports h5py"; exit 1; fi

"$l2l" run --quiet --optimizer cmaes --optimizee benchmark --generations 3 -o run.h5

# Bare first, then the logged one: the tool reruns itself under the logged one.
PATH="$work/bare:$work/logged:$PATH" "$src/tools/l2l-plot" run.h5 -o plot.png > plot.out
[ -s plot.png ] || { echo "FAIL: no plot.png"; exit 1; }
grep -q "tools/l2l-plot run.h5 -o plot.png" logged.log || { echo "FAIL: l2l-plot did not run under logged/python3"; exit 1; }
echo "ok  l2l-plot with a python3 without h5py first on PATH: ran under the next python3 on PATH"

# Bare first, nothing else with h5py on PATH: /usr/bin/python3 (its own error: exit 2, its message).
status=0
PATH="$work/bare:/bin" "$src/tools/l2l-replay-plot" missing.h5 -o x.png 2> replay.err || status=$?
[ "$status" = 2 ] && grep -q "l2l-replay-plot: error: cannot open 'missing.h5'" replay.err ||
  { echo "FAIL: l2l-replay-plot under the fallback: exit $status"; cat replay.err; exit 1; }
echo "ok  l2l-replay-plot with only a python3 without h5py on PATH: ran under /usr/bin/python3"

# No python3 imports h5py (a module of that name that fails on import shadows the real one).
echo 'raise ImportError("h5py hidden by the test")' > nomodule/h5py.py
status=0
PYTHONPATH="$work/nomodule" PATH="$work/bare:$PATH" "$src/tools/l2l-plot" run.h5 -o none.png 2> none.err || status=$?
[ "$status" = 2 ] || { echo "FAIL: l2l-plot without any python3 with h5py: exit $status"; cat none.err; exit 1; }
grep -q "l2l-plot: error: needs a python3 that imports h5py, numpy, matplotlib (Debian, Ubuntu: apt-get install python3-h5py python3-numpy python3-matplotlib" none.err &&
  grep -q "^  $work/bare/python3: " none.err && grep -q "^  /usr/bin/python3: h5py hidden by the test" none.err ||
  { echo "FAIL: the message does not say what is needed and what each python3 lacked:"; cat none.err; exit 1; }
[ ! -e none.png ] || { echo "FAIL: none.png written"; exit 1; }
echo "ok  no python3 with h5py: exit 2, $(head -1 none.err)"
