#!/usr/bin/python3
"""The empty Python model of bench/command_throughput.sh: answers at once.
Process mode: one request on stdin, one answer line. Server mode (L2L_MODE=server):
one answer line per request line until end of input."""
import json
import os
import sys

if os.environ.get("L2L_MODE") == "server":
    for line in sys.stdin:
        request = json.loads(line)
        print(json.dumps({"fitness": -sum(v * v for v in request["values"])}), flush=True)
else:
    request = json.load(sys.stdin)
    print(json.dumps({"fitness": -sum(v * v for v in request["values"])}))
