"""The README starts with the two set-up commands, and CI runs the second one."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text, flags=re.S)


def test_readme_starts_with_install_and_test_commands():
    first, second = _commands()[:2]
    assert "pip install ." in first and first.strip().endswith("frontmap affected")
    assert "pip install -e '.[test]'" in second and second.strip().endswith("-m pytest")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1].strip() in ci
