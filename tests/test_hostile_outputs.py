"""Hostile outputs: paths, special files, streams, signals and exit paths (issue 9).

Each test pins one class of defect a hostile-input review found: a traceback
or a lost/replaced file where there must be one ``Error:`` line and nothing
changed.  Fresh processes (``run_frontmap`` or :func:`popen`) cover what
CliRunner cannot show: closed and broken streams, signals, a deleted working
directory.
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from clitools import assert_bad_input, assert_no_traceback, assert_one_line_error, invoke, run_frontmap, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontmap import export
from frontmap.errors import OutputError, OutputWriteError

CODE = "import sys; from frontmap.cli.main import cli; cli(sys.argv[1:], prog_name='frontmap')"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def popen(args, cwd, **kwargs) -> subprocess.Popen:
    """``frontmap ARGS`` in a fresh process we can signal."""
    return subprocess.Popen([sys.executable, "-c", CODE, *args], cwd=cwd, stdin=subprocess.DEVNULL, **kwargs)


def wait_for(predicate, timeout=90.0):
    """Poll until ``predicate()`` is true (no timing is asserted: the timeout only stops a hang)."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def leftovers(folder) -> list[str]:
    """Temporary files a run may leave: write_output's ``.*.tmp`` and the screenshot's ``.frontmap-*``."""
    return sorted(p.name for p in Path(folder).iterdir() if p.name.startswith(".") or p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def zone_text() -> str:
    result = invoke(["zone"])
    assert result.exit_code == 0
    return result.stdout


# ---------------------------------------------------------------------------
# 1. Paths that cannot be written: one line naming the path, exit 2, nothing left


LONG = "a" * 300 + ".geojson"


@pytest.mark.parametrize(
    "path, needles",
    [
        ("/proc/x.geojson", ["/proc/x.geojson", "/proc"]),
        ("{tmp}/" + LONG, [LONG, "308 bytes", "255"]),
        ("{tmp}/no/such/dir/out.geojson", ["out.geojson", "does not exist"]),
        ("{tmp}/a-file/out.geojson", ["out.geojson", "is not a directory"]),
        ("{tmp}/", ["directory"]),
        ("{tmp}/sub", ["sub", "is a directory"]),
        ("{tmp}/out.geojson/", ["out.geojson", "directory"]),
    ],
)
@pytest.mark.parametrize("command", [["zone"], ["affected", "--format", "csv"]])
def test_an_unusable_output_path_is_one_line_exit_2_and_nothing_made(tmp_path, path, needles, command):
    (tmp_path / "a-file").write_text("keep")
    (tmp_path / "sub").mkdir()
    path = path.format(tmp=tmp_path)
    before = snapshot(tmp_path)
    result = invoke([*command, "-o", path])
    assert_bad_input(result, needles)
    assert snapshot(tmp_path) == before


def test_an_unwritable_folder_is_refused_before_any_work_even_for_root(tmp_path, monkeypatch):
    """access() says yes to root; the check makes a file instead.  A read-only folder for a
    non-root user, /proc (which takes no new file even from root) for everyone."""

    def never(*args, **kwargs):
        raise AssertionError("the zone was built before the output was checked")

    monkeypatch.setattr("frontmap.zone.build_zone", never)
    with pytest.raises(OutputError, match="/proc"):
        export.check_output("/proc/zone.geojson")
    assert_bad_input(invoke(["zone", "-o", "/proc/zone.geojson"]), ["'/proc/zone.geojson'"])


def test_an_empty_name_is_refused():
    with pytest.raises(OutputError, match="empty"):
        export.check_output("")
    assert_bad_input(invoke(["zone", "-o", ""]), ["empty"])


def test_a_nul_in_a_name_is_refused(tmp_path):
    with pytest.raises(OutputError, match="NUL"):
        export.write_output("x", f"{tmp_path}/a\0b")
    assert list(tmp_path.iterdir()) == []


NAMES = st.text(st.characters(blacklist_characters="/", blacklist_categories=("Cs",)), max_size=300) | st.sampled_from(
    ["", ".", "..", "...", "-", " ", "\n", "a\0b", "\udcff.geojson", "é" * 128, "é" * 127 + ".", "x" * 255, "x" * 256]
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES)
def test_any_name_is_written_exactly_or_refused_with_nothing_left(tmp_path, name):
    """Whatever the name (dots, NUL, newlines, 256 bytes, non-ASCII, undecodable bytes), write_output
    either puts exactly the bytes at that name, alone in its folder, or raises a one-line
    OutputError and leaves the folder empty (no temporary)."""
    folder = tmp_path / "out"
    folder.mkdir()
    try:
        try:
            written = export.write_output("data\n", f"{folder}/{name}")
        except OutputError as exc:
            assert "\n" not in str(exc)
            assert os.listdir(folder) == []
        else:
            assert len(os.fsencode(name)) <= 255 and name not in ("", ".", "..")
            assert os.listdir(folder) == [name]
            assert written.read_bytes() == b"data\n"
    finally:
        for entry in os.listdir(folder):
            os.unlink(os.path.join(folder, entry))
        folder.rmdir()


@pytest.mark.skipif(not IS_ROOT, reason="making a device node needs root")
def test_a_full_disk_is_one_line_exit_1_and_the_device_stays(tmp_path):
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # a /dev/full of our own
    result = invoke(["zone", "-o", str(full), "--overwrite"])
    assert_no_traceback(result)
    assert result.exit_code == 1, result.output
    assert_one_line_error(result.stderr, str(full), "No space left on device")
    assert stat.S_ISCHR(full.lstat().st_mode) and full.lstat().st_rdev == os.makedev(1, 7)
    assert leftovers(tmp_path) == []


def test_a_full_disk_while_staging_leaves_no_temporary(tmp_path, monkeypatch):
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "fdopen", lambda fd, *a, **k: Full(real_fdopen(fd, *a, **k)))
    (tmp_path / "old.geojson").write_text("old")
    with pytest.raises(OutputWriteError, match="old.geojson.*No space left"):
        export.write_output("new", tmp_path / "old.geojson", overwrite=True)
    assert sorted(os.listdir(tmp_path)) == ["old.geojson"]
    assert (tmp_path / "old.geojson").read_text() == "old"


def test_stdout_on_a_full_disk_is_one_line_exit_1():
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-c", CODE, "zone"], stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert_one_line_error(proc.stderr, "standard output", "No space left on device")
    assert b"Exception ignored" not in proc.stderr


@pytest.mark.parametrize("args, name", [(["zone", "-o", "zone.geojson"], "zone.geojson"), (["map"], ".html")])
def test_a_deleted_working_directory_is_one_line_exit_2(tmp_path, args, name):
    gone = tmp_path / "gone"
    gone.mkdir()
    code = "import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); " + CODE.replace(
        "sys.argv[1:]", "sys.argv[2:]"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(gone), *args], capture_output=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert_one_line_error(proc.stderr, name, "current directory no longer exists")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------
# 2. Harm to files: FIFOs, devices, sockets, symlinks are never replaced


def test_overwrite_streams_into_a_fifo_and_keeps_it(tmp_path, zone_text):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        result = invoke(["zone", "-o", str(fifo), "--overwrite"])
    finally:
        # If the write never opened the FIFO, the reader still waits in open(): a writer that
        # opens without blocking and closes lets it go.  A blocking open here would wait for
        # ever when the reader has just read everything and is about to finish.
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:  # ENXIO: no reader has the FIFO open
            pass
        reader.join(30)
    assert result.exit_code == 0, result.output
    assert received == [zone_text.encode("utf-8")]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert leftovers(tmp_path) == []


def test_a_fifo_without_overwrite_is_refused_and_kept(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    before = snapshot(tmp_path)
    assert_bad_input(invoke(["zone", "-o", str(fifo)]), [str(fifo), "FIFO", "--overwrite"])
    assert snapshot(tmp_path) == before


def test_overwrite_writes_to_dev_null_and_it_stays_a_device():
    before = os.lstat("/dev/null")
    result = invoke(["zone", "-o", "/dev/null", "--overwrite"])
    assert result.exit_code == 0, result.output
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert not [p for p in os.listdir("/dev") if p.startswith(".null.")]


def test_dev_null_without_overwrite_is_refused():
    assert_bad_input(invoke(["zone", "-o", "/dev/null"]), ["/dev/null", "character device", "--overwrite"])
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_socket_is_refused_even_with_overwrite(tmp_path):
    path = tmp_path / "s"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
        before = snapshot(tmp_path)
        assert_bad_input(invoke(["zone", "-o", str(path), "--overwrite"]), [str(path), "socket"])
        assert snapshot(tmp_path) == before
    finally:
        sock.close()


def test_a_dangling_symlink_counts_as_existing(tmp_path):
    link = tmp_path / "out.geojson"
    link.symlink_to(tmp_path / "elsewhere.geojson")
    before = snapshot(tmp_path)
    assert_bad_input(invoke(["zone", "-o", str(link)]), [str(link), "symbolic link", "--overwrite"])
    assert snapshot(tmp_path) == before


def test_overwrite_writes_through_a_dangling_symlink_and_keeps_it(tmp_path, zone_text):
    link = tmp_path / "out.geojson"
    link.symlink_to("elsewhere.geojson")
    result = invoke(["zone", "-o", str(link), "--overwrite"])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == "elsewhere.geojson"
    assert (tmp_path / "elsewhere.geojson").read_text() == zone_text
    assert leftovers(tmp_path) == []


def test_overwrite_replaces_the_file_a_symlink_points_to_and_keeps_the_link(tmp_path, zone_text):
    real = tmp_path / "real"
    real.mkdir()
    (real / "zone.geojson").write_text("old")
    os.chmod(real / "zone.geojson", 0o640)
    link = tmp_path / "link.geojson"
    link.symlink_to(real / "zone.geojson")
    result = invoke(["zone", "-o", str(link), "--overwrite"])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert (real / "zone.geojson").read_text() == zone_text
    assert stat.S_IMODE((real / "zone.geojson").stat().st_mode) == 0o640  # the replaced file's mode is kept
    assert leftovers(tmp_path) == [] and leftovers(real) == []


def test_a_symlink_loop_is_one_line(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    before = snapshot(tmp_path)
    assert_bad_input(invoke(["zone", "-o", str(tmp_path / "a"), "--overwrite"]), [str(tmp_path / "a")])
    assert snapshot(tmp_path) == before


def test_a_file_that_appears_meanwhile_is_not_clobbered(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    real_stage = export._stage

    def stage_then_race(data, t, temps):
        real_stage(data, t, temps)
        target.write_text("theirs")

    monkeypatch.setattr(export, "_stage", stage_then_race)
    with pytest.raises(OutputError, match="appeared"):
        export.write_output("ours", target)
    assert target.read_text() == "theirs"
    assert sorted(os.listdir(tmp_path)) == ["out.txt"]


@pytest.mark.parametrize(
    "outputs, needles",
    [
        (["-o", "a.html", "--screenshot", "a.html"], ["a.html", "two outputs"]),
        (["-o", "a.html", "--screenshot", "./a.html"], ["a.html", "./a.html", "same file"]),
        (["-o", "a.html", "--screenshot", "old.png"], ["old.png", "--overwrite"]),
        (["-o", "old.png", "--screenshot", "b.png"], ["old.png", "--overwrite"]),
        (["-o", "a.html", "--screenshot", "/proc/x.png"], ["/proc/x.png"]),
        (["-o", "/proc/x.html", "--screenshot", "a.png"], ["/proc/x.html"]),
        (["-o", "a.html", "--screenshot", "no/dir/a.png"], ["no/dir/a.png", "does not exist"]),
    ],
)
def test_map_checks_every_output_before_writing_any(tmp_path, monkeypatch, outputs, needles):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.png").write_bytes(b"old")
    before = snapshot(tmp_path)
    assert_bad_input(invoke(["map", *outputs]), needles)
    assert snapshot(tmp_path) == before


def test_map_a_hard_link_of_the_page_as_its_screenshot_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.html").write_text("old")
    os.link(tmp_path / "a.html", tmp_path / "b.png")
    before = snapshot(tmp_path)
    assert_bad_input(invoke(["map", "-o", "a.html", "--screenshot", "b.png", "--overwrite"]), ["same file"])
    assert snapshot(tmp_path) == before


def test_write_outputs_is_all_or_nothing(tmp_path):
    """The second output cannot be made (its folder takes no new file): the first is not written either."""
    (tmp_path / "first.txt").write_text("old")
    with pytest.raises(OutputError, match="/proc/second.txt"):
        export.write_outputs([("new", tmp_path / "first.txt"), ("x", "/proc/second.txt")], overwrite=True)
    assert sorted(os.listdir(tmp_path)) == ["first.txt"]
    assert (tmp_path / "first.txt").read_text() == "old"


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit])
def test_an_interrupt_while_writing_removes_the_temporary(tmp_path, monkeypatch, interrupt):
    def boom(*args):
        raise interrupt()

    monkeypatch.setattr(export.os, "chmod", boom)
    with pytest.raises(interrupt):
        export.write_outputs([("a", tmp_path / "a.txt"), ("b", tmp_path / "b.txt")])
    assert os.listdir(tmp_path) == []


# ---------------------------------------------------------------------------
# Signals in a fresh process: exit 128+N, "Aborted!", nothing left behind


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_blocked_on_a_fifo_exits_128_plus_n(tmp_path, signum):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    proc = popen(["zone", "-o", str(fifo), "--overwrite"], tmp_path, stderr=subprocess.PIPE)
    try:
        # Blocked in open() until a reader comes: wait until it is (its stack is in the FIFO's open).
        wait_for(lambda: _blocked_in_open(proc.pid, fifo) or proc.poll() is not None)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signum, err
    text = err.decode()
    assert "Traceback" not in text and "Aborted!" in text
    assert [line for line in text.splitlines() if line.strip()] == [
        line for line in text.splitlines() if "Aborted!" in line
    ]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert leftovers(tmp_path) == []


def _blocked_in_open(pid: int, fifo: Path) -> bool:
    """True once process ``pid`` sleeps opening a FIFO with no reader (read from /proc, no timing)."""
    try:
        wchan = Path(f"/proc/{pid}/wchan").read_text().strip()
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        syscall = Path(f"/proc/{pid}/syscall").read_text().split()[0]
    except (OSError, IndexError):
        return False
    if wchan in ("wait_for_partner", "fifo_open"):
        return True
    return state == "S" and os.uname().machine == "x86_64" and syscall in ("2", "257")  # open, openat


def _chromium_or_skip():
    from frontmap.browser import find_chromium

    try:
        import playwright  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed")
    if find_chromium() is None:
        pytest.skip("no Chromium")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_the_screenshot_leaves_no_file(tmp_path, signum):
    _chromium_or_skip()
    proc = popen(["map", "-o", "x.html", "--screenshot", "x.png"], tmp_path, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: any(p.name.startswith(".frontmap-") for p in tmp_path.iterdir()) or proc.poll() is not None)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signum, err
    assert b"Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_sigterm_while_the_page_waits_on_a_fifo_removes_the_staged_screenshot(tmp_path):
    """write_outputs stages x.png beside its target, then blocks writing the page to a FIFO with
    no reader: a SIGTERM then must remove the staged .x.png.*.tmp."""
    _chromium_or_skip()
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    proc = popen(["map", "-o", str(fifo), "--overwrite", "--screenshot", "x.png"], tmp_path, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: any(p.name.endswith(".tmp") for p in tmp_path.iterdir()) or proc.poll() is not None)
        wait_for(lambda: _blocked_in_open(proc.pid, fifo) or proc.poll() is not None)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 143, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


# ---------------------------------------------------------------------------
# 3. Streams: a broken pipe is 141 and silent; a closed stdout is an error


@pytest.mark.parametrize("args, runs", [(["affected", "--format", "csv"], 4), (["zone", "--help"], 1)])
def test_a_broken_pipe_always_exits_141_silently(tmp_path, args, runs):
    for _ in range(runs):
        proc = popen(args, tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdout.close()  # the reader goes away before frontmap writes a byte
        err = proc.stderr.read()
        proc.wait(timeout=120)
        proc.stderr.close()
        assert proc.returncode == 141, err
        assert err == b"", err  # no "Exception ignored ... BrokenPipeError"


def test_a_fifo_whose_reader_leaves_is_a_broken_pipe_too(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def read_a_little_and_leave():
        with open(fifo, "rb") as fh:
            fh.read(1)

    reader = threading.Thread(target=read_a_little_and_leave, daemon=True)  # a regression must not hang pytest
    reader.start()
    proc = run_frontmap(["map", "-o", str(fifo), "--overwrite"], cwd=tmp_path)
    reader.join(30)
    assert proc.returncode == 141, proc.stderr
    assert b"Traceback" not in proc.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and leftovers(tmp_path) == []


def test_a_closed_stdout_is_an_error(tmp_path):
    proc = subprocess.run(
        ["bash", "-c", 'exec "$@" >&-', "_", sys.executable, "-c", CODE, "zone"],
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert_one_line_error(proc.stderr, "standard output is closed", "-o FILE")


def test_a_closed_stdout_is_an_error_where_a_command_writes_outside_translate_errors(tmp_path, zone_text):
    """compare prints its table after its own translate_errors block: the group gives the same exit 2."""
    (tmp_path / "z.geojson").write_text(zone_text)
    proc = subprocess.run(
        ["bash", "-c", 'exec "$@" >&-', "_", sys.executable, "-c", CODE, "compare", "z.geojson", "z.geojson"],
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert_one_line_error(proc.stderr, "standard output is closed")


def test_a_closed_stdout_does_not_matter_with_an_output_file(tmp_path, zone_text):
    proc = subprocess.run(
        ["bash", "-c", 'exec "$@" >&-', "_", sys.executable, "-c", CODE, "zone", "-o", "z.geojson"],
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "z.geojson").read_text() == zone_text
    assert os.listdir(tmp_path) == ["z.geojson"]


@pytest.mark.parametrize(
    "args", [["zone", "-o", "/proc/x.geojson"], ["zone", "--depth-km", "deep"], ["zone", "-o", "/dev/null"]]
)
def test_a_closed_stderr_never_moves_the_error_to_stdout(tmp_path, args):
    """click prints a ClickException on stdout when stderr is closed: the data stream must stay clean."""
    proc = subprocess.run(
        ["bash", "-c", 'exec "$@" 2>&-', "_", sys.executable, "-c", CODE, *args],
        stdout=subprocess.PIPE,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stdout == b""


def test_stdout_through_the_guard_is_byte_identical(tmp_path, zone_text):
    proc = run_frontmap(["zone"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == zone_text.encode("utf-8")


# ---------------------------------------------------------------------------
# 4. Chromium that fails to start


@pytest.mark.parametrize("script", ["#!/bin/sh\nexit 1\n", "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n"])
def test_a_chromium_that_fails_to_start_is_one_line_exit_1_and_no_file(tmp_path, monkeypatch, script):
    _chromium_or_skip()
    fake = tmp_path / "bin" / "chromium"
    fake.parent.mkdir()
    fake.write_text(script)
    fake.chmod(0o755)
    monkeypatch.setenv("FRONTMAP_CHROMIUM", str(fake))
    out = tmp_path / "out"
    out.mkdir()
    result = invoke(["map", "-o", str(out / "m.html"), "--screenshot", str(out / "m.png")])
    assert_no_traceback(result)
    assert result.exit_code == 1, result.output
    line = assert_one_line_error(result.stderr, str(fake), "failed to start", "exited with code")
    if "display" in script:
        assert "cannot open display" in line and "code 3" in line
    assert list(out.iterdir()) == []


def test_frontmap_chromium_not_executable_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTMAP_CHROMIUM", str(tmp_path / "nope"))
    result = invoke(["map", "-o", str(tmp_path / "m.html"), "--screenshot", str(tmp_path / "m.png")])
    assert result.exit_code == 1, result.output
    assert_one_line_error(result.stderr, "FRONTMAP_CHROMIUM", str(tmp_path / "nope"))
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------
# 5. data build without npm


def test_data_build_without_npm_says_how_to_get_it(tmp_path):
    empty = tmp_path / "empty-path"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty)}
    proc = run_frontmap(["data", "build", "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")], env=env)
    assert proc.returncode == 1, proc.stderr
    assert_one_line_error(proc.stderr, "npm is needed", "not on PATH", "apt-get install npm")
    assert not (tmp_path / "out").exists()


def test_data_build_with_a_failing_npm_is_one_line(tmp_path):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "npm").write_text("#!/bin/sh\nexit 7\n")
    (fake / "npm").chmod(0o755)
    # pip (the venv's) is there too: every missing tool is reported before any fetch starts
    env = {**os.environ, "PATH": os.pathsep.join([str(fake), os.path.dirname(sys.executable)])}
    proc = run_frontmap(["data", "build", "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")], env=env)
    assert proc.returncode == 1, proc.stderr
    assert_one_line_error(proc.stderr, "npm pack", "exit code 7")


# ---------------------------------------------------------------------------
# 6. The last net: an unexpected exception is one line, exit 1; usage errors stay 2


@pytest.mark.parametrize(
    "exc, needle",
    [
        (RecursionError("maximum recursion depth exceeded"), "RecursionError: maximum recursion depth exceeded"),
        (MemoryError(), "MemoryError"),
        (OverflowError("math range error"), "OverflowError: math range error"),
        (ValueError("deep\ninside\n" + "x" * 5000), "ValueError: deep inside"),
    ],
)
def test_an_unexpected_exception_is_one_line_exit_1(monkeypatch, exc, needle):
    def boom(*args, **kwargs):
        raise exc

    monkeypatch.setattr("frontmap.export.dump_json", boom)
    result = invoke(["zone"])
    assert_no_traceback(result)
    assert result.exit_code == 1, result.output
    line = assert_one_line_error(result.stderr, "internal error", needle, "please report this", "-vv")
    assert len(line) < 500


def test_vv_shows_the_traceback_of_an_internal_error(monkeypatch):
    def boom(*args, **kwargs):
        raise OverflowError("math range error")

    monkeypatch.setattr("frontmap.export.dump_json", boom)
    result = invoke(["-vv", "zone"])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and "OverflowError" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Error: internal error: OverflowError")


def test_ctrl_c_is_aborted_exit_130(monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("frontmap.export.dump_json", interrupt)
    result = invoke(["zone"])
    assert result.exit_code == 130, result.output
    assert [line for line in result.stderr.splitlines() if line.strip()] == ["Aborted!"]


@pytest.mark.parametrize("args", [["zone", "--no-such-flag"], ["no-such-command"], ["zone", "--depth-km", "deep"]])
def test_usage_errors_still_exit_2_through_systemexit(args):
    result = invoke(args)
    assert result.exit_code == 2, result.output
    assert result.exc_info[0] is SystemExit
    assert "Traceback" not in result.output and result.stderr.startswith("Error: ")


# -- locales and encodings: the same bytes whatever the environment says ------------------------


def _env(**changes):
    env = dict(os.environ)
    env.update(changes)
    return env


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "ascii", "utf-16"])
@pytest.mark.parametrize("args", [["contains", "Sudzha"], ["affected", "--format", "csv"], ["claims", "-"]])
def test_stdout_is_utf8_whatever_pythonioencoding_says(tmp_path, encoding, args):
    """PYTHONIOENCODING=latin-1 ended Cyrillic output in 'internal error: UnicodeEncodeError' (exit 1)."""
    text = "Войска продвинулись на 12 км вглубь. Troops advanced 12 km deep near Суджа on 12 August 2024.\n"
    done = run_frontmap(args, cwd=tmp_path, env=_env(PYTHONIOENCODING=encoding), input=text.encode("utf-8"), stdin=None)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr
    assert "Суджа" in done.stdout.decode("utf-8") or "12 km" in done.stdout.decode("utf-8")
    plain = run_frontmap(args, cwd=tmp_path, input=text.encode("utf-8"), stdin=None)
    assert done.stdout == plain.stdout


C_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


@pytest.mark.parametrize(
    "args", [["zone", "--anchor", "Суджа"], ["contains", "Суджа"], ["map", "--title", "Карта", "-o", "k.html"]]
)
def test_utf8_arguments_are_read_as_utf8_in_a_c_locale(tmp_path, args):
    """Without UTF-8 mode Python decodes arguments as ASCII: 'Суджа' was refused as
    'the byte 0xd0, which is not UTF-8'."""
    done = run_frontmap(args, cwd=tmp_path, env=_env(**C_LOCALE))
    assert done.returncode == 0, done.stderr
    if args[0] == "map":
        assert "Карта" in (tmp_path / "k.html").read_text(encoding="utf-8")


def test_bytes_that_are_not_utf8_are_still_refused_in_a_c_locale(tmp_path):
    done = run_frontmap(["zone", "--anchor", os.fsdecode(b"Sud\xffzha")], cwd=tmp_path, env=_env(**C_LOCALE))
    assert done.returncode == 2
    assert_one_line_error(done.stderr, "--anchor", "0xff")


def test_a_library_warning_is_not_printed(tmp_path):
    """numpy's 'RuntimeWarning: invalid value encountered in clip_by_rect' reached the terminal
    with a line of shapely's source; now it is a debug message (-vv)."""
    code = (
        "import sys, warnings\nimport frontmap.zone as fz\norig = fz.build_zone\n"
        "def noisy(*a, **k):\n    warnings.warn('invalid value encountered', RuntimeWarning)\n    return orig(*a, "
        "**k)\n"
        "fz.build_zone = noisy\nfrom frontmap.cli.main import cli\ncli(sys.argv[1:], prog_name='frontmap')\n"
    )
    env = {**os.environ, "FRONTMAP_NO_CACHE": "1"}  # a cached zone would skip the build that warns
    quiet = subprocess.run(
        [sys.executable, "-c", code, "zone", "-o", "z.geojson"], cwd=tmp_path, capture_output=True, timeout=120, env=env
    )
    assert quiet.returncode == 0 and quiet.stderr == b"", quiet.stderr
    loud = subprocess.run(
        [sys.executable, "-c", code, "-vv", "zone", "-o", "y.geojson"],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        env=env,
    )
    assert b"RuntimeWarning: invalid value encountered" in loud.stderr


@pytest.mark.parametrize("npm", ["missing", "failing"])
def test_data_build_that_cannot_fetch_leaves_no_cache_folder(tmp_path, npm):
    """The --cache folder (and its parents) were made before npm was found missing or failed."""
    fake = tmp_path / "bin"
    fake.mkdir()
    if npm == "failing":
        (fake / "npm").write_text("#!/bin/sh\nexit 7\n")
        (fake / "npm").chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    before = snapshot(work)
    env = {**os.environ, "PATH": os.pathsep.join([str(fake), os.path.dirname(sys.executable)])}
    proc = run_frontmap(["data", "build", "--out", str(work / "out"), "--cache", str(work / "a" / "b\nc")], env=env)
    assert proc.returncode == 1, proc.stderr
    assert_one_line_error(proc.stderr, "npm")
    assert snapshot(work) == before
