"""The committed tooling configuration holds (pyproject.toml): ruff's lint and format, and mypy.

The tools come with the test extra (``pip install -e '.[test]'``); the README's test command
runs these checks with the rest of the suite, so CI runs them too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(tool: str, *args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name(tool)
    if not exe.exists():
        pytest.fail(
            f"{tool} is not installed beside {sys.executable}: install the test extra (pip install -e '.[test]')"
        )
    return subprocess.run([str(exe), *args], cwd=ROOT, capture_output=True, text=True, timeout=900)


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "frontmap", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted():
    result = _run("ruff", "format", "--check", "frontmap", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
