#!/usr/bin/python3
"""How an arena agent moves (docs/meta_learning.md, section 2): from episodes
recorded by `l2l replay RUN.h5 --episodes N --record OUT.h5`, per file the mean
over episodes of the speed (fraction of max_speed, teleports after a goal left
out), the share of steps near the border (r > 0.85 R), the angle travelled
around the centre per episode, signed (net) and unsigned, and the goals. The
memoryless border search circles at 0.9 R at full speed: net angle about
2 pi x 1.6 per 2-s episode minus the walks back to the border.

    bench/arena_motion.py OUT.h5 [OUT2.h5 ...] [--skip K] [--max-speed 5] [--commands]

--skip K leaves out the first K recorded episodes (a replay records its
evaluation's own tasks first). --commands adds a second table: the velocity the
network asked for (the recorded action, clipped to max_speed as the arena does)
in the steps that start near the border (r > 0.85 R), split into its component
along the border (tangential, signed by the episode's main direction, so a
steady circler has a share near 1) and its outward radial component (which the
wall cuts): where an agent's speed goes.
"""
import argparse

import h5py
import numpy as np


def motion(path, skip, max_speed, action_seconds=0.01):
    rows = []
    with h5py.File(path, "r") as f:
        names = sorted(f["episodes"].keys())[skip:]
        for name in names:
            episode = f["episodes"][name]
            xy = episode["observations"][:]
            goals = int(np.sum(episode["rewards"][:] > 0.5))
            steps = np.diff(xy, axis=0)
            length = np.hypot(steps[:, 0], steps[:, 1])
            moving = length <= max_speed * action_seconds * 1.001  # not a re-placement
            angle = np.diff(np.unwrap(np.arctan2(xy[:, 1], xy[:, 0])))[moving]
            rows.append((float(np.mean(length[moving])) / (max_speed * action_seconds),
                         float(np.mean(np.hypot(xy[:, 0], xy[:, 1]) > 0.85)),
                         abs(float(np.sum(angle))), float(np.sum(np.abs(angle))), goals))
    return np.array(rows)


def commands(path, skip, max_speed):
    rows = []
    with h5py.File(path, "r") as f:
        for name in sorted(f["episodes"].keys())[skip:]:
            episode = f["episodes"][name]
            xy = episode["observations"][:-1]
            v = episode["actions"][:].astype(float)
            norm = np.hypot(v[:, 0], v[:, 1])
            v *= np.minimum(1.0, max_speed / np.maximum(norm, 1e-12))[:, None]  # the arena's clipping
            r = np.hypot(xy[:, 0], xy[:, 1])
            border = r > 0.85
            if not np.any(border):
                continue
            u = xy[border] / r[border, None]
            radial = np.sum(v[border] * u, axis=1)
            tangential = v[border, 1] * u[:, 0] - v[border, 0] * u[:, 1]
            direction = 1.0 if np.sum(tangential) >= 0 else -1.0
            rows.append((float(np.mean(np.hypot(v[:, 0], v[:, 1]))) / max_speed,
                         float(np.mean(direction * tangential)) / max_speed,
                         float(np.mean(np.maximum(radial, 0.0))) / max_speed,
                         float(np.mean(np.hypot(v[border, 0], v[border, 1]) < 1e-9))))
    return np.array(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--max-speed", type=float, default=5.0)
    parser.add_argument("--commands", action="store_true")
    args = parser.parse_args()
    print("| recording | episodes | speed / max | steps at r > 0.85 | net angle per episode (rad) "
          "| angle travelled (rad) | goals per episode |")
    print("|---|---|---|---|---|---|---|")
    for path in args.files:
        m = motion(path, args.skip, args.max_speed)
        print(f"| {path} | {len(m)} | {m[:, 0].mean():.2f} | {m[:, 1].mean():.2f} | {m[:, 2].mean():.2f} "
              f"| {m[:, 3].mean():.2f} | {m[:, 4].mean():.2f} |")
    if not args.commands:
        return
    print()
    print("| recording | episodes near the border | commanded speed / max | at r > 0.85: along the border / max "
          "| at r > 0.85: outward (cut by the wall) / max | at r > 0.85: steps standing still |")
    print("|---|---|---|---|---|---|")
    for path in args.files:
        c = commands(path, args.skip, args.max_speed)
        print(f"| {path} | {len(c)} | {c[:, 0].mean():.2f} | {c[:, 1].mean():.2f} | {c[:, 2].mean():.2f} "
              f"| {c[:, 3].mean():.2f} |")


if __name__ == "__main__":
    main()
