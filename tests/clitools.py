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
