"""Owns describing the machine a benchmark ran on: CPU, memory, Python, SQLite, Whoosh and the disk."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _mount_of(path: Path) -> dict[str, Any]:
    """File system type and device of the mount holding ``path`` (Linux), and whether it spins."""
    path = path.resolve()
    best: tuple[str, str, str] | None = None
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            device, mount_point, fs_type = line.split()[:3]
            if str(path).startswith(mount_point) and (best is None or len(mount_point) > len(best[1])):
                best = (device, mount_point, fs_type)
    except OSError:
        return {}
    if best is None:
        return {}
    device, mount_point, fs_type = best
    info: dict[str, Any] = {"device": device, "mount": mount_point, "fs": fs_type}
    name = Path(device).name
    rotational = Path(f"/sys/block/{name}/queue/rotational")
    if rotational.exists():
        info["rotational"] = rotational.read_text().strip() == "1"
    return info


def fsync_latency_ms(folder: Path, rounds: int = 30) -> float:
    """Median time of writing 4 KiB and fsyncing it in ``folder``: the cost of one durable write."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / ".fsync-probe"
    times = []
    with open(probe, "wb") as fh:
        for _ in range(rounds):
            fh.write(b"x" * 4096)
            fh.flush()
            start = time.perf_counter()
            os.fsync(fh.fileno())
            times.append(time.perf_counter() - start)
    probe.unlink(missing_ok=True)
    return round(statistics.median(times) * 1000, 3)


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def describe(work_dir: Path) -> dict[str, Any]:
    """Everything needed to compare figures across machines, measured where the benchmark writes."""
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "ram_gb": _memory_gb(),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "whoosh": _version("whoosh3") or _version("Whoosh") or _version("whoosh-reloaded"),
        "disk": {**_mount_of(work_dir), "fsync_4k_ms": fsync_latency_ms(work_dir)},
        "load_average_at_start": load_average(),
    }


def load_average() -> list[float] | None:
    """1, 5 and 15 minute load averages: other work on a shared machine skews timings."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None
