"""The domain and the exporters are pure in fact, not only by the linter's reading of imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PURE = ["app.domain", "exports", "exports.docx_writer", "exports.xlsx_writer", "exports.json_format", "exports.json_reader",
        "exports.importers", "exports.charts"]
WEB = ("flask", "flask_sqlalchemy", "flask_wtf", "flask_login", "flask_migrate", "sqlalchemy", "wtforms", "werkzeug")


def test_importing_the_domain_and_the_exporters_loads_no_web_or_database_library():
    program = (
        "import importlib, pkgutil, sys\n"
        "import app.domain\n"
        "for info in pkgutil.walk_packages(app.domain.__path__, 'app.domain.'):\n"
        "    importlib.import_module(info.name)\n"
        f"for name in {PURE!r}:\n"
        "    importlib.import_module(name)\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {WEB!r})\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"a pure module loads {done.stdout.strip()}"
