"""The type check (`make typecheck`, mypy with django-stubs) catches the mistakes pyproject.toml says it does.

mypy runs with the project's own configuration on a throwaway services module that makes each
mistake once, and must name every one of them, and nothing else.
"""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None or importlib.util.find_spec("mypy_django_plugin") is None,
    reason="mypy and django-stubs are not installed (make install brings them from requirements-dev.txt)",
)

SAMPLE = """\
from decimal import Decimal

from django.utils.translation import gettext_lazy


def ceiling(amount: Decimal | None) -> Decimal:
    return amount


def title(text: str) -> str:
    return text.upper()


def label() -> str:
    return title(gettext_lazy("Hồ sơ đề nghị hỗ trợ"))


def share(amount: Decimal, parts) -> Decimal:
    return amount / parts
"""


def test_mypy_reports_a_none_returned_as_decimal_a_lazy_string_passed_as_str_and_an_incomplete_def(tmp_path):
    sample = tmp_path / "sample_services.py"
    sample.write_text(SAMPLE, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            str(sample),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = sorted(
        (int(line), code)
        for line, code in re.findall(r"sample_services\.py:(\d+): error: .*\[([a-z-]+)\]$", result.stdout, re.M)
    )
    assert errors == [(7, "return-value"), (15, "arg-type"), (18, "no-untyped-def")], result.stdout + result.stderr
    assert 'got "Decimal | None", expected "Decimal"' in result.stdout
    assert '"_StrPromise"; expected "str"' in result.stdout
    assert result.returncode == 1
