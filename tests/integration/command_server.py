#!/usr/bin/python3
"""The test model of command_runs.sh, server mode: one JSON request per line on
stdin, one answer per line on stdout. Fails on purpose at fixed places:
generation 1, individual 1 answers broken JSON; 2 kills the server (exit 4);
3 answers NaN; generation 2, individual 1 hangs (eval_timeout).
MODEL_DELAY (seconds) slows it down, for the interrupt tests."""
import json
import os
import sys
import time

delay = float(os.environ.get("MODEL_DELAY", "0"))
print("server: started", file=sys.stderr, flush=True)
for line in sys.stdin:
    request = json.loads(line)
    if delay:
        time.sleep(delay)
    place = (request["generation"], request["individual"])
    if place == (1, 1):
        print('{"fitness": oops', flush=True)
        continue
    if place == (1, 2):
        print("server: dying on purpose", file=sys.stderr, flush=True)
        sys.exit(4)
    if place == (1, 3):
        print(json.dumps({"fitness": float("nan")}), flush=True)
        continue
    if place == (2, 1):
        time.sleep(30)
    x, y = request["genes"]["x"], request["genes"]["y"]
    r1, r2 = x - 1.0, y + 2.0 + (request["seed"] % 7) * 1e-3
    print("a line that is not an answer", flush=True)
    print(json.dumps({"fitness": -(r1 * r1 + r2 * r2), "outputs": [r1, r2],
                      "info": {"seed_mod": request["seed"] % 1000}}), flush=True)
