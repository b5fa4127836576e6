"""Progress of a long enumeration: ``relupoly.regions(..., progress=True)``.

The Rust side calls the callback at most every 50 ms with ``(frontier_pieces, work_items_done,
work_items, regions_so_far)``: while the splitting frontier is built, ``work_items`` is 0 and
``frontier_pieces`` grows; then the work items (runs of frontier pieces searched depth first)
are finished one by one, and ``regions_so_far`` is a lower bound on the final count.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Callable, Optional, TextIO

__all__ = ["bar", "TqdmProgress", "PlainProgress"]


def _tqdm() -> Optional[Any]:
    try:
        from tqdm.auto import tqdm  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return None
    return tqdm


class TqdmProgress:
    """A tqdm bar over the work items, with the region count as postfix. The bar is closed
    when every work item is done, or when the callback is dropped (when ``regions`` returns)."""

    def __init__(self, tqdm: Any, file: Optional[TextIO] = None) -> None:
        self._tqdm = tqdm
        self._file = file
        self._bar: Any = None

    def __call__(
        self, frontier_pieces: int, work_items_done: int, work_items: int, regions_so_far: int
    ) -> None:
        if self._bar is None:
            self._bar = self._tqdm(
                total=work_items or None,
                desc="relupoly",
                unit="item",
                file=self._file,
                leave=False,
                dynamic_ncols=True,
            )
        bar = self._bar
        if work_items and bar.total != work_items:
            bar.total = work_items
        bar.n = work_items_done
        bar.set_postfix(regions=regions_so_far, frontier=frontier_pieces, refresh=False)
        bar.refresh()
        if work_items and work_items_done >= work_items:
            self.close()

    def close(self) -> None:
        """Closes the bar (it is also closed when the callback is garbage-collected)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass


class PlainProgress:
    """One plain line on ``file`` (standard error) at most every ``interval`` seconds."""

    def __init__(self, file: Optional[TextIO] = None, interval: float = 1.0) -> None:
        self._file = file
        self._interval = interval
        self._last: Optional[float] = None
        self._started = time.monotonic()

    def __call__(
        self, frontier_pieces: int, work_items_done: int, work_items: int, regions_so_far: int
    ) -> None:
        now = time.monotonic()
        if self._last is not None and now - self._last < self._interval:
            return
        self._last = now
        if work_items:
            work = f"work items {work_items_done}/{work_items}"
        else:
            work = f"splitting, frontier {frontier_pieces} pieces"
        file = self._file if self._file is not None else sys.stderr
        print(
            f"relupoly: {work}, at least {regions_so_far} regions ({now - self._started:.0f} s)",
            file=file,
            flush=True,
        )


def bar(file: Optional[TextIO] = None) -> Callable[[int, int, int, int], None]:
    """A progress callback for ``relupoly.regions(..., progress=...)``: a tqdm bar when tqdm is
    importable, else one plain line on standard error (or ``file``) at most once a second."""
    tqdm = _tqdm()
    if tqdm is not None:
        return TqdmProgress(tqdm, file)
    return PlainProgress(file)
