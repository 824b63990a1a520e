#!/usr/bin/env python3
"""The Python reference figure for bench/env_throughput.cpp.

Gymnasium is not installed here, so this is a pure-Python CartPole-v1 with the
same equations and the same per-step work as Gymnasium's `env.step` in a plain
Python loop (float32 observation array when NumPy is available, random actions,
reset on termination or at 500 steps). Gymnasium itself adds wrapper overhead
(TimeLimit, OrderEnforcing, PassiveEnvChecker), so this figure is an upper
bound for a Python loop over Gymnasium's CartPole.

With --gymnasium-like the loop also does the per-step work Gymnasium's
wrapped env does: the action-space membership check (Discrete.contains with
NumPy), and the TimeLimit and OrderEnforcing wrapper layers.

Usage: /usr/bin/python3 bench/python_cartpole_loop.py [seconds] [--gymnasium-like]
"""
import math
import random
import sys
import time

try:
    import numpy as np
except ImportError:  # still measures the pure-Python dynamics
    np = None


class CartPole:
    gravity = 9.8
    masscart = 1.0
    masspole = 0.1
    total_mass = masspole + masscart
    length = 0.5
    polemass_length = masspole * length
    force_mag = 10.0
    tau = 0.02
    theta_threshold_radians = 12 * 2 * math.pi / 360
    x_threshold = 2.4
    max_episode_steps = 500

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.state = None
        self.elapsed = 0

    def _obs(self):
        return np.array(self.state, dtype=np.float32) if np is not None else tuple(self.state)

    def reset(self):
        self.state = [self.rng.uniform(-0.05, 0.05) for _ in range(4)]
        self.elapsed = 0
        return self._obs()

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = self.force_mag if action == 1 else -self.force_mag
        costheta = math.cos(theta)
        sintheta = math.sin(theta)
        temp = (force + self.polemass_length * theta_dot**2 * sintheta) / self.total_mass
        thetaacc = (self.gravity * sintheta - costheta * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * costheta**2 / self.total_mass)
        )
        xacc = temp - self.polemass_length * thetaacc * costheta / self.total_mass
        x = x + self.tau * x_dot
        x_dot = x_dot + self.tau * xacc
        theta = theta + self.tau * theta_dot
        theta_dot = theta_dot + self.tau * thetaacc
        self.state = [x, x_dot, theta, theta_dot]
        terminated = (
            x < -self.x_threshold
            or x > self.x_threshold
            or theta < -self.theta_threshold_radians
            or theta > self.theta_threshold_radians
        )
        self.elapsed += 1
        truncated = self.elapsed >= self.max_episode_steps
        return self._obs(), 1.0, terminated, truncated, {}


def discrete_contains(x, n=2, start=0):
    """Gymnasium 1.x spaces.Discrete.contains."""
    if isinstance(x, int):
        as_int64 = np.int64(x)
    elif isinstance(x, (np.generic, np.ndarray)) and (np.issubdtype(x.dtype, np.integer) and x.shape == ()):
        as_int64 = np.int64(x)
    else:
        return False
    return bool(start <= as_int64 < start + n)


class CheckedCartPole(CartPole):
    def step(self, action):
        assert discrete_contains(action), f"{action!r} invalid"
        return super().step(action)


class Wrapper:
    """A pass-through layer, as TimeLimit and OrderEnforcing add one each."""

    def __init__(self, env):
        self.env = env

    def reset(self):
        return self.env.reset()

    def step(self, action):
        return self.env.step(action)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    gymnasium_like = "--gymnasium-like" in sys.argv
    seconds = float(args[0]) if args else 3.0
    if gymnasium_like and np is None:
        sys.exit("--gymnasium-like needs NumPy")
    env = Wrapper(Wrapper(CheckedCartPole(0))) if gymnasium_like else CartPole(0)
    actions = random.Random(1)
    env.reset()
    steps = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(1000):
            _, _, terminated, truncated, _ = env.step(actions.randrange(2))
            steps += 1
            if terminated or truncated:
                env.reset()
        if time.perf_counter() >= deadline:
            break
    elapsed = time.perf_counter() - start
    backend = "numpy float32 observations" if np is not None else "tuple observations"
    if gymnasium_like:
        backend += ", action check and two wrapper layers"
    print(f"python CartPole loop ({backend}): {steps / elapsed:.3e} steps/s")


if __name__ == "__main__":
    main()
