"""The layout of ARCHITECTURE.md holds: imports run down only, and modules stay small.

Every Python file of every app is parsed (tests and management commands included, and
imports inside functions too, since a lazy import is still a dependency).
"""

import ast
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. An app may import the apps of lower levels, never one of its own level
# (applications and public do not know each other) nor one above.
LEVELS = {
    "core": 0,
    "beneficiaries": 1,
    "programs": 2,
    "applications": 3,
    "public": 3,
    "reports": 4,
    "demo": 5,
    "khuyencong": 6,  # wiring: settings, urls, the Celery app
}
# Project-level test journeys and benchmarks sit on top of everything.
TOP = {"tests", "bench"}
# Source modules stay readable (tests and migrations aside).
MAX_MODULE_LINES = 600
MAX_PROGRAMS_LINES = 5000


def _python_files(folder: Path):
    return sorted(path for path in folder.rglob("*.py") if "migrations" not in path.relative_to(ROOT).parts)


def _imported_apps(path: Path) -> set[tuple[str, int]]:
    """The project's apps a file imports, with the line of each import."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LEVELS:
                found.add((top, node.lineno))
    return found


def _source_lines(path: Path) -> int:
    return len(path.read_text().splitlines())


def _is_test(path: Path) -> bool:
    return "tests" in path.relative_to(ROOT).parts


def upward_imports(root: Path = ROOT) -> list[str]:
    """Every import that runs sideways or up, as "file:line imports app"."""
    wrong = []
    for app, level in LEVELS.items():
        for path in _python_files(root / app):
            for imported, line in sorted(_imported_apps(path)):
                if imported != app and LEVELS[imported] >= level:
                    wrong.append(f"{path.relative_to(root)}:{line} imports {imported}")
    return wrong


class ImportDirectionTests(SimpleTestCase):
    def test_every_app_is_known(self):
        packages = {path.parent.name for path in ROOT.glob("*/__init__.py")}
        self.assertEqual(packages - set(LEVELS) - TOP, set(), "place the new app in LEVELS (ARCHITECTURE.md)")

    def test_imports_run_down_only(self):
        self.assertEqual(upward_imports(), [])

    def test_it_finds_an_upward_import_inside_a_function(self):
        # The check itself: a lazy import from programs into reports is caught.
        tmp = Path(self._testMethodName)
        fake = ROOT / "core" / f"_{tmp}.py"
        fake.write_text("def f():\n    from programs.models import Project\n    return Project\n")
        try:
            self.assertIn(f"core/{fake.name}:2 imports programs", upward_imports())
        finally:
            fake.unlink()


class ModuleSizeTests(SimpleTestCase):
    def test_no_source_module_is_over_600_lines(self):
        long = [
            f"{path.relative_to(ROOT)}: {_source_lines(path)}"
            for app in LEVELS
            for path in _python_files(ROOT / app)
            if not _is_test(path) and _source_lines(path) > MAX_MODULE_LINES
        ]
        self.assertEqual(long, [])

    def test_programs_stays_under_5000_lines(self):
        total = sum(_source_lines(path) for path in _python_files(ROOT / "programs") if not _is_test(path))
        self.assertLess(total, MAX_PROGRAMS_LINES)
