"""A run cut into shards and scheduled by Ray: ``relupoly.distributed.regions``.

Every shard builds the same frontier of the splitting and searches the subtrees of its share
of the frontier's pieces (``relupoly regions --shard K/N``); the parts are merged exactly
(``relupoly merge``), so the result equals ``relupoly.regions`` on one machine, record for
record. Ray schedules the shards, retries a shard whose worker or machine died, and carries the
parts back; nothing here knows a cluster. For Slurm job arrays see ``docs/distributed.md``.

``shard`` and ``merge`` are the two halves, for any other engine.
"""

from __future__ import annotations

import time
from typing import Any, Callable, List, Optional, Sequence, Union

import relupoly as _package

from . import Domain, Network, Regions

__all__ = ["regions", "shard", "merge"]

# The package's private halves (the extension and the domain conversion), which its typed
# stubs leave out.
_native: Any = getattr(_package, "_relupoly")
_domain: Callable[[Domain], tuple] = getattr(_package, "_domain")


def shard(
    net: Network,
    domain: Domain,
    index: int,
    count: int,
    *,
    volumes: bool = True,
    complex: bool = True,
    simplices: bool = False,
    frontier: Optional[int] = None,
    threads: Optional[int] = None,
    progress: Optional[Callable] = None,
) -> bytes:
    """Shard ``index`` of ``count`` (``0 <= index < count``) of the run of ``net`` on
    ``domain``: the part, as ``relupoly regions --shard index/count --out PART --records``
    writes it. Every shard of a run must get the same network, domain and options."""
    kind, rows, sliced = _domain(domain)
    if sliced is not None:
        raise ValueError("a Slice is not sharded: run relupoly.regions on it (slices are small)")
    native_network = getattr(net, "_inner")
    result: bytes = _native.shard(
        native_network,
        kind,
        rows,
        index,
        count,
        volumes,
        complex,
        simplices,
        frontier,
        threads,
        progress,
    )
    return result


def merge(parts: Sequence[bytes], names: Optional[Sequence[str]] = None) -> Regions:
    """The parts of one run, in any order, merged into what ``relupoly.regions`` returns for
    the unsharded run. Raises ``ValueError`` (nothing is returned) for parts of different
    runs, a shard missing or given twice, or a truncated or edited part; ``names`` name the
    parts in those messages (default ``part 0``, ``part 1``, ...)."""
    names = list(names) if names is not None else [f"part {i}" for i in range(len(parts))]
    records, summary, adjacency = _native.merge([bytes(p) for p in parts], names)
    return Regions(records, summary, adjacency)


def _shard_task(
    network_json: str,
    domain: Domain,
    index: int,
    count: int,
    options: dict,
    board: Any,
) -> bytes:
    """One shard on a Ray worker: the network travels as its exact JSON document; progress
    goes to the driver's board at most twice a second."""
    import relupoly

    net = relupoly.Network.from_json(network_json)
    last = [0.0]

    def report(frontier_pieces: int, done: int, items: int, regions_so_far: int) -> None:
        now = time.monotonic()
        if board is not None and items > 0 and now - last[0] >= 0.5:
            last[0] = now
            board.update.remote(index, done, items)

    return shard(net, domain, index, count, progress=report, **options)


def _ray() -> Any:
    try:
        import ray
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "relupoly.distributed needs Ray: pip install 'ray>=2.9'"
        ) from e
    return ray


def _progress_printer() -> Callable[[int, int, int, int], None]:
    import sys

    last = [0.0]

    def printer(done: int, shards: int, items_done: int, items: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 1.0 or done == shards:
            last[0] = now
            print(
                f"relupoly: {done}/{shards} shards done; {items_done}/{items} work items"
                " of the shards that have started",
                file=sys.stderr,
            )

    return printer


def regions(
    net: Network,
    domain: Domain = (-1, 1),
    *,
    shards: int,
    address: Optional[str] = None,
    volumes: bool = True,
    complex: bool = True,
    simplices: bool = False,
    frontier: Optional[int] = None,
    threads_per_shard: int = 1,
    max_retries: int = 3,
    progress: Union[bool, Callable[[int, int, int, int], None], None] = False,
) -> Regions:
    """Every activation region of ``net`` on ``domain``, computed as ``shards`` Ray tasks and
    merged: the same ``Regions`` as ``relupoly.regions(net, domain, ...)``.

    Ray: if it is not initialised yet, ``ray.init(address=address)`` (a local Ray when
    ``address`` is None, an existing cluster's ``"ray://host:10001"`` or ``"auto"`` otherwise),
    shut down again at the end. Each task asks for ``threads_per_shard`` CPUs and runs on that
    many threads. A shard whose worker or machine dies is rerun alone, up to ``max_retries``
    times (bad input is not retried: it fails every time). ``progress``: True prints a line at
    most every second; a callable gets ``(shards_done, shards, work_items_done, work_items)``, the
    work items summed over the shards that have reported (each shard's subtrees are cut into
    work items once its frontier is built).
    """
    if shards < 1:
        raise ValueError(f"shards must be at least 1, not {shards}")
    ray = _ray()
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, log_to_driver=False)
    try:
        report = _progress_printer() if progress is True else (progress or None)
        board = _board(ray).remote(shards) if report is not None else None
        options = {
            "volumes": volumes,
            "complex": complex,
            "simplices": simplices,
            "frontier": frontier,
            "threads": threads_per_shard,
        }
        task = ray.remote(num_cpus=threads_per_shard, max_retries=max_retries)(_shard_task)
        refs: List[Any] = [
            task.remote(net.to_json(), domain, k, shards, options, board) for k in range(shards)
        ]
        pending = list(refs)
        while pending:
            finished, pending = ray.wait(pending, num_returns=len(pending), timeout=0.5)
            if report is not None and board is not None:
                for ref in finished:
                    board.finish.remote(refs.index(ref))
                report(*ray.get(board.totals.remote()))
        parts = ray.get(refs)
        return merge(parts, [f"shard {k}/{shards}" for k in range(shards)])
    finally:
        if started_here:
            ray.shutdown()


class _Board:
    """The Ray actor collecting the shards' progress: work items done per shard, shards done."""

    def __init__(self, shards: int) -> None:
        self.items = [(0, 0)] * shards
        self.done = [False] * shards

    def update(self, index: int, done: int, items: int) -> None:
        self.items[index] = (max(self.items[index][0], done), items)

    def finish(self, index: int) -> None:
        self.done[index] = True
        self.items[index] = (self.items[index][1], self.items[index][1])

    def totals(self) -> tuple:
        return (
            sum(self.done),
            len(self.done),
            sum(d for d, _ in self.items),
            sum(n for _, n in self.items),
        )


def _board(ray: Any) -> Any:
    """The progress board as a Ray actor class (no CPU reserved)."""
    return ray.remote(num_cpus=0)(_Board)
