"""relucent's polyhedral complexes against relupoly's exact regions.

`relucent <https://pypi.org/project/relucent/>`_ (``pip install relucent``) finds the regions
of a ReLU network over R^d in float64 by a search over neighbouring sign sequences
(``Complex(net).bfs()``). This module turns such a ``Complex`` into the engine document of
``relupoly compare`` (docs/compare.md), and moves networks between the two libraries with the
same binary64 weights, so that both look at the same function::

    import relucent, relupoly
    from relupoly.relucent import network_from_relucent

    relucent.set_seeds(0)
    cplx = relucent.Complex(relucent.mlp([2, 8, 8, 1]))
    cplx.bfs(nworkers=1)
    net = network_from_relucent(cplx)           # the same float64 weights, exactly
    print(relupoly.compare(net, cplx, domain="rd"))

relucent works over the whole space: compare with ``domain="rd"``. Nothing here imports
relucent except ``network_for_relucent``, which builds one of its networks.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any, Dict, List, Optional, Tuple

import numpy

__all__ = ["engine_output", "widths_of", "network_from_relucent", "network_for_relucent", "compare"]


def _relucent_network(source: Any) -> Any:
    """relucent's ``ReLUNetwork`` of a ``Complex`` (its ``net``) or of a network."""
    net = getattr(source, "net", source) if type(source).__name__ == "Complex" else source
    if not hasattr(net, "layers") or not hasattr(net.layers, "values"):
        raise TypeError(
            f"a relucent Complex or ReLUNetwork is expected, not {type(source).__name__}"
        )
    return net


def _canonical_layers(source: Any) -> List[Tuple[str, Any]]:
    """The network's layers as ``(class name, layer)``, by duck typing (``LinearLayer``,
    ``ReLULayer``, ``FlattenLayer``)."""
    return [(type(layer).__name__, layer) for layer in _relucent_network(source).layers.values()]


def widths_of(source: Any) -> List[int]:
    """The widths of the hidden layers of a relucent ``Complex`` or ``ReLUNetwork``: the
    ``LinearLayer``s directly followed by a ``ReLULayer`` (each neuron one entry of relucent's
    sign sequences, in order)."""
    layers = _canonical_layers(source)
    return [
        int(numpy.asarray(layer.weight).shape[0])
        for (kind, layer), (after, _) in zip(layers, layers[1:])
        if kind == "LinearLayer" and after == "ReLULayer"
    ]


def _pattern(sign_sequence: Any, widths: List[int]) -> List[str]:
    """relupoly's pattern of a relucent sign sequence: ``1`` where the sign is positive, ``0``
    where it is negative or zero (a neuron identically zero on the region)."""
    signs = numpy.asarray(sign_sequence).reshape(-1)
    if len(signs) != sum(widths):
        raise ValueError(
            f"a sign sequence of {len(signs)} entries, but the hidden layers have "
            f"{sum(widths)} neurons ({widths})"
        )
    pattern, start = [], 0
    for width in widths:
        pattern.append("".join("1" if s > 0 else "0" for s in signs[start : start + width]))
        start += width
    return pattern


def engine_output(
    complex: Any,
    *,
    name: Optional[str] = None,
    vertices: bool = True,
    facets: bool = True,
    neighbors: bool = True,
) -> dict:
    """The engine document of ``relupoly compare`` (docs/compare.md) for a relucent
    ``Complex`` whose search has run (``complex.bfs()``). Each cell becomes a region:

    - ``pattern``: its sign sequence ``ss_np``, ``1`` where positive, one string per hidden layer;
    - ``vertices``: ``vertices`` (Qhull's finite vertices; an unbounded cell lists only those);
    - ``facets``: ``len(shis)``, read after the dual graph ``G`` is built (relucent then
      re-syncs every cell's supporting hyperplanes from it);
    - ``bounded``: ``finite``;
    - ``neighbors``: its neighbours in the dual graph ``G``.

    ``vertices``, ``facets`` and ``neighbors`` set to ``False`` leave those keys out."""
    cells = list(complex)
    if not cells:
        raise ValueError("the relucent Complex has no cells: run its search first (complex.bfs())")
    widths = widths_of(complex)
    graph = complex.G if (neighbors or facets) else None
    index = {id(cell): i for i, cell in enumerate(cells)}
    adjacent: List[List[int]] = [[] for _ in cells]
    if graph is not None:
        for u, v in graph.edges():
            if id(u) in index and id(v) in index:
                adjacent[index[id(u)]].append(index[id(v)])
                adjacent[index[id(v)]].append(index[id(u)])
    regions = []
    for i, cell in enumerate(cells):
        region: dict = {"pattern": _pattern(cell.ss_np, widths)}
        if vertices:
            points = cell.vertices
            region["vertices"] = (
                [] if points is None else numpy.asarray(points, dtype=numpy.float64).tolist()
            )
        if facets:
            region["facets"] = len(cell.shis)
        region["bounded"] = bool(cell.finite)
        if neighbors:
            region["neighbors"] = sorted(set(adjacent[i]))
        regions.append(region)
    if name is None:
        try:
            import relucent

            name = f"relucent {relucent.__version__}"
        except (ImportError, AttributeError):
            name = "relucent"
    metadata: Dict[str, Any] = {"domain": "R^d", "adapter": "relupoly.relucent.engine_output"}
    for key in ("complete", "verified"):
        value = getattr(complex, key, None)
        if value is not None:
            metadata[key] = bool(value)
    return {"engine": name, "metadata": metadata, "regions": regions}


def network_from_relucent(source: Any) -> Any:
    """The relupoly ``Network`` of a relucent ``Complex`` (its ``net``) or ``ReLUNetwork``:
    every ``LinearLayer`` followed by a ``ReLULayer`` is a hidden layer, a last ``LinearLayer``
    without one the affine output; float64 weights are taken exactly. A ``FlattenLayer`` is
    allowed before the first ``LinearLayer`` (the input is then flattened row by row)."""
    from . import Network

    layers = _canonical_layers(source)
    hidden: List[Tuple[Any, Any]] = []
    output = None
    seen_linear = False
    for i, (kind, layer) in enumerate(layers):
        after = layers[i + 1][0] if i + 1 < len(layers) else None
        if kind == "FlattenLayer" and not seen_linear:
            continue
        if kind == "ReLULayer" and seen_linear and layers[i - 1][0] == "LinearLayer":
            continue
        if kind != "LinearLayer":
            raise ValueError(
                f"relucent layer {i} ({kind}): relupoly reads LinearLayer and ReLULayer (and "
                "a FlattenLayer before the first LinearLayer)"
            )
        seen_linear = True
        weight = numpy.asarray(layer.weight, dtype=numpy.float64)
        bias = numpy.asarray(layer.bias, dtype=numpy.float64).reshape(-1)
        if after == "ReLULayer":
            hidden.append((weight, bias))
        elif after is None:
            output = (weight, bias)
        else:
            raise ValueError(
                f"relucent layer {i} (LinearLayer): followed by {after}, not a ReLULayer"
            )
    if not hidden:
        raise ValueError("the relucent network has no hidden ReLU layer")
    return Network.from_arrays([w for w, _ in hidden], [b for _, b in hidden], output=output)


def _binary64(text: str, place: str) -> float:
    value = Fraction(text)
    rounded = float(value)
    if Fraction(rounded) != value:
        raise ValueError(
            f"{place}: {text} is not a binary64 value, so relucent (float64) would compute "
            "another network"
        )
    return rounded


def network_for_relucent(net: Any) -> Any:
    """The relucent ``ReLUNetwork`` computing exactly the relupoly network ``net`` (layers
    ``fc0, relu0, ..., out``), for ``relucent.Complex``. Every weight must be a binary64 value
    (relucent computes in float64) and every hidden layer plain ReLU; ``ValueError`` says
    which weight or layer is not. Needs relucent."""
    from relucent.model.model import LinearLayer, ReLULayer, ReLUNetwork

    document = json.loads(net.to_json("decimal"))

    def arrays(layer: dict, place: str) -> Tuple[numpy.ndarray, numpy.ndarray]:
        weights = [
            [_binary64(w, f"{place} weights, row {r}, column {c}") for c, w in enumerate(row)]
            for r, row in enumerate(layer["weights"])
        ]
        biases = [_binary64(b, f"{place} biases, entry {r}") for r, b in enumerate(layer["biases"])]
        return numpy.array(weights, dtype=numpy.float64), numpy.array(
            biases, dtype=numpy.float64
        ).reshape(1, -1)

    layers: dict = {}
    for l, layer in enumerate(document["layers"]):
        for key in ("negative_slope", "residual"):
            if key in layer:
                raise ValueError(
                    f"layer {l}: has a {key.replace('_', ' ')}; relucent's networks are plain ReLU"
                )
        weight, bias = arrays(layer, f"layer {l}")
        layers[f"fc{l}"] = LinearLayer(weight=weight, bias=bias)
        layers[f"relu{l}"] = ReLULayer()
    if document.get("output"):
        weight, bias = arrays(document["output"], "output")
        layers["out"] = LinearLayer(weight=weight, bias=bias)
    return ReLUNetwork(layers, input_shape=(int(document["input_dim"]),))


def compare(complex: Any, *, tolerance: float = 1e-6, net: Any = None) -> Any:
    """The searched relucent ``complex`` against the exact regions of its own network (or of
    ``net``) over R^d: a ``relupoly.Comparison``."""
    from . import compare as compare_engine

    network = net if net is not None else network_from_relucent(complex)
    return compare_engine(network, engine_output(complex), "rd", tolerance=tolerance)
