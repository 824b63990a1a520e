#!/usr/bin/env bash
# A warm-start genome for the arena's third round (docs/meta_learning.md, section
# 2.7): genome G:I of RUN.h5 (`l2l replay --genome`: "best", or G:0 for the mean of
# generation G of es/openai_es) carried over to the network of examples/CONFIG.toml,
# the genes it has by name, the others (the direct place -> output path of
# arena_lsnn_direct*.toml) 0, so the warm-started agent is the source agent.
#   bench/arena_warm_start.sh RUN.h5 G:I CONFIG OUT.genome.h5
# then `l2l run --config examples/CONFIG.toml --initial_genome OUT.genome.h5 ...`.
# Environment: L2L.
set -euo pipefail
cd "$(dirname "$0")/.."
L2L=${L2L:-build/release/optimizer/l2l}
[ $# -eq 4 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
run=$1 genome=$2 config=$3 out=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$L2L" replay "$run" --genome "$genome" --episodes 1 --save-genome "$work/source.genome.h5" > /dev/null
# Any genome of the target network gives the gene names: one tiny generation.
"$L2L" run --config "examples/$config.toml" --generations 1 --population 2 --noise_table_size 10000 \
  --snn.tasks 1 --arena.episode_ms 10 --quiet --output "$work/template.h5"
"$L2L" replay "$work/template.h5" --genome 0:0 --episodes 1 --save-genome "$work/template.genome.h5" > /dev/null
/usr/bin/python3 bench/arena_extend_genome.py "$work/source.genome.h5" "$work/template.genome.h5" "$out" "$run, genome $genome"
