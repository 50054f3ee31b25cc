"""Old public names kept for one release, each with a DeprecationWarning.

In frontmap 0.1 ``frontmap.fit`` and ``frontmap.ensemble`` were functions
until the submodules of the same names were imported, after which they were
the modules.  From 0.2 they are always the modules (Python's import system
sets a package's attribute to its submodule, so nothing else can hold
steady); the functions are :func:`frontmap.fit_claim` and
:func:`frontmap.sample_ensemble`.  Calling the module still runs the old
function, with a DeprecationWarning, until 0.3.
"""

from __future__ import annotations

import sys
import types
import warnings

#: Old package-level name → its new name.
RENAMED = {
    "affected": "find_affected",
    "ensemble": "sample_ensemble",
    "fit": "fit_claim",
    "map_html": "render_map_html",
}


def warn_renamed(old: str, stacklevel: int = 3) -> None:
    """Warn that ``frontmap.<old>`` is deprecated in favour of its new name."""
    warnings.warn(
        f"frontmap.{old} is deprecated and will be removed in frontmap 0.3: use frontmap.{RENAMED[old]}",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


class CallableModule(types.ModuleType):
    """A submodule that, called, runs its own function of the same name (the 0.1 API), with a warning."""

    def __call__(self, *args, **kwargs):
        name = self.__name__.rpartition(".")[2]
        warn_renamed(name)
        return getattr(self, name)(*args, **kwargs)


def make_module_callable(module_name: str) -> None:
    """Let ``frontmap.<name>(...)`` keep working for a release where ``<name>`` is now the module."""
    sys.modules[module_name].__class__ = CallableModule
