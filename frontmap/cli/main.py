"""The ``frontmap`` group: logging flags, lazy commands, one-line errors, clean exits.

Commands are imported only when invoked, so ``frontmap contains`` does not
pay for geopandas or folium, and ``frontmap --help`` imports none of them:
it lists the commands from :data:`SHORT_HELP` (a test keeps it equal to each
command's own ``short_help``), so it loads no numpy, shapely or pyproj.  Every error is printed as one ``Error:`` line
(an ambiguous or unknown place adds its candidates below it); never a
traceback.  Exit codes:

* 0: done.
* 1: a runtime failure that is not the input's fault (an output that
  failed part way, e.g. a full disk; Chromium failing; an internal error,
  whose traceback ``-vv`` shows).
* 2: bad input: a flag, a file, or an output path that cannot be used
  (missing or unwritable folder, name too long, exists without
  ``--overwrite``, a directory), or standard output closed.
* 130, 143, 129: interrupted by SIGINT (Ctrl-C), SIGTERM or SIGHUP, after
  removing every temporary file (128 + the signal's number).
* 141: the reader of standard output went away (``frontmap ... | head``);
  nothing more is printed, as a filter killed by SIGPIPE would.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import os
import signal
import sys
import threading
import warnings

import click

log = logging.getLogger(__name__)

#: Command name → module under frontmap.cli holding a click command of that
#: name (with a trailing underscore where the name is a builtin's).
COMMANDS = {
    "zone": "zone",
    "affected": "affected",
    "contains": "contains",
    "compare": "compare",
    "fit": "fit",
    "map": "map",
    "timeline": "timeline",
    "data": "data",
    "claims": "claims",
}

#: Command name → its one-line help, as ``frontmap --help`` lists it without importing the command.
SHORT_HELP = {
    "affected": "List the settlements inside a zone.",
    "claims": "Extract depths, widths, settlement counts, areas, evacuations, dates and named places from "
    "English, Russian or Ukrainian text.",
    "compare": "Compare a zone with a reference polygon: IoU, areas, depths, settlements.",
    "contains": "Say whether places are inside a zone (exit 0 all inside, 1 any outside).",
    "data": "Rebuild or describe the shipped data layers.",
    "fit": "Fit a zone to claimed numbers (settlements, area, depth, width).",
    "map": "Draw a zone on a self-contained interactive map (HTML).",
    "timeline": "Map a claim file's dated claims as zones on a time slider.",
    "zone": "Build a zone and print it as GeoJSON.",
}

#: Exit codes of a run cut short by a signal or by its reader (128 + the signal's number).
EXIT_SIGPIPE = 128 + signal.SIGPIPE
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class _Terminated(BaseException):
    """A SIGTERM or SIGHUP: raised in the main thread so every ``finally`` (temporary files) runs.

    A BaseException, so no ``except Exception`` on the way swallows it.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class _ReaderGone(BaseException):
    """Standard output's reader closed the pipe (kept away from click's own EPIPE handling)."""


def _on_signal(signum, frame):
    for sig in _SIGNALS:  # a second signal must not cut the clean-up short
        signal.signal(sig, signal.SIG_IGN)
    raise _Terminated(signum)


class _StandardOutput(io.RawIOBase):
    """File descriptor 1 under ``sys.stdout``: a failed write becomes a frontmap error naming
    standard output (closed: OutputError, exit 2; full: OutputWriteError, exit 1).
    """

    def __init__(self, fd: int | None):
        super().__init__()
        self.fd = fd
        self.discard = False

    def writable(self):
        return True

    def fileno(self):
        if self.fd is None:
            raise io.UnsupportedOperation("standard output is closed")
        return self.fd

    def isatty(self):
        return self.fd is not None and os.isatty(self.fd)

    def write(self, data):
        from ..errors import OutputError

        if self.discard:
            return len(data)
        if self.fd is None:
            raise OutputError("standard output is closed: redirect it to a file, or write to one with -o FILE")
        try:
            return os.write(self.fd, data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            from ..export import output_error

            raise output_error("to standard output", exc) from None


def _fill_closed_descriptors() -> None:
    """Put /dev/null on a closed 0, 1 or 2 so that no file frontmap opens (or a child inherits)
    lands on it; ``sys.stdin``/``sys.stdout`` stay as Python found them.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            new = os.open(os.devnull, os.O_RDWR)
            if new != fd:
                os.dup2(new, fd)
                os.close(new)


@contextlib.contextmanager
def _process_guards():
    """For a run as the process's own command (not under CliRunner): signal handlers that
    unwind, and a standard output whose failures are errors.
    """
    saved_handlers = {}
    if threading.current_thread() is threading.main_thread():
        for sig in _SIGNALS:
            saved_handlers[sig] = signal.signal(sig, _on_signal)
    saved_stdout = sys.stdout
    saved_showwarning = warnings.showwarning
    warnings.showwarning = _log_warning
    guarded = None
    if sys.stdout is None or (sys.stdout is sys.__stdout__ and _has_fd(sys.stdout, 1)):
        closed = sys.stdout is None
        if not closed:
            sys.stdout.flush()
        _fill_closed_descriptors()
        raw = _StandardOutput(None if closed else 1)
        # Always UTF-8, as frontmap's files are: GeoJSON, CSV and Cyrillic names in a
        # latin-1 or ASCII locale (PYTHONIOENCODING=latin-1) failed with an encoding error.
        guarded = io.TextIOWrapper(
            io.BufferedWriter(raw),
            encoding="utf-8",
            errors=getattr(saved_stdout, "errors", None) or "strict",
            line_buffering=raw.isatty(),
        )
        sys.stdout = guarded
    try:
        yield
    finally:
        warnings.showwarning = saved_showwarning
        if guarded is not None:
            _silence_stdout()
            sys.stdout = saved_stdout
        for sig, handler in saved_handlers.items():
            signal.signal(sig, handler)


def _log_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A Python warning from a library (numpy's "invalid value encountered ...") is a debug
    message (-vv), not two lines of someone else's source code on the user's terminal.
    """
    log.debug("%s: %s (%s:%s)", category.__name__, message, filename, lineno)


def _has_fd(stream, fd: int) -> bool:
    try:
        return stream.fileno() == fd
    except (AttributeError, OSError, ValueError):
        return False


def _silence_stdout() -> None:
    """Drop whatever standard output still holds, so exiting prints no 'Exception ignored'."""
    stream = sys.stdout
    raw = getattr(getattr(stream, "buffer", None), "raw", None)
    if isinstance(raw, _StandardOutput):
        raw.discard = True
        with contextlib.suppress(Exception):
            stream.flush()
        return
    if stream is None:
        return
    # Python's recipe for a broken pipe: point the descriptor at /dev/null.
    with contextlib.suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def _say(line: str) -> None:
    """A message on stderr, unless stderr itself is gone.  Messages quote values from files
    and flags, so their control characters are shown as escapes, never sent to the terminal.
    """
    from ..textsafe import terminal_text

    with contextlib.suppress(Exception):
        click.echo(terminal_text(line, keep_newlines=True), err=True)


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class FrontmapGroup(click.Group):
    """A group that loads its commands lazily and prints errors on one line."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def format_commands(self, ctx, formatter):
        """The command list of ``frontmap --help``, from :data:`SHORT_HELP`: no command is imported."""
        rows = [(name, SHORT_HELP[name]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module = importlib.import_module(f"frontmap.cli.{COMMANDS[name]}")
        return getattr(module, name, None) or getattr(module, f"{name}_")

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise _ReaderGone() from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            with _process_guards():
                code = self._run(args, prog_name, complete_var, **extra)
        except _Terminated as exc:  # arrived between the command's end and the handlers' removal
            code = 128 + exc.signum
        sys.exit(code)

    def _run(self, args, prog_name, complete_var, **extra) -> int:
        """Run a command; the exit code, every error printed on one line."""
        from ..errors import FrontmapError

        try:
            try:
                rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
                if sys.stdout is not None:
                    sys.stdout.flush()  # here, not at exit, where a failure could only be ignored
                return rv if isinstance(rv, int) else 0
            except BrokenPipeError:
                raise _ReaderGone() from None
        except (click.ClickException, click.Abort) as exc:
            return _click_exit(exc)
        except (KeyboardInterrupt, _Terminated, _ReaderGone) as exc:
            return _interrupted_exit(exc)
        except SystemExit as exc:
            return _system_exit(exc)
        except FrontmapError as exc:  # one that escaped a command's translate_errors: the same exit code
            return _escaped_error_exit(exc)
        except Exception as exc:  # the last net: a bug, not the user's input
            return _internal_error_exit(exc)


def _click_exit(exc: click.ClickException | click.Abort) -> int:
    """A usage error, click's own error or an abort: its message on one line, its exit code."""
    if isinstance(exc, click.UsageError):
        _say(f"Error: {exc.format_message()}")
        return exc.exit_code
    if isinstance(exc, click.ClickException):
        if sys.stderr is not None:  # with stderr closed click would print the error on stdout
            _say(f"Error: {exc.format_message()}")
        return exc.exit_code
    _say("Aborted!")
    return 128 + signal.SIGINT if isinstance(exc.__cause__, KeyboardInterrupt) else 1


def _interrupted_exit(exc: KeyboardInterrupt | _Terminated | _ReaderGone) -> int:
    """Ctrl-C, a termination signal, or the reader of stdout gone: the shell's exit code for it."""
    if isinstance(exc, KeyboardInterrupt):
        _say("Aborted!")
        return 128 + signal.SIGINT
    if isinstance(exc, _Terminated):
        _say(f"Aborted! ({signal.Signals(exc.signum).name})")
        return 128 + exc.signum
    _silence_stdout()
    return EXIT_SIGPIPE


def _system_exit(exc: SystemExit) -> int:
    """The exit code of a closed pipe when click's own EPIPE handling (a broken pipe while printing
    --help) wrapped stdout and exited 1; any other exit goes on.
    """
    wrapped = getattr(sys.stdout, "wrapped", None)
    if type(sys.stdout).__name__ == "_PacifyFlushWrapper" and wrapped is not None:
        sys.stdout = wrapped
        _silence_stdout()
        return EXIT_SIGPIPE
    raise exc


def _escaped_error_exit(exc: Exception) -> int:
    """A FrontmapError that escaped a command's translate_errors: the exit code it would have had."""
    from .options import translate_errors

    _silence_stdout()
    try:
        with translate_errors():
            raise exc
    except click.ClickException as translated:
        _say(f"Error: {translated.format_message()}")
        return translated.exit_code
    return 1


def _internal_error_exit(exc: Exception) -> int:
    """A bug, not the user's input: one line asking for a report (the traceback with -vv)."""
    log.debug("internal error", exc_info=True)
    try:
        message = _one_line(str(exc))
    except Exception:
        message = "(no message)"
    _say(f"Error: internal error: {type(exc).__name__}: {message} (please report this; run with -vv for the traceback)")
    return 1


@click.group(cls=FrontmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log messages on stderr (-vv for debug).")
@click.option("-q", "--quiet", count=True, help="Fewer log messages on stderr (errors only).")
@click.version_option(package_name="frontmap")
def cli(verbose: int, quiet: int) -> None:
    """Turn front-line claims into zones, settlement lists, GeoJSON and maps.

    A zone is given by an anchor place, a front width along the border and a
    depth (defaults: the Kursk governor's claim of 12 August 2024, 12 km deep
    along a 40 km front at Sudzha), or by --zone FILE with any polygon.
    Data goes to stdout, messages to stderr.
    """
    level = logging.WARNING + 10 * (quiet - verbose)
    logging.basicConfig(
        level=max(logging.DEBUG, min(level, logging.CRITICAL)),
        format="frontmap: %(levelname)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
