#!/usr/bin/env python3
"""A designed genome for examples/networks/arena_adaptation_memory.toml: the
remembering border search of bench/arena_design.py with its memory held in
adaptive thresholds instead of persistent activity (docs/meta_learning.md,
section 2.10). The search (place -> out) and the pull (mem -> gate, home) are
bench/arena_design.py's; the memory chain is new:

- trig unit k fires on a goal spike while the place code of border point q_k
  (delayed by one action) is active, as arena_design.py's mem units; its
  self-excitation (w_burst) makes a burst of it that a copy of its spikes
  delayed by 100 ms (w_stop) ends; trig units inhibit each other
  (w_trig_inhibit), and mem units that are on inhibit the other angles' trig
  units (w_mem_trig), so that a later goal refreshes the memory;
- each trig spike forces a spike of adapt unit k (w_force). The adapt units fire
  at 10-15 Hz on their bias current (bias_adapt), held there by a large
  adaptation (beta_adapt, tau_a 2000 ms); the burst's spikes raise unit k's
  threshold above what the bias reaches, and it falls silent, usually to the
  end of the 2-s episode: the memory;
- mem unit k (LIF, slow synapses) is driven by bias_mem and held silent by adapt
  unit k's spikes (w_inhibit); it fires while adapt unit k is silent, at about
  rate_mem, and drives gate and home; trig unit k holds it on during the burst
  (w_excite).

adaptation=0 is the LIF twin: beta 0 in adapt (the same network and parameters
otherwise; every unit is then LIF).
  bench/arena_adaptation_design.py [--out DIR] [--episodes 200] [--set NAME=V1,V2 ...] [--save FILE]
  bench/arena_adaptation_design.py --write-start FILE [--set adaptation=0]
  bench/arena_adaptation_design.py --serve --episodes 32 [--set adaptation=0]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arena_design  # noqa: E402
from arena_design import Variant, assemble, trigger_genes  # noqa: E402

NETWORK = "examples/networks/arena_adaptation_memory.toml"


def adaptation_memory(put, p, theta):
    """The chain trig -> adapt -> mem (the module's text); adaptation 0: the LIF twin."""
    trigger_genes(put, p, theta, "trig")
    for k in range(len(theta)):
        for k2 in range(len(theta)):
            put(f"w.trig->trig[{k2},{k}]", p["w_burst"] if k2 == k else -p["w_trig_inhibit"])
            if k2 != k:  # a memory keeps the other angles' triggers off; its own can refresh it
                put(f"w.mem->trig[{k},{k2}]", -p["w_mem_trig"])
        put(f"w.trig_stop[{k},{k}]", -p["w_stop"])
        put(f"w.trig->adapt[{k},{k}]", p["w_force"])
        put(f"w.trig->mem[{k},{k}]", p["w_excite"])
        put(f"w.adapt->mem[{k},{k}]", -p["w_inhibit"])
    chain_biases(put, p, len(theta))


def chain_biases(put, p, units):
    """trig without a bias, adapt and mem at theirs, adapt's beta (adaptation 0: the LIF twin)."""
    for k in range(units):
        put(f"I_e.trig[{k}]", 0.0)
        put(f"I_e.adapt[{k}]", p["bias_adapt"])
        put(f"I_e.mem[{k}]", p["bias_mem"])
    put("beta.adapt[all]", p["adaptation"] * p["beta_adapt"])


def design(names, p, strict=True):
    """The network's genes (pA; beta in mV)."""
    return assemble(names, p, adaptation_memory, NETWORK, strict)


# The design. The search and the pull as bench/arena_design.py's DEFAULT, except mem's rate when on (LIF at
# bias_mem: about 80 Hz, not 333) and mem -> gate (gate is LIF with synaptic currents here: one mem unit
# drives it to its maximum rate with 5000 pA); the memory chain: see the module's text.
DEFAULT = dict(arena_design.DEFAULT, rate_mem=80.0, w_mem_gate=5000.0,
               adaptation=True, w_burst=14000.0, w_trig_inhibit=1500.0, w_stop=20000.0, w_force=30000.0,
               w_excite=1000.0, w_mem_trig=1000.0, beta_adapt=1500.0, bias_adapt=430.0, w_inhibit=500.0, bias_mem=600.0)
DEFAULT.pop("w_hold")  # arena_design.py's persistent activity: not in this network

ADAPTATION = Variant(NETWORK, "examples/arena_adaptation_memory.toml", "examples/arena_adaptation_cmaes.toml", DEFAULT,
                     design, "arena_adaptation_memory", "bench/arena_adaptation_design.py", {"adaptation": False},
                     {"adaptation": False})

if __name__ == "__main__":
    sys.exit(arena_design.main(ADAPTATION))
