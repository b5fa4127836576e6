"""relupoly: the exact geometry of ReLU networks, from Python.

Every activation region of a network on a domain, computed in exact rational arithmetic (no
floating-point decision anywhere, degenerate networks included), with each region's pattern,
vertices, facets, f-vector, pulling triangulation and exact volume; the theory catalogue's
verdicts; another engine's regions checked against the exact answer.

Exact numbers are ``int`` and ``fractions.Fraction``; NumPy ``float64``/``float32`` weights are
taken exactly as stored (every binary64 value is a fraction). The work runs in the Rust library
with the GIL released; Ctrl-C stops it within a tenth of a second.

>>> import relupoly
>>> net = relupoly.Network.from_arrays([[[1, 0], [0, 1], [1, 1]]], [[0, 0, "-1/2"]])
>>> result = relupoly.regions(net, domain=(-1, 1))
>>> len(result), result.summary["volume_total"]
(7, 4)
"""

from __future__ import annotations

import io as _io
import json as _json
from fractions import Fraction
from typing import Any, Callable, Iterator, Optional, Sequence, Union

from . import _relupoly
from ._relupoly import __version__

__all__ = [
    "Network",
    "Box",
    "Polytope",
    "Slice",
    "Region",
    "Regions",
    "Facet",
    "regions",
    "iter_regions",
    "polytope",
    "theory",
    "compare",
    "decision",
    "Comparison",
    "TooManyRegions",
    "__version__",
]

Number = Union[int, float, Fraction, str]


class TooManyRegions(Exception):
    """The network has more regions than ``max_regions`` allows. ``count`` is the lower bound
    on the number of regions when the run stopped (above ``limit``)."""

    def __init__(self, message: str, count: int, limit: int) -> None:
        super().__init__(message)
        self.count = count
        self.limit = limit

    def __reduce__(self) -> tuple:
        return (type(self), (str(self), self.count, self.limit))


# Python 3.11+ refuses to convert integers of more than 4300 digits to and from decimal text
# (sys.set_int_max_str_digits); exact volumes and vertices over R^d easily have more, so long
# integers cross in chunks of fewer digits.
_CHUNK = 4000


def _int_from_text(text: str) -> int:
    if len(text) <= _CHUNK:
        return int(text)
    sign = -1 if text[0] == "-" else 1
    digits = text.lstrip("+-")
    value = 0
    for i in range(0, len(digits), _CHUNK):
        chunk = digits[i : i + _CHUNK]
        value = value * 10 ** len(chunk) + int(chunk)
    return sign * value


def _int_text(value: int) -> str:
    if value.bit_length() < 3 * _CHUNK:  # fewer than 3 * 4000 * log10(2) < 4000 digits
        return str(value)
    magnitude, parts, base = abs(value), [], 10**_CHUNK
    while magnitude:
        magnitude, part = divmod(magnitude, base)
        parts.append(part)
    text = str(parts[-1]) + "".join(str(p).zfill(_CHUNK) for p in reversed(parts[:-1]))
    return ("-" if value < 0 else "") + text


def _fraction_text(value: Fraction) -> str:
    if value.denominator == 1:
        return _int_text(value.numerator)
    return f"{_int_text(value.numerator)}/{_int_text(value.denominator)}"


def _text(value: Any) -> str:
    """The exact text of a number: ints, Fractions, Python and NumPy floats (exactly as
    stored), and fraction or decimal strings (``"-1/3"``, ``"0.1"`` meaning 1/10)."""
    if isinstance(value, bool):
        raise TypeError(f"a number is expected, not {value!r}")
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return _int_text(value)
    if isinstance(value, Fraction):
        return _fraction_text(value)
    if hasattr(value, "dtype") and getattr(value, "shape", None) == ():
        value = value.item()
    if isinstance(value, int):
        return _int_text(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{value} is not a finite number")
        return str(Fraction(value))
    raise TypeError(f"a number is expected, not {type(value).__name__} {value!r}")


def _located(place: Optional[str], convert: Callable[[], Any]) -> Any:
    """``convert()``, its ``ValueError`` or ``TypeError`` prefixed with ``place``."""
    if place is None:
        return convert()
    try:
        return convert()
    except (ValueError, TypeError) as e:
        raise type(e)(f"{place}: {e}") from None


def _vector(values: Any, place: Optional[str] = None) -> list:
    entries = _located(place, lambda: _rows(values))
    return [
        _located(None if place is None else f"{place}, entry {i}", lambda: _text(v))
        for i, v in enumerate(entries)
    ]


def _rows(values: Any) -> list:
    if hasattr(values, "tolist") and hasattr(values, "dtype"):
        # NumPy arrays: .tolist() turns float32 and float64 into Python floats exactly.
        rows = values.tolist()
        if not isinstance(rows, list):
            raise TypeError(f"an array is expected, not a scalar {rows!r}")
        return rows
    if isinstance(values, (str, bytes)):
        raise TypeError(f"a sequence of numbers is expected, not {values!r}")
    try:
        return list(values)
    except TypeError:
        raise TypeError(
            f"a sequence is expected, not {type(values).__name__} {values!r}"
        ) from None


def _matrix(rows: Any, place: Optional[str] = None) -> list:
    listed = _located(place, lambda: _rows(rows))
    return [
        _vector(row, None if place is None else f"{place}, row {r}")
        for r, row in enumerate(listed)
    ]


def _exact(text: Optional[str]) -> Optional[Union[int, Fraction]]:
    """An exact number from relupoly's text: ``int`` when whole, else ``Fraction``."""
    if text is None:
        return None
    value = _fraction(text)
    return value.numerator if value.denominator == 1 else value


def _fraction(text: str) -> Fraction:
    """A ``Fraction`` from relupoly's text (``"p/q"`` or an integer), of any length."""
    # Parsing the two integers is twice as fast as Fraction's own parser of "p/q".
    numerator, _, denominator = text.partition("/")
    return Fraction(_int_from_text(numerator), _int_from_text(denominator) if denominator else 1)


class Network:
    """A ReLU network with exact rational weights (hidden blocks of ReLU or leaky-ReLU neurons
    and an optional affine output layer)."""

    __slots__ = ("_inner",)

    def __init__(self, inner: "_relupoly.Network") -> None:
        self._inner = inner

    @classmethod
    def from_arrays(
        cls,
        weights: Sequence[Any],
        biases: Sequence[Any],
        output: Optional[tuple] = None,
        negative_slopes: Optional[Sequence[Optional[Number]]] = None,
    ) -> "Network":
        """The network whose hidden layer ``l`` is ``relu(weights[l] @ x + biases[l])``
        (``weights[l]`` of shape ``(width, inputs)``), with an affine output layer
        ``output = (W, b)`` if given. Entries may be NumPy float64/float32 (taken exactly as
        stored), ``int``, ``Fraction`` or fraction strings. ``negative_slopes[l]``, if given and
        not ``None``, makes layer ``l`` leaky with that exact slope."""
        weights = [_matrix(w, f"layer {l} weights") for l, w in enumerate(_rows(weights))]
        biases = [_vector(b, f"layer {l} biases") for l, b in enumerate(_rows(biases))]
        if len(weights) != len(biases):
            raise ValueError(f"{len(weights)} weight matrices but {len(biases)} bias vectors")
        if not weights or not weights[0]:
            raise ValueError("the network needs at least one non-empty hidden layer")
        slopes = list(negative_slopes) if negative_slopes is not None else [None] * len(weights)
        hidden = [
            (w, b, None if s is None else _located(f"layer {l} slope", lambda: _text(s)))
            for l, (w, b, s) in enumerate(zip(weights, biases, slopes))
        ]
        out = (
            None
            if output is None
            else (_matrix(output[0], "output weights"), _vector(output[1], "output biases"))
        )
        return cls(_relupoly.Network.from_layers(len(weights[0][0]), hidden, out))

    @classmethod
    def load(
        cls,
        path: Any,
        format: Optional[str] = None,
        relu_after_last: bool = False,
        bn_eps: Optional[Number] = None,
        architecture: Any = None,
    ) -> "Network":
        """The network of a file: relupoly JSON, safetensors, ``.npz`` or ONNX (by extension, or
        ``format``), every stored float taken exactly. ONNX convolutional networks (``Conv``,
        ``AveragePool``, ...) become exact dense layers; a state_dict of ``Conv2d``/``AvgPool2d``
        layers needs ``architecture``, the path of its JSON spec (docs/formats.md)."""
        eps = None if bn_eps is None else _located("bn_eps", lambda: _text(bn_eps))
        spec = None if architecture is None else str(architecture)
        return cls(_relupoly.Network.load(str(path), format, relu_after_last, eps, spec))

    @classmethod
    def from_json(cls, text: str, origin: str = "network") -> "Network":
        """The network of a relupoly JSON document."""
        return cls(_relupoly.Network.from_json(text, origin))

    @classmethod
    def from_torch(cls, module: Any, relu_after_last: bool = False) -> "Network":
        """The network of a PyTorch ``nn.Sequential`` of ``Linear``, ``ReLU``, ``LeakyReLU``,
        eval-mode ``BatchNorm1d``, ``Flatten`` and ``Identity``, read exactly through the
        module's own tensors (torch is not imported here). By default the last ``Linear`` is
        the affine output layer; ``relu_after_last`` makes every layer hidden."""
        from ._torch import network_from_torch

        return network_from_torch(cls, module, relu_after_last)

    @classmethod
    def random(
        cls,
        input_dim: int,
        widths: Sequence[int],
        init: str = "he-normal",
        bias: Optional[str] = None,
        seed: int = 0,
        bits: Optional[int] = None,
        output: Optional[int] = None,
        blocks: str = "plain",
        first_layer_rank: Optional[int] = None,
    ) -> "Network":
        """The network ``relupoly random`` draws with these options: the same bits on every
        platform. ``bias`` defaults as in the CLI (``integers:K`` with ``init="integers:K"``,
        else ``pytorch``)."""
        # Checked here, so that messages name these arguments rather than the CLI's flags.
        widths = list(widths)
        if int(input_dim) < 1:
            raise ValueError(f"input_dim must be at least 1, not {input_dim}")
        if not widths:
            raise ValueError("widths must list at least one hidden layer")
        for i, w in enumerate(widths):
            if int(w) < 1:
                raise ValueError(f"widths, entry {i}: a layer needs at least one neuron, not {w}")
        if not 0 <= int(seed) < 2**64:
            raise ValueError(f"seed must be a whole number in [0, 2^64), not {seed}")
        if bits is not None and not 1 <= int(bits) <= 53:
            raise ValueError(f"bits must be between 1 and 53, not {bits}")
        if output is not None and int(output) < 1:
            raise ValueError(f"output must be at least 1, not {output}")
        for name, value in (("init", init), ("bias", bias), ("blocks", blocks)):
            one_word = isinstance(value, str) and value.split() == [value]
            if value is not None and not one_word:
                raise ValueError(f"{name}: {value!r} is not one word (see relupoly random --help)")
        recipe = f"--input-dim {int(input_dim)} --widths {','.join(str(int(w)) for w in widths)}"
        recipe += f" --init {init} --seed {int(seed)}"
        if bias is not None:
            recipe += f" --bias {bias}"
        if bits is not None:
            recipe += f" --bits {int(bits)}"
        if output is not None:
            recipe += f" --output {int(output)}"
        if blocks != "plain":
            recipe += f" --blocks {blocks}"
        if first_layer_rank is not None:
            recipe += f" --first-layer-rank {int(first_layer_rank)}"
        return cls(_relupoly.Network.random(recipe))

    def to_json(self, numbers: str = "decimal") -> str:
        """The network as a relupoly JSON document (``numbers``: ``decimal`` or ``binary64``)."""
        return self._inner.to_json(numbers)

    def forward(self, x: Sequence[Number]) -> list:
        """The network's exact value at ``x`` (ints and Fractions)."""
        return [_exact(v) for v in self._inner.forward(_vector(x, "x"))]

    def pre_activations(self, x: Sequence[Number]) -> list:
        """The exact pre-activation of every hidden neuron at ``x``, block by block."""
        return [[_exact(v) for v in layer] for layer in self._inner.pre_activations(_vector(x, "x"))]

    def pattern(self, x: Sequence[Number]) -> tuple:
        """The activation pattern at ``x``: one tuple of 0/1 per hidden block (1 where the
        pre-activation is positive)."""
        return tuple(
            tuple(1 if Fraction(v) > 0 else 0 for v in layer)
            for layer in self._inner.pre_activations(_vector(x, "x"))
        )

    @property
    def input_dim(self) -> int:
        """The input dimension d."""
        return self._inner.input_dim

    @property
    def widths(self) -> list:
        """The widths of the hidden blocks."""
        return self._inner.widths

    @property
    def output_dim(self) -> Optional[int]:
        """The width of the affine output layer, or ``None``."""
        return self._inner.output_dim

    def __repr__(self) -> str:
        out = "" if self.output_dim is None else f", output {self.output_dim}"
        return f"Network(input_dim {self.input_dim}, widths {self.widths}{out})"


class Box:
    """The box ``[lo, hi]^d`` (d the network's input dimension)."""

    def __init__(self, lo: Number, hi: Number) -> None:
        self.lo, self.hi = lo, hi

    def _spec(self) -> tuple:
        lo = _located("domain, lower bound", lambda: _text(self.lo))
        hi = _located("domain, upper bound", lambda: _text(self.hi))
        return ("box", [[lo, hi]])

    def __repr__(self) -> str:
        return f"Box({self.lo!r}, {self.hi!r})"


class Polytope:
    """The polytope ``{x : b + a . x >= 0}`` of the rows ``[b, a_1, ..., a_d]`` (bounded and
    full-dimensional)."""

    def __init__(self, inequalities: Any) -> None:
        self.inequalities = _matrix(inequalities, "domain inequalities")

    def _spec(self) -> tuple:
        return ("polytope", self.inequalities)

    def __repr__(self) -> str:
        return f"Polytope({len(self.inequalities)} inequalities)"


class Slice:
    """An affine slice ``t -> origin + U t`` of the input space (``U``'s columns the
    ``directions``, 1 to 4 of them, linearly independent): the network is studied on it in slice
    coordinates, exactly (the slice is composed into its first layer). ``domain`` is where, in
    slice coordinates: ``(lo, hi)``, ``Box``, ``Polytope`` or ``"rd"``. Regions then carry
    ``input_vertices`` and ``input_interior_point``, their points lifted back to the input
    space. ``Slice.through([p0, p1, p2])`` is the plane through three inputs."""

    def __init__(self, origin: Any, directions: Any, *, domain: Any = (-1, 1)) -> None:
        self.origin = _vector(origin, "slice origin")
        self.directions = _matrix(directions, "slice directions")
        if isinstance(domain, Slice):
            raise TypeError("a slice's domain is in slice coordinates, not another Slice")
        self.domain = domain

    @classmethod
    def through(cls, points: Any, *, domain: Any = None) -> "Slice":
        """The affine span of 2 to 5 input points ``[p0, p1, ...]``: origin ``p0``, directions
        ``p_i - p0``, so that ``p_i`` sits at the i-th unit vector of slice coordinates. The
        default domain is the simplex the points span (``t_i >= 0``, ``sum t_i <= 1``)."""
        origin, directions, simplex = _relupoly.slice_through(_matrix(points, "slice points"))
        return cls(origin, directions, domain=Polytope(simplex) if domain is None else domain)

    @property
    def dim(self) -> int:
        """The slice dimension k."""
        return len(self.directions)

    def lift(self, t: Any) -> tuple:
        """The input point ``origin + U t`` of the slice point ``t``, exactly (Fractions)."""
        t = [Fraction(c) for c in _vector(t, "slice point")]
        if len(t) != self.dim:
            raise ValueError(f"a point of this slice has {self.dim} coordinates, not {len(t)}")
        return tuple(
            Fraction(o) + sum(Fraction(u[j]) * tj for u, tj in zip(self.directions, t))
            for j, o in enumerate(self.origin)
        )

    def _spec(self) -> tuple:
        kind, rows, _ = _domain(self.domain)
        return (kind, rows, (self.origin, self.directions))

    def __repr__(self) -> str:
        return f"Slice({self.dim}-dimensional, in R^{len(self.origin)}, domain {self.domain!r})"


Domain = Union[tuple, Box, Polytope, Slice, str]


def _domain(domain: Domain) -> tuple:
    """``(kind, rows, slice)`` for the bindings: the domain's kind and rows, and a slice's
    origin and directions as text (or ``None``)."""
    if isinstance(domain, str):
        if domain != "rd":
            raise ValueError(
                f'unknown domain "{domain}" (a (lo, hi) pair, Box, Polytope, Slice or "rd")'
            )
        return ("rd", None, None)
    if isinstance(domain, Slice):
        return domain._spec()
    if isinstance(domain, (Box, Polytope)):
        return domain._spec() + (None,)
    if isinstance(domain, tuple) and len(domain) == 2:
        return Box(*domain)._spec() + (None,)
    raise TypeError(f"a domain is (lo, hi), Box, Polytope, Slice or \"rd\", not {domain!r}")


class Facet:
    """One facet of a region: its inequality ``b + a . x >= 0`` (primitive integers), the
    indices of its vertices, and every neuron or domain row whose hyperplane contains it."""

    __slots__ = ("inequality", "vertices", "sources")

    def __init__(self, record: dict) -> None:
        self.inequality = tuple(int(c) for c in record["inequality"])
        self.vertices = tuple(record["vertices"])
        self.sources = tuple(
            ("domain", s["domain"]) if "domain" in s else ("neuron", s["layer"], s["neuron"])
            for s in record["sources"]
        )

    def __repr__(self) -> str:
        return f"Facet({list(self.inequality)}, vertices {list(self.vertices)}, sources {list(self.sources)})"


class Region:
    """One activation region: the closure of a maximal full-dimensional set of domain points
    sharing one activation pattern. Exact values are converted on first access."""

    __slots__ = ("_record", "index")

    def __init__(self, record: dict) -> None:
        self._record = record
        self.index: int = record["index"]

    @property
    def pattern(self) -> tuple:
        """One tuple of 0/1 per hidden block (1: the neuron is active on the interior)."""
        return tuple(tuple(int(c) for c in layer) for layer in self._record["pattern"])

    @property
    def bounded(self) -> bool:
        """Whether the region is bounded (always, on a box or polytope domain)."""
        return self._record["bounded"]

    @property
    def vertices(self) -> list:
        """The vertices, lexicographically sorted, as tuples of Fractions."""
        return [tuple(_fraction(c) for c in v) for v in self._record["vertices"]]

    def vertices_array(self):
        """The vertices as a NumPy float64 array (each coordinate correctly rounded)."""
        import numpy

        return numpy.array(
            [[float(_fraction(c)) for c in v] for v in self._record["vertices"]],
            dtype=numpy.float64,
        ).reshape(len(self._record["vertices"]), -1)

    @property
    def facets(self) -> list:
        """The facets (no redundant inequality), with their vertices and sources."""
        return [Facet(f) for f in self._record["facets"]]

    @property
    def f_vector(self) -> Optional[tuple]:
        """``(f_0, ..., f_{d-1})``: faces of each dimension (unbounded ones included)."""
        f = self._record["f_vector"]
        return None if f is None else tuple(f)

    @property
    def volume(self) -> Optional[Fraction]:
        """The exact volume; ``None`` when unbounded or when volumes were skipped."""
        v = self._record["volume"]
        return None if v is None else _fraction(v)

    @property
    def interior_point(self) -> tuple:
        """An exact interior point (the barycenter of the first simplex of the triangulation)."""
        return tuple(_fraction(c) for c in self._record["interior_point"])

    @property
    def input_vertices(self) -> Optional[list]:
        """On a ``Slice``, the vertices lifted to the input space (``origin + U t``, exactly,
        in the order of ``vertices``); ``None`` otherwise."""
        v = self._record.get("input_vertices")
        return None if v is None else [tuple(_fraction(c) for c in p) for p in v]

    @property
    def input_interior_point(self) -> Optional[tuple]:
        """On a ``Slice``, the interior point lifted to the input space; ``None`` otherwise."""
        p = self._record.get("input_interior_point")
        return None if p is None else tuple(_fraction(c) for c in p)

    @property
    def simplex_count(self) -> Optional[int]:
        """The number of simplices of the pulling triangulation (bounded regions)."""
        return self._record["simplices"]

    @property
    def simplices(self) -> Optional[list]:
        """The pulling triangulation as tuples of vertex indices (with ``simplices=True``)."""
        t = self._record.get("triangulation")
        return None if t is None else [tuple(s) for s in t]

    @property
    def rays(self) -> Optional[list]:
        """For an unbounded region, its rays (modulo the lineality space), integer tuples."""
        r = self._record.get("rays")
        return None if r is None else [tuple(int(c) for c in ray) for ray in r]

    @property
    def lineality(self) -> Optional[list]:
        """For an unbounded region, a basis of its lineality space."""
        r = self._record.get("lineality")
        return None if r is None else [tuple(int(c) for c in v) for v in r]

    def affine_map(self) -> Optional[list]:
        """With an output layer, the network's exact map on the region: one row
        ``(c, w_1, ..., w_d)`` per output, the output being ``c + w . x``."""
        rows = self._record.get("output_map")
        return None if rows is None else [tuple(_fraction(c) for c in row) for row in rows]

    def to_dict(self) -> dict:
        """The region's record, exactly as ``relupoly regions --jsonl`` writes it."""
        return self._record

    def __repr__(self) -> str:
        bits = ",".join(self._record["pattern"])
        return f"Region({self.index}, pattern {bits}, {len(self._record['vertices'])} vertices, {len(self._record['facets'])} facets)"


def _summary(text: str) -> dict:
    """The summary of ``--summary-json`` with exact values as ints and Fractions."""
    summary = _json.loads(text)
    summary["volume_total"] = _exact(summary.get("volume_total"))
    for key in ("facets", "vertices", "simplices"):
        stats = summary[key]
        stats["mean"] = _exact(stats["mean"])
        stats["histogram"] = {int(k): v for k, v in stats["histogram"].items()}
    return summary


class Regions:
    """Every activation region of a network on a domain, in canonical (pattern) order: ``len``,
    iteration and indexing give ``Region`` objects; ``summary`` has the keys of ``relupoly
    regions --summary-json``; ``adjacency`` lists the pairs of regions sharing a facet."""

    def __init__(self, records: list, summary: str, adjacency: Optional[list]) -> None:
        self._records = records
        self._regions: list = [None] * len(records)
        self.summary: dict = _summary(summary)
        self.adjacency: Optional[list] = adjacency

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, index: Union[int, slice]) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._records)))]
        region = self._regions[index]
        if region is None:
            region = Region(_json.loads(self._records[index]))
            self._regions[index] = region
        return region

    def __iter__(self) -> Iterator[Region]:
        for i in range(len(self._records)):
            yield self[i]

    def __repr__(self) -> str:
        return f"Regions({len(self)} regions)"


def _progress_callback(progress: Union[bool, Callable, None]) -> Optional[Callable]:
    if not progress:
        return None
    if callable(progress):
        return progress
    from ._progress import bar

    return bar()


def regions(
    net: Network,
    domain: Domain = (-1, 1),
    *,
    volumes: bool = True,
    complex: bool = True,
    simplices: bool = False,
    threads: Optional[int] = None,
    max_regions: Optional[int] = None,
    progress: Union[bool, Callable, None] = False,
) -> Regions:
    """Every activation region of ``net`` on ``domain``: ``(lo, hi)`` or ``Box(lo, hi)`` for
    ``[lo, hi]^d``, ``Polytope(rows)``, ``"rd"`` for the whole space, or a ``Slice``. ``volumes=False`` skips
    the exact volumes; ``complex=False`` skips the region complex (no ``adjacency``);
    ``simplices=True`` lists every region's triangulation. Raises ``TooManyRegions`` past
    ``max_regions``, ``ValueError`` for bad input, ``KeyboardInterrupt`` on Ctrl-C."""
    kind, rows, sliced = _domain(domain)
    records, summary, adjacency = _relupoly.regions(
        net._inner,
        kind,
        rows,
        volumes,
        complex,
        simplices,
        max_regions,
        threads,
        _progress_callback(progress),
        sliced,
    )
    return Regions(records, summary, adjacency)


class _RegionIterator:
    def __init__(self, stream) -> None:
        self._stream = stream

    def __iter__(self) -> "_RegionIterator":
        return self

    def __next__(self) -> Region:
        return Region(_json.loads(next(self._stream)))

    def summary(self) -> Optional[dict]:
        """The summary, once every region has been read."""
        text = self._stream.summary()
        return None if text is None else _summary(text)


def iter_regions(
    net: Network,
    domain: Domain = (-1, 1),
    *,
    volumes: bool = True,
    simplices: bool = False,
    max_regions: Optional[int] = None,
) -> _RegionIterator:
    """The regions of ``net`` on ``domain``, yielded in canonical order as they are finished;
    memory holds the work in flight, not the result (no complex). After the last region,
    ``.summary()`` gives the summary."""
    kind, rows, sliced = _domain(domain)
    return _RegionIterator(
        _relupoly.iter_regions(net._inner, kind, rows, volumes, simplices, max_regions, sliced)
    )


def polytope(
    inequalities: Any = None, vertices: Any = None, *, lattice: bool = True
) -> dict:
    """One polytope from inequality rows ``[b, a_1, ..., a_d]`` (``b + a . x >= 0``) or from
    points: its vertices (Fractions, lexicographic), facets (inequality, input rows, vertex
    indices), f-vector, face lattice, pulling triangulation and exact volume — the keys of
    ``relupoly polytope --json --lattice --simplices``. ``lattice=False`` keeps vertices and
    facets only (high dimensions)."""
    rows = None if inequalities is None else _matrix(inequalities, "inequalities")
    points = None if vertices is None else _matrix(vertices, "vertices")
    given = rows if rows is not None else points
    if given is None or not given:
        raise ValueError("give the inequalities or the vertices")
    dim = len(given[0]) - 1 if rows is not None else len(given[0])
    result = _json.loads(_relupoly.polytope(dim, rows, points, lattice))
    result["vertices"] = [tuple(_fraction(c) for c in v) for v in result["vertices"]]
    for facet in result["facets"]:
        facet["inequality"] = tuple(int(c) for c in facet["inequality"])
    result["volume"] = _exact(result["volume"])
    return result


def theory(net: Network, domain: Domain = (-1, 1), *, max_regions: Optional[int] = None) -> dict:
    """The theory catalogue's verdicts on ``net`` over ``domain``: the document of ``relupoly
    theory --json`` (genericity, every entry's verdict with its value, bound and reason, and
    over R^d the bent hyperplanes)."""
    kind, rows, sliced = _domain(domain)
    return _json.loads(_relupoly.theory(net._inner, kind, rows, max_regions, None, sliced))


def decision(
    net: Network, domain: Domain = (-1, 1), *, max_regions: Optional[int] = None
) -> dict:
    """The decision regions of a classifier (the argmax of ``net``'s output layer) on a bounded
    ``domain`` or ``Slice``: the keys of ``relupoly decision --json`` (per class its cells,
    exact volume, components and Betti numbers over GF(2); the boundary's f-vector and Betti
    numbers), plus ``cells`` (one dict per cell, as ``--cells`` writes them, with the volume,
    interior points and vertices as ints and Fractions; facet inequalities as text) and
    ``boundary`` (the document of ``--boundary``, exact values as text)."""
    kind, rows, sliced = _domain(domain)
    summary, cells, boundary = _relupoly.decision(net._inner, kind, rows, max_regions, None, sliced)
    result = _json.loads(summary)
    for entry in result["per_class"]:
        entry["volume"] = _exact(entry["volume"])
    result["cells"] = [_json.loads(c) for c in cells]
    for cell in result["cells"]:
        cell["volume"] = _exact(cell["volume"])
        for key in ("interior_point", "input_interior_point"):
            if key in cell:
                cell[key] = tuple(_fraction(c) for c in cell[key])
        for key in ("vertices", "input_vertices"):
            if key in cell:
                cell[key] = [tuple(_fraction(c) for c in v) for v in cell[key]]
    result["boundary"] = _json.loads(boundary)
    return result


class Comparison:
    """Another engine's regions against the exact enumeration: ``ok`` when they agree,
    ``to_dict()`` the document of ``relupoly compare --json``, ``str()`` its text."""

    def __init__(self, document: str, text: str, ok: bool) -> None:
        self._document = document
        self.text = text
        self.ok = ok

    def to_dict(self) -> dict:
        return _json.loads(self._document)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Comparison(ok={self.ok})"


def compare(
    net: Network, engine: Any, domain: Domain = (-1, 1), *, tolerance: float = 1e-6
) -> Comparison:
    """Checks another engine's output against the exact enumeration: ``engine`` is a dict in
    the format of ``docs/compare.md``, or a relucent ``Complex`` (read by
    ``relupoly.relucent.engine_output``)."""
    if not isinstance(engine, dict):
        from .relucent import engine_output

        engine = engine_output(engine)
    kind, rows, sliced = _domain(domain)
    document, text, ok = _relupoly.compare(
        net._inner, _json.dumps(engine), kind, rows, tolerance, None, sliced
    )
    return Comparison(document, text, ok)
