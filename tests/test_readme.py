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


def test_ci_installs_chromium_for_the_browser_tests():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get update && apt-get install -y chromium" in ci
    assert ci.index("apt-get install -y chromium") < ci.index(_commands()[1].strip())


def test_readme_shows_the_example_map_and_how_to_regenerate_it():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head = text[: text.index("## Usage")]
    assert "(maps/kursk-2024-08-12.png)" in head
    assert "frontmap map -o maps/kursk-2024-08-12.html --screenshot maps/kursk-2024-08-12.png" in head
    assert (ROOT / "maps" / "kursk-2024-08-12.html").stat().st_size > 100_000
    assert (ROOT / "maps" / "kursk-2024-08-12.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
