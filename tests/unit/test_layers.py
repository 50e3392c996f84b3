"""The layers hold: the import-linter contracts (Qt only in ui, the layer order, SQLite only in store) and
importing every core module with Qt blocked."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CORE_PACKAGES = [
    "niger_archive.core",
    "niger_archive.store",
    "niger_archive.search",
    "niger_archive.importers",
    "niger_archive.services",
    "niger_archive.bundles",
    "niger_archive.commands",
    "niger_archive.cli",
    "niger_archive.platform",
]

BLOCK_QT = """
import importlib, pkgutil, sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6'):
            raise ImportError('PySide6 is unavailable in this test')
sys.meta_path.insert(0, BlockQt())
import niger_archive
for top in {packages!r}:
    mod = importlib.import_module(top)
    for info in pkgutil.walk_packages(getattr(mod, '__path__', []), top + '.'):
        importlib.import_module(info.name)
assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'
print('ok')
"""


def test_core_packages_import_without_pyside6():
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT.format(packages=CORE_PACKAGES)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_import_linter_contract_holds():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is part of the test extra"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


# Modules outside store/ that run SQL through a connection (``db.execute("SELECT ...")``): none left.
# A module that runs SQL outside store/ fails the test below: add a named store function instead.
SQL_OUTSIDE_STORE: set[str] = set()


def _runs_sql(path: Path) -> bool:
    import ast

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("execute", "executemany", "executescript")):
            return True
    return False


def test_sql_lives_in_store():
    package = ROOT / "niger_archive"
    running = {str(p.relative_to(ROOT)) for p in package.rglob("*.py")
               if "store" not in p.relative_to(package).parts[:1] and _runs_sql(p)}
    assert running - SQL_OUTSIDE_STORE == set(), "SQL belongs in niger_archive/store: add a named store function"


def test_services_modules_form_no_import_cycle():
    """The helpers of services/ take a narrow protocol (services/ports.py) instead of the Archive
    façade, so no chain of imports (type-checking ones included) leads from a services module back
    to itself: the façade imports its helpers, never the other way round."""
    import grimp

    graph = grimp.build_graph("niger_archive")
    services = {m for m in graph.modules if m.startswith("niger_archive.services.")}
    cycles = []
    for module in sorted(services):
        for imported in sorted(graph.find_modules_directly_imported_by(module) & services):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                cycles.append(" -> ".join((module, *back)))
    assert not cycles, "import cycles in services/:\n" + "\n".join(cycles)
