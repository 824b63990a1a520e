#!/usr/bin/env bash
# Slurm across two nodes (tests/cluster/cluster_lib.sh): slurmctld and a slurmd
# on node1, a slurmd on node2 (NodeName/NodeAddr per namespace; munged, as on a
# cluster, shared through its socket on the common file system). Then
#   sbatch -N 2 --ntasks-per-node 2 jobscripts/l2l.sbatch examples/mountaincar_ga.toml
# runs the main job on 4 ranks over both nodes (srun --mpi=pmix); midway
# `scontrol requeuehold` (then `release`) sends TERM to every rank, l2l checkpoints, the job goes
# back to the queue, starts again on both nodes and resumes: the finished
# file is bit-identical to the serial run.
#   slurm_nodes.sh L2L SOURCE_DIR
set -euo pipefail
l2l=$1
repo=$2
source "$repo/tests/cluster/cluster_lib.sh"
source "$repo/tests/integration/slurm_lib.sh"
command -v slurmctld >/dev/null || cluster_skip "slurmctld is missing (scripts/install-deps --tests installs slurm-wlm)"
cluster_up 2
slurm_setup
trap 'status=$?; slurm_cleanup $status; (exit $status); cluster_down' EXIT
# Slurm's commands talk to slurmctld on node1's address: they run on node1.
for command in sbatch squeue scontrol scancel sinfo; do
  eval "$command() { on_node node1 $command \"\$@\"; }"
done

start_munge
{
  slurm_conf_common
  cat <<EOF
ClusterName=l2lnodes
SlurmctldHost=node1($cluster_subnet.1)
SlurmdSpoolDir=$work/local/spool
TmpFS=$work/local/tmp
SlurmdPidFile=$work/local/slurmd.pid
SlurmdLogFile=$work/log/slurmd.%n.log
NodeName=node1 NodeAddr=$cluster_subnet.1 CPUs=2 State=UNKNOWN
NodeName=node2 NodeAddr=$cluster_subnet.2 CPUs=2 State=UNKNOWN
PartitionName=l2l Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
} > "$work/etc/slurm.conf"
# A node's /sys is its namespace's own (ip netns exec), without the machine's
# cgroup mounts: slurmd mounts the cgroup v1 hierarchies it needs itself.
cat > "$work/etc/cgroup.conf" <<EOF
CgroupPlugin=cgroup/v1
CgroupAutomount=yes
CgroupMountpoint=$work/local/cgroup
EOF
export SLURM_CONF=$work/etc/slurm.conf
wait_until 10 "munged's socket $work/munge/socket" test -S "$work/munge/socket"
node_command node1
"${node_command[@]}" slurmctld -D > "$work/log/slurmctld.out" 2>&1 &
daemons+=("slurmctld $!")
for node in node1 node2; do
  node_command "$node"
  "${node_command[@]}" /bin/sh -c 'mkdir -p "$1/local/spool" "$1/local/cgroup" && exec slurmd -D -N "$2"' \
    slurmd "$work" "$node" > "$work/log/slurmd.$node.out" 2>&1 &
  daemons+=("slurmd_$node $!")
done
nodes_idle() { [ "$(sinfo --noheader --format '%t %D' 2>/dev/null)" = "idle 2" ]; }
wait_until 30 "slurmctld and two slurmd up, nodes idle" nodes_idle
say "Slurm $(sinfo --version | cut -d' ' -f2) up: $(sinfo --noheader --format '%D nodes %N, %c CPUs each, %t')"

export L2L=$l2l  # the launchers run the build under test
cd "$work/jobs"
gens=60
# 16 tasks per evaluation: the job takes seconds, not one (its requeue must come before it ends, on a loaded machine too)
run=(--generations "$gens" --target_fitness inf --seed 3 --snn.tasks 16)
"$l2l" run --config "$repo/examples/mountaincar_ga.toml" "${run[@]}" --quiet --output "$work/ref/mountaincar.h5"
say "reference: the serial Mountain Car run, $gens generations"

id=$(sbatch --parsable -N 2 --ntasks-per-node=2 --job-name=mountaincar --output="%x_%j.log" \
       "$repo/jobscripts/l2l.sbatch" "$repo/examples/mountaincar_ga.toml" "${run[@]}" \
       --output "$work/jobs/mountaincar.h5")
jobs_submitted+=("$id")
say "submitted job $id: sbatch -N 2 --ntasks-per-node=2 jobscripts/l2l.sbatch examples/mountaincar_ga.toml ${run[*]}"
log=mountaincar_$id.log
wait_until 90 "job $id at generation 10" logged_generation "$log" 10
say "job $id running on $(job_field "$id" NodeList): $(grep -c . "$log") log lines"
[ "$(job_field "$id" NodeList)" = "node[1-2]" ] || fail "job $id runs on $(job_field "$id" NodeList), expected node[1-2]"
# requeuehold, then release: the requeue of `scontrol requeue`, with the job held
# in between, so the file is read after the first attempt closed it and before the
# second one opens it (with a plain requeue the second attempt may already hold it).
scontrol requeuehold "$id"
say "job $id at generation >= 10: scontrol requeuehold $id"
wait_until 60 "job $id requeued by scontrol requeuehold" restarts_are "$id" 1
file_interrupted() { [ "$(attribute mountaincar.h5 status)" = interrupted ]; }
wait_until 30 "after the requeue the file's status is interrupted (it is '$(attribute mountaincar.h5 status)')" file_interrupted
say "job $id requeued: file interrupted at $(generations mountaincar.h5) generations, checkpoint $([ -f mountaincar.h5.ckpt ] && echo written || echo missing)"
scontrol release "$id"
wait_until 120 "job $id ended" job_ended "$id"
say "job $id: $(job_field "$id" JobState) on $(job_field "$id" NodeList) after $(job_field "$id" Restarts) requeue, exit code $(job_field "$id" ExitCode)"
[ "$(job_field "$id" JobState)" = COMPLETED ] || fail "job $id ended $(job_field "$id" JobState)"
[ "$(grep -c -- '^l2l.sbatch .*: job [0-9]*, attempt [12], 4 ranks on node\[1-2\]' "$log")" = 2 ] ||
  fail "$log: expected two attempts, each on 4 ranks on node[1-2]"
[ "$(grep -c -- '^l2l.sbatch .* run --config .* --resume$' "$log")" = 1 ] || fail "$log: expected one attempt run with --resume"
grep 'l2l.sbatch' "$log" | sed 's/^/    /'
check_result mountaincar.h5 "$work/ref/mountaincar.h5" "$gens" 4
say "every dataset: $(/usr/bin/python3 "$repo/tests/integration/results_tool.py" compare "$work/ref/mountaincar.h5" mountaincar.h5)"
say "PASS"
