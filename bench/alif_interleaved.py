#!/usr/bin/python3
"""The 1,000-neuron ALIF network of issue 18 in l2l, the plain C++ reference loop and
Brian2 cpp_standalone, alternated round by round so a change of machine load hits all three.

Each round runs `l2l_bench_snn SECONDS alif SOURCES RATE 1` (l2l, then the reference
loop: the thread's CPU time of each simulation, spikes compared) and then Brian2's
compiled project (bench/brian2_alif.py's network, built once before the first round)
whose generated main() times its run with std::clock(), i.e. CPU time. Prints every
round, then min / median / max of each time and of the per-round ratios.

Usage: /usr/bin/python3 bench/alif_interleaved.py [--rounds 7] [--seconds 10]
           [--sources 200] [--rate 50] [--bench build/release/bench/l2l_bench_snn]
Issue 18's own network: --sources 100 --rate 11.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import brian2_alif  # noqa: E402  (the Brian2 network; importing it runs nothing)

import brian2 as b2  # noqa: E402


def l2l_round(bench, seconds, sources, rate):
    out = subprocess.run([bench, f"{seconds:g}", "alif", str(sources), f"{rate:g}", "1"], check=True,
                         capture_output=True, text=True).stdout
    match = re.search(r"cpu_seconds l2l (\S+) reference (\S+) spikes (\d+) (\S+)", out)
    if match is None:
        sys.exit(f"no cpu_seconds line in the output of {bench}:\n{out}")
    return float(match[1]), float(match[2]), int(match[3]), match[4]


def brian2_round(project):
    subprocess.run(["./main"], cwd=project, check=True, capture_output=True)
    with open(os.path.join(project, "results", "last_run_info.txt")) as f:
        return float(f.read().split()[0])


def spread(values):
    return f"{min(values):.4f} / {statistics.median(values):.4f} / {max(values):.4f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--bench", default="build/release/bench/l2l_bench_snn")
    args = parser.parse_args()
    if args.rounds < 1 or args.seconds <= 0 or args.sources < 1 or args.rate <= 0:
        parser.error("rounds, seconds, sources and rate must be positive")

    project = tempfile.mkdtemp(prefix="brian2_alif_")
    b2.set_device("cpp_standalone", build_on_run=False)
    _, build_s, spikes, _, _ = brian2_alif.build_and_run("cpp_standalone", args.seconds, args.sources, args.rate,
                                                         keep=project)
    print(f"network: 1000 ALIF, {args.sources} Poisson sources at {args.rate:g} Hz, {args.seconds:g} s at dt 1 ms")
    print(f"Brian2 {b2.__version__} cpp_standalone project built in {build_s:.1f} s (wall), "
          f"{spikes / 1000 / args.seconds:.1f} Hz mean ALIF rate")

    rows = []
    print(f"{'round':>5} {'l2l CPU s':>10} {'reference':>10} {'Brian2':>10} {'l2l/ref':>8} {'Brian2/l2l':>10}  spikes")
    for r in range(args.rounds):
        l2l, reference, count, same = l2l_round(args.bench, args.seconds, args.sources, args.rate)
        brian = brian2_round(project)
        rows.append((l2l, reference, brian))
        print(f"{r + 1:>5} {l2l:>10.4f} {reference:>10.4f} {brian:>10.4f} {l2l / reference:>8.3f} "
              f"{brian / l2l:>10.3f}  {count} {same}")
    l2l, reference, brian = (list(column) for column in zip(*rows))
    print("min / median / max over the rounds (CPU seconds):")
    print(f"  l2l            {spread(l2l)}")
    print(f"  reference      {spread(reference)}")
    print(f"  Brian2         {spread(brian)}")
    print(f"  l2l/reference  {spread([a / b for a, b in zip(l2l, reference)])}")
    print(f"  Brian2/l2l     {spread([b / a for a, b in zip(l2l, brian)])}")
    print(f"  ratio of medians: l2l/reference {statistics.median(l2l) / statistics.median(reference):.3f}, "
          f"Brian2/l2l {statistics.median(brian) / statistics.median(l2l):.3f}")


if __name__ == "__main__":
    main()
