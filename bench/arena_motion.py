#!/usr/bin/python3
"""How an arena agent moves (docs/meta_learning.md, section 2): from episodes
recorded by `l2l replay RUN.h5 --episodes N --record OUT.h5`, per file the mean
over episodes of the speed (fraction of max_speed, teleports after a goal left
out), the share of steps near the border (r > 0.85 R), the angle travelled
around the centre per episode, signed (net) and unsigned, and the goals. The
memoryless border search circles at 0.9 R at full speed: net angle about
2 pi x 1.6 per 2-s episode minus the walks back to the border.

    bench/arena_motion.py OUT.h5 [OUT2.h5 ...] [--skip K] [--max-speed 5]

--skip K leaves out the first K recorded episodes (a replay records its
evaluation's own tasks first).
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--max-speed", type=float, default=5.0)
    args = parser.parse_args()
    print("| recording | episodes | speed / max | steps at r > 0.85 | net angle per episode (rad) "
          "| angle travelled (rad) | goals per episode |")
    print("|---|---|---|---|---|---|---|")
    for path in args.files:
        m = motion(path, args.skip, args.max_speed)
        print(f"| {path} | {len(m)} | {m[:, 0].mean():.2f} | {m[:, 1].mean():.2f} | {m[:, 2].mean():.2f} "
              f"| {m[:, 3].mean():.2f} | {m[:, 4].mean():.2f} |")


if __name__ == "__main__":
    main()
