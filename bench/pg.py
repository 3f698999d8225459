"""A throwaway PostgreSQL cluster for the benchmark, through the project's own script.

`scripts/pg-test-cluster.sh start` prints shell `export` lines; we read them, and always stop
(and remove) the cluster when the benchmark ends, however it ends.
"""

from __future__ import annotations

import shlex
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "pg-test-cluster.sh"


@dataclass(frozen=True)
class Cluster:
    directory: str
    port: int
    url: str  # postgresql+psycopg://postgres@127.0.0.1:PORT/ehsg_test

    def database_url(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + "/" + name

    def create_database(self, name: str) -> str:
        """A further empty database in the same cluster; returns its URL."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.database_url(name)


def _exports(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        if line.startswith("export "):
            name, _, value = line[len("export "):].partition("=")
            found[name] = shlex.split(value)[0] if value else ""
    return found


@contextmanager
def cluster():
    started = subprocess.run(["bash", str(SCRIPT), "start"], cwd=ROOT, capture_output=True, text=True)
    if started.returncode != 0:
        raise RuntimeError("Could not start a PostgreSQL cluster for the benchmark:\n" + started.stderr[-3000:])
    values = _exports(started.stdout)
    found = Cluster(values["PGTEST_DIR"], int(values["PGTEST_PORT"]), values["TEST_DATABASE_URL"])
    try:
        yield found
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", found.directory], cwd=ROOT, capture_output=True, text=True)
