#!/usr/bin/python3
"""A plain-Python model for `optimizee = "command"`, process mode (rosenbrock.toml).

l2l starts this script once per evaluation in the evaluation's own folder. The
request is the JSON on stdin (the same as ./genome.json):
    {"generation": 0, "individual": 3, "task": 0, "seed": 1234,
     "genes": {"x0": 0.5, "x1": -1.2, ...}, "values": [...], "workdir": "..."}
The answer is one JSON object on the last line of stdout: the fitness (higher is
better, so minus the Rosenbrock function) and, optionally, named scalars in
"info" (recorded as /generations/info/<key>) and "outputs" (the EnKF's observations).
"""
import json
import sys

request = json.load(sys.stdin)
x = [request["genes"][name] for name in sorted(request["genes"])]
value = sum(100.0 * (b - a * a) ** 2 + (1.0 - a) ** 2 for a, b in zip(x, x[1:]))
distance = sum((v - 1.0) ** 2 for v in x) ** 0.5
print(json.dumps({"fitness": -value, "info": {"distance_to_optimum": distance}}))
