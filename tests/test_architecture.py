"""The layout of ARCHITECTURE.md holds: imports run down only, and modules stay small.

Every Python file of every app is parsed (tests and management commands included, and
imports inside functions too, since a lazy import is still a dependency).
"""

import ast
import io
import tempfile
import tokenize
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
    return sorted(path for path in folder.rglob("*.py") if "migrations" not in path.relative_to(folder).parts)


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


def _code_lines(path: Path) -> int:
    """Lines that hold code (docstrings included), as source-line counters count them: blank lines
    and comments aside, so that explaining a rule never counts against an app."""
    lines: set[int] = set()
    skipped = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)
    for token in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
        if token.type not in skipped:
            lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines)


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


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path, known: set[str]) -> set[str]:
    """The project modules a file imports when it is loaded (statements at module level only)."""
    found = set()
    for node in ast.parse(path.read_text(), filename=str(path)).body:
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from reports import services` loads reports.services; `from reports.models import X`, reports.models.
            candidates = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(name for name in candidates if name in known)
    return found


def import_cycles(root: Path = ROOT) -> list[list[str]]:
    """Cycles among the modules' load-time imports, e.g. a service importing the task that imports it."""
    files = {_module_name(path, root): path for app in LEVELS for path in _python_files(root / app)}
    graph = {name: _top_level_imports(path, set(files)) - {name} for name, path in files.items()}
    cycles, state = [], {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return cycles


class ImportDirectionTests(SimpleTestCase):
    def test_every_app_is_known(self):
        packages = {path.parent.name for path in ROOT.glob("*/__init__.py")}
        self.assertEqual(packages - set(LEVELS) - TOP, set(), "place the new app in LEVELS (ARCHITECTURE.md)")

    def test_imports_run_down_only(self):
        self.assertEqual(upward_imports(), [])

    def test_no_module_imports_one_that_imports_it_back(self):
        # A task imports its service; the service queues the task through an import inside the call.
        self.assertEqual(import_cycles(), [])

    # The checks themselves, on a small tree of their own (never in the project's folders, where
    # a test running in parallel would see the files).
    def fake_tree(self, files: dict[str, str]) -> Path:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        root = Path(folder.name)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        return root

    def test_it_finds_a_cycle_of_load_time_imports(self):
        root = self.fake_tree(
            {
                "reports/services.py": "def queue():\n    from reports.tasks import build\n",
                "reports/tasks.py": "from reports import services\n",
                "core/a.py": "from core import b\n",
                "core/b.py": "import core.a\n",
            }
        )
        self.assertEqual(import_cycles(root), [["core.a", "core.b", "core.a"]])

    def test_it_finds_an_upward_import_inside_a_function(self):
        root = self.fake_tree(
            {
                "core/money.py": "def f():\n    from programs.models import Project\n    return Project\n",
                "applications/views.py": "from public.models import Announcement\n",
                "public/views.py": "from programs.models import Project\n",
            }
        )
        self.assertEqual(
            upward_imports(root), ["core/money.py:2 imports programs", "applications/views.py:1 imports public"]
        )


class ModuleSizeTests(SimpleTestCase):
    def test_no_source_module_is_over_600_lines(self):
        long = [
            f"{path.relative_to(ROOT)}: {_source_lines(path)}"
            for app in LEVELS
            for path in _python_files(ROOT / app)
            if not _is_test(path) and _source_lines(path) > MAX_MODULE_LINES
        ]
        self.assertEqual(long, [])

    def test_programs_stays_under_5000_lines_of_code(self):
        total = sum(_code_lines(path) for path in _python_files(ROOT / "programs") if not _is_test(path))
        self.assertLess(total, MAX_PROGRAMS_LINES)

    def test_it_counts_code_not_blank_lines_or_comments(self):
        with tempfile.TemporaryDirectory() as folder:
            module = Path(folder) / "m.py"
            module.write_text('"""A rule."""\n\n# why\nX = (\n    1,\n)  # tail\n\n\ndef f():\n    return X\n')
            self.assertEqual(_code_lines(module), 6)
