#!/usr/bin/env python3
"""A designed genome for examples/networks/arena_adaptation_wiring.toml: the
network of bench/arena_adaptation_design.py with the memory chain's wiring
written from signed numbers, so that the outer loop searches which
projections exist and their signs (docs/meta_learning.md, section 2.11).

For every ordered pair (a, b) of the chain's populations trig, adapt and mem,
`a_b_same` is the weight from unit k of a to unit k of b (the same border
angle) and `a_b_other` the weight from unit k to every unit k2 != k (pA; a
negative weight inhibits, zero is no projection); `trig_stop` is trig's own
spikes 100 ms later (one to one). The trigger (place, reward -> trig), the
pull (mem -> gate, home), the search, the biases and adapt's beta are
bench/arena_adaptation_design.py's. DEFAULT is that design: its five chain
projections with their signs (trig -> trig, trig -> adapt, trig -> mem,
adapt -> mem, mem -> trig), the four others zero; with it the network is
arena_adaptation_memory.toml's, episode for episode.

adaptation=0 is the LIF twin: beta 0 in adapt.
  bench/arena_wiring_design.py [--out DIR] [--episodes 200] [--set NAME=V1,V2 ...] [--save FILE]
  bench/arena_wiring_design.py --write-start FILE [--set adaptation=0]
  bench/arena_wiring_design.py --write-start FILE --center examples/arena_wiring_cmaes.toml  (every chain weight 0)
  bench/arena_wiring_design.py --serve --episodes 32 [--set adaptation=0]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arena_adaptation_design  # noqa: E402
import arena_design  # noqa: E402
from arena_adaptation_design import chain_biases  # noqa: E402
from arena_design import Variant, assemble, trigger_genes  # noqa: E402

NETWORK = "examples/networks/arena_adaptation_wiring.toml"
CHAIN = ("trig", "adapt", "mem")


def chain_wiring(put, p, theta):
    """Every ordered pair of the chain from its two signed numbers (the module's text)."""
    trigger_genes(put, p, theta, "trig")
    for a in CHAIN:
        for b in CHAIN:
            for k in range(len(theta)):
                for k2 in range(len(theta)):
                    put(f"w.{a}->{b}[{k},{k2}]", p[f"{a}_{b}_same"] if k == k2 else p[f"{a}_{b}_other"])
    for k in range(len(theta)):
        put(f"w.trig_stop[{k},{k}]", p["trig_stop"])
    chain_biases(put, p, len(theta))


def design(names, p, strict=True):
    """The network's genes (pA; beta in mV)."""
    return assemble(names, p, chain_wiring, NETWORK, strict)


def wiring_of(adaptation_design):
    """The signed chain numbers of a bench/arena_adaptation_design.py parameter set (its projections' signs)."""
    q = adaptation_design
    wiring = {f"{a}_{b}_{which}": 0.0 for a in CHAIN for b in CHAIN for which in ("same", "other")}
    wiring.update(trig_trig_same=q["w_burst"], trig_trig_other=-q["w_trig_inhibit"], trig_adapt_same=q["w_force"],
                  trig_mem_same=q["w_excite"], adapt_mem_same=-q["w_inhibit"], mem_trig_other=-q["w_mem_trig"],
                  trig_stop=-q["w_stop"])
    return wiring


_CHAIN_NUMBERS = ("w_burst", "w_trig_inhibit", "w_stop", "w_force", "w_excite", "w_mem_trig", "w_inhibit")
DEFAULT = {**{k: v for k, v in arena_adaptation_design.DEFAULT.items() if k not in _CHAIN_NUMBERS},
           **wiring_of(arena_adaptation_design.DEFAULT)}

WIRING = Variant(NETWORK, "examples/arena_adaptation_wiring.toml", "examples/arena_wiring_cmaes.toml", DEFAULT,
                 design, "arena_adaptation_wiring", "bench/arena_wiring_design.py", {"adaptation": False},
                 {"adaptation": False})

if __name__ == "__main__":
    sys.exit(arena_design.main(WIRING))
