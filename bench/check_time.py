#!/usr/bin/env python3
"""Time `driftlint check --format json` over every repository of shared/corpus/realworld
with several driftlint binaries, interleaved in one run (the same machine load for all).

    python3 bench/check_time.py 9 before=/tmp/driftlint-before now=target/release/driftlint
    python3 bench/check_time.py 9 all=target/release/driftlint some=target/release/driftlint,cfg.yml

`name=binary,config.yml` runs with `--config config.yml` (to turn rule families off). Set
RAYON_NUM_THREADS=1 on a busy machine: waiting worker threads spin, which counts as CPU time.

Prints per binary the wall time and the CPU time (user + sys of the process) of the runs,
min and median, after one warm-up run each. CPU time is the figure to compare on a busy
machine: wall time there mostly measures the other processes.
"""

import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

CRATE = Path(__file__).resolve().parent.parent


def corpus() -> Path | None:
    for c in [CRATE.parent / "shared", CRATE.parent.parent / "shared"]:
        if (c / "corpus" / "realworld").is_dir():
            return c / "corpus" / "realworld"
    return None


def run(spec: str, repos: list[str]) -> tuple[float, float]:
    exe, _, config = spec.partition(",")
    args = ["--config", config] if config else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = os.times().elapsed
    subprocess.run([exe, "check", "--format", "json", "--fail-on", "never", *args, *repos],
                   capture_output=True, check=False)
    wall = os.times().elapsed - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    rw = corpus()
    if rw is None:
        print("skipped: no shared/corpus/realworld")
        return 0
    repos = sorted(str(p) for p in rw.iterdir() if p.is_dir())
    runs = int(sys.argv[1])
    binaries = dict(a.split("=", 1) for a in sys.argv[2:])
    wall = {k: [] for k in binaries}
    cpu = {k: [] for k in binaries}
    for exe in binaries.values():
        run(exe, repos)
    for _ in range(runs):
        for name, exe in binaries.items():
            w, c = run(exe, repos)
            wall[name].append(w)
            cpu[name].append(c)
    for name in binaries:
        print(f"{name}: wall min {min(wall[name]) * 1000:.0f} ms, median "
              f"{statistics.median(wall[name]) * 1000:.0f} ms; cpu min {min(cpu[name]) * 1000:.0f} ms, "
              f"median {statistics.median(cpu[name]) * 1000:.0f} ms ({runs} runs)")
    print("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()), f"on {os.cpu_count()} cpus")
    return 0


if __name__ == "__main__":
    sys.exit(main())
