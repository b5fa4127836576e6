"""Hypothesis strategies with exact answers, for testing other engines against relupoly.

The Python twin of the Rust kit ``relupoly::testing`` (cargo feature ``testing``): strategies
that draw small random cases together with relupoly's exact answer, so that an engine working
in float64 (or any other way) can check itself case by case. Needs Hypothesis (the ``testing``
extra: ``pip install relupoly[testing]``).

- ``networks(...)`` draws ``NetworkCase``s: a network of ``Network.random`` (``kind`` generic:
  binary64 weights from the usual initialisations; degenerate: small integers, ``integers:K``,
  with concurrent, parallel and duplicated hyperplanes and dead neurons; zero-bias: binary64
  weights, every bias zero) and, computed on first access, its ``answer``: ``relupoly.regions``
  on ``[-1, 1]^d`` (or the domain given), and over R^d through ``whole_space()``.
- ``polytopes(...)`` draws ``PolytopeCase``s: an inequality system or a point set (generic,
  degenerate or near-degenerate numbers, all binary64 values) with its ``answer``, the dict of
  ``relupoly.polytope``.

Every number drawn is a binary64 value, so the float64 views (``layers_f64()``,
``rows_f64()``) are exact. A case's ``repr`` is short and says how to rebuild it
(``relupoly random ...`` for networks, the rows for polytopes).

Example: a toy engine counting the regions of one hidden layer on ``[-1, 1]^2`` by Euler's
relation for lines in general position (one region, plus one per line crossing the square,
plus one per crossing point inside it)::

    from hypothesis import given, settings
    from relupoly.testing import networks

    @settings(max_examples=30, deadline=None)
    @given(networks(input_dim=2, widths=(1, 6), depth=1, kind="generic"))
    def test_toy_count(case):
        (w, b), = case.layers_f64()
        assert toy_count(w, b) == len(case.answer)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, List, Optional, Sequence, Tuple, Union

import numpy
from hypothesis import strategies as st

from . import Network, Regions, polytope, regions

__all__ = [
    "NetworkCase",
    "PolytopeCase",
    "networks",
    "polytopes",
    "NETWORK_KINDS",
    "POLYTOPE_KINDS",
    "FLOAT_INITS",
]

#: The float weight initialisations of ``relupoly random`` (generic and zero-bias networks).
FLOAT_INITS = (
    "he-normal",
    "he-uniform",
    "xavier-normal",
    "xavier-uniform",
    "pytorch",
    "orthogonal",
)
#: The kinds of networks ``networks`` draws.
NETWORK_KINDS = ("generic", "degenerate", "zero-bias")
#: The kinds of polytopes ``polytopes`` draws.
POLYTOPE_KINDS = ("generic", "degenerate", "near-degenerate")

Range = Union[int, Tuple[int, int]]


def _range(value: Range, what: str, least: int = 1) -> Tuple[int, int]:
    lo, hi = (value, value) if isinstance(value, int) else tuple(value)
    if not least <= lo <= hi:
        raise ValueError(f"{what}: ({lo}, {hi}) is not a range of whole numbers >= {least}")
    return int(lo), int(hi)


def _kinds(kind: Union[str, Sequence[str]], known: Sequence[str], what: str) -> List[str]:
    kinds = [kind] if isinstance(kind, str) else list(kind)
    for k in kinds:
        if k not in known:
            raise ValueError(f'unknown {what} kind "{k}" ({", ".join(known)})')
    if not kinds:
        raise ValueError(f"no {what} kind given")
    return kinds


class NetworkCase:
    """A random network (``Network.random`` with ``init``, ``bias`` and ``seed``) and, computed
    on first access, its exact regions on ``domain`` (``answer``)."""

    def __init__(
        self,
        kind: str,
        input_dim: int,
        widths: Sequence[int],
        init: str,
        bias: str,
        seed: int,
        domain: Any = (-1, 1),
    ) -> None:
        self.kind = kind
        self.input_dim = input_dim
        self.widths = list(widths)
        self.init = init
        self.bias = bias
        self.seed = seed
        self.domain = domain
        self.network: Network = Network.random(input_dim, self.widths, init, bias, seed)
        self._answer: Optional[Regions] = None
        self._whole: Optional[Regions] = None

    @property
    def answer(self) -> Regions:
        """The exact regions on the case's domain (``relupoly.regions``; computed once)."""
        if self._answer is None:
            self._answer = regions(self.network, self.domain)
        return self._answer

    def whole_space(self) -> Regions:
        """The exact regions over R^d (computed once; regions may be unbounded)."""
        if self._whole is None:
            self._whole = regions(self.network, "rd")
        return self._whole

    @property
    def recipe(self) -> str:
        """The ``relupoly random`` command that writes this network."""
        return (
            f"relupoly random --input-dim {self.input_dim} "
            f"--widths {','.join(map(str, self.widths))} --init {self.init} "
            f"--bias {self.bias} --seed {self.seed}"
        )

    def layers_f64(self) -> List[Tuple[numpy.ndarray, numpy.ndarray]]:
        """The hidden layers as float64 arrays ``(W, b)``, ``W`` of shape ``(width, inputs)``
        (PyTorch's layout); exact, every weight being a binary64 value."""
        import json

        document = json.loads(self.network.to_json("decimal"))
        return [
            (
                numpy.array([[float(Fraction(w)) for w in row] for row in layer["weights"]]),
                numpy.array([float(Fraction(b)) for b in layer["biases"]]),
            )
            for layer in document["layers"]
        ]

    def __repr__(self) -> str:
        counted = "" if self._answer is None else f", {len(self._answer)} regions"
        return f"NetworkCase({self.kind}: {self.recipe}{counted})"


def networks(
    input_dim: Range = 2,
    widths: Range = (1, 4),
    depth: Range = (1, 2),
    kind: Union[str, Sequence[str]] = "generic",
    domain: Any = (-1, 1),
) -> "st.SearchStrategy[NetworkCase]":
    """Random networks with their exact regions: ``input_dim`` (a number or an inclusive range
    ``(lo, hi)``), one width per hidden layer drawn from ``widths``, ``depth`` hidden layers,
    ``kind`` one of (or a list of) ``"generic"`` (binary64 weights from He, Xavier, PyTorch and
    orthogonal initialisations, PyTorch biases: general position with probability one),
    ``"degenerate"`` (integers in [-K, K], K = 1 or 2: parallel, concurrent and duplicated
    hyperplanes, dead neurons) and ``"zero-bias"`` (binary64 weights, every bias zero: every
    region a cone from the origin). The answer is on ``domain`` (default ``[-1, 1]^d``).
    Shrinks towards fewer and narrower layers, lower dimensions, the first kind and seed 0."""
    dims = _range(input_dim, "input_dim")
    width_range = _range(widths, "widths")
    depths = _range(depth, "depth")
    kinds = _kinds(kind, NETWORK_KINDS, "network")

    def inits(k: str) -> List[Tuple[str, str]]:
        if k == "degenerate":
            return [(f"integers:{K}", f"integers:{K}") for K in (1, 2)]
        bias = "pytorch" if k == "generic" else "zero"
        return [(init, bias) for init in FLOAT_INITS]

    @st.composite
    def draw(draw_: Any) -> NetworkCase:
        k = draw_(st.sampled_from(kinds))
        d = draw_(st.integers(*dims))
        layer_widths = draw_(
            st.lists(st.integers(*width_range), min_size=depths[0], max_size=depths[1])
        )
        init, bias = draw_(st.sampled_from(inits(k)))
        seed = draw_(st.integers(0, 2**64 - 1))
        return NetworkCase(k, d, layer_widths, init, bias, seed, domain)

    return draw()


class PolytopeCase:
    """A random polytope: ``inequalities`` (rows ``[b, a_1, ..., a_d]`` meaning
    ``b + a . x >= 0``) or ``points`` (its convex hull), exact ``int``/``Fraction`` values,
    with ``answer``, the dict of ``relupoly.polytope`` (vertices, facets with the input rows
    supporting them, f-vector, face lattice, pulling triangulation, exact volume)."""

    def __init__(self, kind: str, dim: int, representation: str, rows: List[list]) -> None:
        self.kind = kind
        self.dim = dim
        self.representation = representation
        self.rows = rows
        if representation == "inequalities":
            self.answer: dict = polytope(inequalities=rows)
        else:
            self.answer = polytope(vertices=rows)

    @property
    def inequalities(self) -> Optional[List[list]]:
        return self.rows if self.representation == "inequalities" else None

    @property
    def points(self) -> Optional[List[list]]:
        return self.rows if self.representation == "points" else None

    def rows_f64(self) -> numpy.ndarray:
        """The rows or points as a float64 array (exact: every number drawn is binary64)."""
        return numpy.array([[float(x) for x in row] for row in self.rows], dtype=numpy.float64)

    def __repr__(self) -> str:
        rows = [[str(x) for x in row] for row in self.rows]
        return (
            f"PolytopeCase({self.kind}, {self.representation}: {rows}, "
            f"f-vector {self.answer['f_vector']}, volume {self.answer['volume']})"
        )


_ONE = 1 << 20


def _number(kind: str, small: int) -> "st.SearchStrategy[Fraction]":
    fine = st.integers(-_ONE, _ONE).map(lambda k: Fraction(k, _ONE))
    if kind == "generic":
        return fine
    whole = st.integers(-small, small).map(Fraction)
    if kind == "degenerate":
        return whole
    return st.tuples(st.integers(-small, small), st.integers(-2, 2)).map(
        lambda kp: kp[0] + Fraction(kp[1], _ONE)
    )


def _exact(x: Fraction) -> Union[int, Fraction]:
    return x.numerator if x.denominator == 1 else x


def polytopes(
    dim: Range = 2,
    kind: Union[str, Sequence[str]] = "generic",
    representation: Union[str, Sequence[str]] = ("inequalities", "points"),
    extra: Range = (1, 8),
) -> "st.SearchStrategy[PolytopeCase]":
    """Random bounded full-dimensional polytopes with their exact answers, as the Rust kit
    draws them. ``kind``: ``"generic"`` (numbers ``k / 2^20`` in [-1, 1]: simple polytopes),
    ``"degenerate"`` (small integers: repeated and scaled rows, repeated points, constraints
    through vertices, coplanar points, rows with a zero normal) or ``"near-degenerate"`` (those
    integers moved by a multiple of ``2^-20`` up to ``2^-19``: almost coinciding vertices, almost
    parallel facets). ``representation``: ``"inequalities"`` (the box ``[-R, R]^d``, rows 0 to
    2d - 1, then ``extra`` random rows with ``b > 0``, so the origin is interior) or
    ``"points"`` (the corners of a simplex, then ``extra`` random points)."""
    dims = _range(dim, "dim")
    extras = _range(extra, "extra", least=0)
    kinds = _kinds(kind, POLYTOPE_KINDS, "polytope")
    representations = _kinds(representation, ("inequalities", "points"), "representation")

    @st.composite
    def draw(draw_: Any) -> PolytopeCase:
        k = draw_(st.sampled_from(kinds))
        rep = draw_(st.sampled_from(representations))
        d = draw_(st.integers(*dims))
        small = 1 if rep == "inequalities" else 2
        scale = 1 if k == "generic" else small
        width = d + 1 if rep == "inequalities" else d
        drawn = draw_(
            st.lists(
                st.lists(_number(k, small), min_size=width, max_size=width),
                min_size=extras[0],
                max_size=extras[1],
            )
        )
        if rep == "inequalities":
            # b := R + |b| > 0 keeps the origin strictly inside.
            drawn = [[scale + abs(row[0])] + row[1:] for row in drawn]
        if k != "generic" and drawn:
            copies = draw_(
                st.lists(st.tuples(st.integers(0, len(drawn) - 1), st.booleans()), max_size=2)
            )
            for which, scaled in copies:
                # A scaled row is the same inequality; a scaled point would be another point.
                factor = 2 if rep == "inequalities" and scaled else 1
                drawn.append([x * factor for x in drawn[which]])
        if rep == "inequalities":
            fixed = []
            for j in range(2 * d):
                row = [Fraction(0)] * (d + 1)
                row[0] = Fraction(scale)
                row[j // 2 + 1] = Fraction(1 if j % 2 == 0 else -1)
                fixed.append(row)
        else:
            fixed = [
                [Fraction(scale if corner == i + 1 else -scale) for i in range(d)]
                for corner in range(d + 1)
            ]
        rows = [[_exact(Fraction(x)) for x in row] for row in fixed + drawn]
        return PolytopeCase(k, d, rep, rows)

    return draw()
