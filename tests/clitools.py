"""Helpers shared by the tests/test_cli_*.py files."""

from click.testing import CliRunner

from frontmap.cli.main import cli


def invoke(args, **kwargs):
    """Run ``frontmap ARGS`` in-process; stdout and stderr stay separate."""
    return CliRunner().invoke(cli, args, **kwargs)


def assert_bad_input(result, needles, *, multiline=False):
    """Exit 2, one 'Error:' line on stderr naming the value (candidates below it if
    ``multiline``), no traceback, nothing on stdout."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.exc_info is None or result.exc_info[0] is SystemExit, result.exc_info
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and lines[0].startswith("Error: "), result.stderr
    assert (len(lines) > 1) if multiline else (len(lines) == 1), result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines


# ---------------------------------------------------------------------------
# Hostile input: the guarantees every run must keep (see the test_hostile_*.py files)

import hashlib  # noqa: E402
import os  # noqa: E402
import stat  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def snapshot(folder) -> dict:
    """Every entry under ``folder`` (not following symlinks): kind, mode, size and content hash,
    so a test can assert that a refused run created, truncated or replaced nothing."""
    out = {}
    folder = Path(folder)
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        entry = (stat.S_IFMT(st.st_mode), st.st_ino, st.st_size)
        if stat.S_ISREG(st.st_mode):
            entry += (hashlib.sha256(path.read_bytes()).hexdigest(),)
        elif stat.S_ISLNK(st.st_mode):
            entry += (os.readlink(path),)
        out[str(path.relative_to(folder))] = entry
    return out


def assert_no_traceback(result) -> None:
    """A CliRunner result that ended in an exit, not an exception, and printed no traceback."""
    assert result.exc_info is None or result.exc_info[0] is SystemExit, result.exc_info
    assert "Traceback" not in result.output, result.output


def run_frontmap(args, *, stdin=subprocess.DEVNULL, cwd=None, timeout=120, env=None, **kwargs):
    """``frontmap ARGS`` in a fresh Python process (for closed streams, signals and exit paths
    that CliRunner cannot show); returns the CompletedProcess with bytes output."""
    code = "import sys; from frontmap.cli.main import cli; cli(sys.argv[1:], prog_name='frontmap')"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        stdin=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=timeout,
        env=env,
        **kwargs,
    )


def assert_one_line_error(stderr: bytes | str, *needles) -> str:
    """stderr holds exactly one non-blank line, an ``Error:`` naming each needle, and no traceback."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("note:")]
    assert len(lines) == 1 and lines[0].startswith("Error: "), text
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]
