"""Headless Chromium for frontmap's pages: screenshots, and the browser tests.

frontmap drives the system's Chromium (Debian: ``apt-get install chromium``)
through PyPI's ``playwright`` and never downloads a browser.  The browser
is found from ``FRONTMAP_CHROMIUM`` or on the usual paths.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from .errors import FrontmapError

__all__ = ["CHROMIUM_ARGS", "BrowserUnavailable", "chromium", "find_chromium", "screenshot"]

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
    "install Chromium (Debian/Ubuntu: apt-get install chromium) and playwright (pip install playwright), "
    "or point FRONTMAP_CHROMIUM at a Chromium binary"
)


class BrowserUnavailable(FrontmapError, RuntimeError):
    """No Chromium or no playwright on this machine."""


def find_chromium() -> str | None:
    """The Chromium binary to use, or None."""
    given = os.environ.get("FRONTMAP_CHROMIUM")
    if given:
        return given if os.access(given, os.X_OK) else None
    for name in _CANDIDATES:
        path = name if os.path.isabs(name) else shutil.which(name)
        if path and os.access(path, os.X_OK):
            return path
    return None


@contextlib.contextmanager
def chromium():
    """A playwright ``Browser`` on the system's Chromium, closed on exit."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BrowserUnavailable(f"playwright is not installed: {INSTALL_HINT}") from None
    path = find_chromium()
    if path is None:
        raise BrowserUnavailable(f"no Chromium found: {INSTALL_HINT}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def screenshot(html_path: str | os.PathLike, size: tuple[int, int] = (1280, 800), settle_ms: int = 500) -> bytes:
    """A PNG of the page at ``html_path`` as Chromium shows it."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(settle_ms)
        return page.screenshot(type="png")
