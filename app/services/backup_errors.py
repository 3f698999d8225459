"""The one exception of backing up and restoring, shared by its modules (the file, the
partnerships' rows, the checks of every row, taking a backup and restoring one)."""

from __future__ import annotations


class BackupProblem(Exception):
    """A backup or restore cannot be done; the message says why and what to do."""
