# A cluster of N "nodes" on this machine, for the multinode tests and
# bench/cluster_farm_throughput.sh: sourced. Each node is a network namespace
# with its own hostname (a UTS namespace per command started there) and its own
# /etc/hosts (ip netns exec mounts /etc/netns/<namespace>/hosts over it; the
# machine's /etc/hosts is never touched). The nodes are joined by veth pairs to
# a bridge that lives in a namespace of its own, on the private test network
# 10.200.0.0/24 that no other namespace can see. The nodes share the file
# system and the process ids with the machine, as the nodes of a real cluster
# share a parallel file system; each node has its own folder at $work/local
# (its local disk, e.g. Slurm's TmpFS).
#
#   cluster_up N         builds node1..nodeN (node i has 10.200.0.i), makes the
#                        folder $work (cwd) and tears everything down on exit,
#                        also after a failure; exits 77 (ctest: skipped) with a
#                        message where namespaces cannot be made
#   on_node NODE CMD...  runs CMD on NODE
#   node_pids NODE       the processes running on NODE
#   cluster_mpirun HOSTS MPIRUN-ARGS...
#                        mpirun started on the first node of HOSTS (node1:2,node2:2),
#                        launching through tests/cluster/netns_rsh, MPI over TCP only
#   node_command NODE, mpirun_command HOSTS [BTL]
#                        the same as arrays of words (for setsid, timeout, ...)
cluster_subnet=10.200.0
cluster_tool_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

cluster_skip() { echo "SKIP: $*"; exit 77; }

cluster_up() {
  local count=$1 i
  [ "$(id -u)" -eq 0 ] || cluster_skip "the multinode tests build network namespaces and must run as root"
  for tool in ip unshare mpirun; do
    command -v "$tool" >/dev/null || cluster_skip "$tool is missing (scripts/install-deps --tests installs iproute2)"
  done
  cluster_id=l2lc$$
  cluster_nodes=()
  cluster_namespaces=()
  work=$(mktemp -d /tmp/l2l-cluster.XXXXXX)
  chmod 755 "$work"
  trap cluster_down EXIT
  trap 'echo "FAIL: interrupted" >&2; exit 1' INT TERM
  local switch=${cluster_id}sw
  ip netns add "$switch" 2>"$work/netns.err" ||
    cluster_skip "cannot make a network namespace here ($(cat "$work/netns.err")); needs root with CAP_SYS_ADMIN and CAP_NET_ADMIN"
  cluster_namespaces=("$switch")
  ip -n "$switch" link add br0 type bridge
  ip -n "$switch" link set br0 up
  mkdir "$work/local"
  export L2L_CLUSTER_NODES=$work/nodes
  : > "$L2L_CLUSTER_NODES"
  for ((i = 1; i <= count; i++)); do
    local ns=${cluster_id}n$i
    ip netns add "$ns"
    cluster_namespaces+=("$ns")
    ip -n "$switch" link add "port$i" type veth peer name eth0 netns "$ns"
    ip -n "$switch" link set "port$i" master br0 up
    ip -n "$ns" addr add "$cluster_subnet.$i/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    echo "node$i $cluster_subnet.$i $ns" >> "$L2L_CLUSTER_NODES"
    mkdir -p "$work/node-local/node$i/tmp"
    cluster_nodes+=("node$i")
  done
  for ((i = 1; i <= count; i++)); do
    mkdir -p "/etc/netns/${cluster_id}n$i"
    { echo "127.0.0.1 localhost"; awk '{ print $2, $1 }' "$L2L_CLUSTER_NODES"; } > "/etc/netns/${cluster_id}n$i/hosts"
  done
  # Every node reaches every other one by name, through the bridge.
  for ((i = 1; i <= count; i++)); do
    on_node "node$i" /bin/bash -c "for n in ${cluster_nodes[*]}; do timeout 5 bash -c \": < /dev/tcp/\$n/9\" 2>&1 | grep -q refused || { echo \"node$i cannot reach \$n\"; exit 1; }; done" ||
      { echo "FAIL: the cluster's network does not work" >&2; exit 1; }
  done
  cd "$work"
  echo "cluster: ${cluster_nodes[*]} on $cluster_subnet.0/24 (namespaces ${cluster_namespaces[*]})"
}

# Every process on a node killed, the namespaces, their /etc/netns entries
# and the work folder removed; the test's exit status kept.
cluster_down() {
  local status=$? ns
  trap - EXIT INT TERM
  cd /
  for ns in "${cluster_namespaces[@]}"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  done
  for ns in "${cluster_namespaces[@]}"; do
    for _ in $(seq 50); do [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break; sleep 0.1; done
    ip netns del "$ns" 2>/dev/null || echo "cluster: could not delete namespace $ns" >&2
    rm -rf "/etc/netns/$ns"
  done
  rm -rf "$work"
  exit $status
}

node_namespace() {
  awk -v h="$1" '$1 == h { print $3 }' "$L2L_CLUSTER_NODES"
}

# node_command NODE: sets the array node_command to the words that run a command on NODE.
node_command() {
  node_command=("$cluster_tool_dir/netns_rsh" --exec "$1")
}
on_node() {
  node_command "$1"
  shift
  "${node_command[@]}" "$@"
}

node_pids() { ip netns pids "$(node_namespace "$1")"; }

# mpirun_command HOSTS [BTL]: sets the array mpirun_command (for start_job,
# say); BTL is tcp,self unless given (vader,self: shared memory within a node).
mpirun_command() {
  node_command "${1%%:*}"
  mpirun_command=("${node_command[@]}" mpirun --host "$1"
    --mca plm_rsh_agent "$cluster_tool_dir/netns_rsh"
    --mca btl "${2:-tcp,self}" --mca btl_tcp_if_include "$cluster_subnet.0/24"
    --mca oob_tcp_if_include "$cluster_subnet.0/24")
}
cluster_mpirun() {
  mpirun_command "$1"
  shift
  "${mpirun_command[@]}" "$@"
}
