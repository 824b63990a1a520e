#!/bin/sh
# A shell-script model for `optimizee = "command"` (sphere_shell.toml): the gene
# values come as arguments ({x} {y} in command.argv), the seed in $L2L_SEED; the
# answer is one JSON line on stdout. Anything a shell can start works the same
# way: a binary of your lab, a NEST script, a container.
x=$1
y=$2
awk -v x="$x" -v y="$y" -v seed="$L2L_SEED" 'BEGIN {
  f = (x - 1) * (x - 1) + (y + 2) * (y + 2)
  printf "{\"fitness\": %.17g, \"info\": {\"seed_parity\": %d}}\n", -f, seed % 2
}'
