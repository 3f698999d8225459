"""CPU time of a process and its children, from /proc (Linux only)."""

from __future__ import annotations

import os
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()  # fields from the state on (field 3)


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields and int(fields[1]) == pid:
                found.append(int(entry))
    return found


def cpu_seconds(root_pid: int) -> float:
    """CPU time used so far by a process, its finished children and its live children."""
    total = 0.0
    fields = _stat(root_pid)
    if fields:
        total += sum(int(f) for f in fields[11:15]) / _TICK  # utime stime cutime cstime
    for child in _children(root_pid):
        fields = _stat(child)
        if fields:
            total += sum(int(f) for f in fields[11:13]) / _TICK
    return total
