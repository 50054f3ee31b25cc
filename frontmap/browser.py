"""Headless Chromium for frontmap's pages: screenshots, and the browser tests.

frontmap drives the system's Chromium (Debian: ``apt-get install chromium``)
through PyPI's ``playwright`` and never downloads a browser.  The browser
is found from ``FRONTMAP_CHROMIUM`` or on the usual paths.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from .errors import FrontmapError, OutputError

__all__ = [
    "CHROMIUM_ARGS",
    "BrowserUnavailable",
    "check_browser",
    "chromium",
    "find_chromium",
    "screenshot",
    "screenshot_html",
]

#: Flags for a quiet, sandbox-free headless run that phones nowhere.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
)

_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium", "chromium-browser", "google-chrome")

INSTALL_HINT = (
    "install Chromium (Debian/Ubuntu: apt-get install chromium) and playwright (pip install 'frontmap[screenshot]'), "
    "or point FRONTMAP_CHROMIUM at a Chromium binary"
)


class BrowserUnavailable(FrontmapError, RuntimeError):
    """No Chromium or no playwright on this machine, or Chromium failed to start or to run."""


def find_chromium() -> str | None:
    """The Chromium binary to use, or None.

    Returns
    -------
    str or None
        ``$FRONTMAP_CHROMIUM`` when set (None if it is not executable), else the first executable of the
        usual names and paths; None when there is none.

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"FRONTMAP_CHROMIUM": "/no/such/chromium"}):
    ...     print(find_chromium())
    None
    """
    given = os.environ.get("FRONTMAP_CHROMIUM")
    if given:
        return given if os.access(given, os.X_OK) else None
    for name in _CANDIDATES:
        path = name if os.path.isabs(name) else shutil.which(name)
        if path and os.access(path, os.X_OK):
            return path
    return None


def check_browser() -> str:
    """The Chromium binary a screenshot would use; BrowserUnavailable saying what to install if none.

    Returns
    -------
    str
        The path or name of an executable Chromium (see :func:`find_chromium`).

    Raises
    ------
    BrowserUnavailable
        When playwright is not installed, ``$FRONTMAP_CHROMIUM`` is not an executable file, or no Chromium
        is found; the message says what to install.

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"FRONTMAP_CHROMIUM": "/no/such/chromium"}):
    ...     check_browser()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    frontmap.browser.BrowserUnavailable: ...
    """
    try:
        import playwright  # noqa: F401
    except ImportError:
        raise BrowserUnavailable(f"playwright is not installed: {INSTALL_HINT}") from None
    given = os.environ.get("FRONTMAP_CHROMIUM")
    if given and not (os.path.isfile(given) and os.access(given, os.X_OK)):
        raise BrowserUnavailable(f"FRONTMAP_CHROMIUM={given!r} is not an executable file: {INSTALL_HINT}")
    path = find_chromium()
    if path is None:
        raise BrowserUnavailable(f"no Chromium found: {INSTALL_HINT}")
    return path


def _reason(exc: Exception) -> str:
    """What a playwright error says went wrong, on one line: how the browser process ended and
    its last message when the logs tell, else the error's first line without the API's name.
    """
    text = str(exc)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first = lines[0] if lines else type(exc).__name__
    head, sep, rest = first.partition(": ")
    reason = rest if sep and "." in head and " " not in head else first
    ended = re.search(r"process did exit: exitCode=(\w+), signal=(\w+)", text)
    if ended and ended.group(1) != "null":
        reason = f"it exited with code {ended.group(1)}"
    elif ended and ended.group(2) != "null":
        reason = f"it was killed by {ended.group(2)}"
    said = re.findall(r"^\[pid=\d+\]\[err\] (.*\S)", text, re.MULTILINE)
    if ended and said:
        last = said[-1] if len(said[-1]) <= 160 else said[-1][:159] + "…"
        reason += f" (its last message: {last!r})"
    return reason


@contextlib.contextmanager
def _browser_errors(path: str, doing: str):
    """Playwright's errors as one-line BrowserUnavailable errors naming the binary."""
    from playwright.sync_api import Error

    try:
        yield
    except Error as exc:
        raise BrowserUnavailable(f"Chromium {path!r} failed {doing}: {_reason(exc)}") from None


@contextlib.contextmanager
def chromium():
    """A playwright ``Browser`` on the system's Chromium, closed on exit.

    Yields
    ------
    playwright.sync_api.Browser
        A headless browser started with :data:`CHROMIUM_ARGS`.

    Raises
    ------
    BrowserUnavailable
        When no browser can be found (:func:`check_browser`) or it fails to start.

    Examples
    --------
    The call's shape (it starts a browser):

    >>> with chromium() as browser:  # doctest: +SKIP
    ...     page = browser.new_page()
    """
    path = check_browser()
    from playwright.sync_api import sync_playwright

    with _browser_errors(path, "to start"):
        pw = sync_playwright().start()
    try:
        with _browser_errors(path, "to start"):
            browser = pw.chromium.launch(executable_path=path, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            with contextlib.suppress(Exception):
                browser.close()
    finally:
        with contextlib.suppress(Exception):
            pw.stop()


def screenshot(html_path: str | os.PathLike, size: tuple[int, int] = (1280, 800), settle_ms: int = 500) -> bytes:
    """A PNG of the page at ``html_path`` as Chromium shows it.

    Parameters
    ----------
    html_path : str or os.PathLike
        An HTML file on disk (opened as a ``file://`` URL).
    size : tuple of int
        The viewport's width and height in CSS pixels (default 1280 × 800).
    settle_ms : int
        Milliseconds to wait after the page's load event, for tiles and scripts to draw (default 500).

    Returns
    -------
    bytes
        The PNG image of the viewport.

    Raises
    ------
    BrowserUnavailable
        When no browser can be found, or it fails to start or to take the screenshot.

    Examples
    --------
    The call's shape (it starts a browser):

    >>> png = screenshot("map.html", size=(800, 600))  # doctest: +SKIP
    >>> png[:8]  # doctest: +SKIP
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    with chromium() as browser, _browser_errors(find_chromium() or "chromium", "to take the screenshot"):
        page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(settle_ms)
        return page.screenshot(type="png")


def screenshot_html(html: str, folder: str | os.PathLike = ".", **kwargs) -> bytes:
    """A PNG of the page ``html`` (see :func:`screenshot`).

    The page is shown from a hidden ``.frontmap-*.html`` file in ``folder``,
    removed afterwards whatever happens (an error, Ctrl-C, or a SIGTERM the
    command line turns into an exception).

    Parameters
    ----------
    html : str
        A whole HTML document.
    folder : str or os.PathLike
        Where the temporary page goes (default the working folder), so that its relative links resolve.
    **kwargs
        ``size`` and ``settle_ms``, as for :func:`screenshot`.

    Returns
    -------
    bytes
        The PNG image of the viewport.

    Raises
    ------
    OutputError
        When the temporary page cannot be written in ``folder``.
    BrowserUnavailable
        As for :func:`screenshot`.

    Examples
    --------
    The call's shape (it writes a temporary file and starts a browser):

    >>> png = screenshot_html(render_map_html(build_zone()))  # doctest: +SKIP
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=".frontmap-", suffix=".html", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write a temporary page in {os.fspath(folder)!r}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(html)
        return screenshot(tmp, **kwargs)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
